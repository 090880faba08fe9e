<#
.SYNOPSIS
    Import + connect (-AccessToken) + first list (Get-XtMigrationJob) in a fresh pwsh, against a fresh
    pwsh doing the same GET with Invoke-RestMethod and a bearer header. Both measure from inside the
    process with a stopwatch started at the script's first line, so pwsh's own start-up is outside
    both. The two run interleaved (module, REST, module, REST, ...); medians of -Runs each.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Runs = 9, [int] $Jobs = 10, [int] $WarmUp = 1, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$moduleProbe = Join-Path $PSScriptRoot 'probes/FirstListModule.ps1'
$restProbe = Join-Path $PSScriptRoot 'probes/FirstListRest.ps1'

$emulator = Start-BenchEmulator -StepMilliseconds 0
try {
    # One page of jobs (the service pages by 20), so that both sides send exactly one GET.
    $null = New-BenchJobs $emulator -Count ([Math]::Min($Jobs, 20)) -Prefix 'first-list'
    $environment = @{ XT_BENCH_TOKEN = $emulator.Token; XT_BENCH_URL = $emulator.Url }
    # Warm the file cache for both; not counted.
    for ($w = 0; $w -lt $WarmUp; $w++) {
        $null = Invoke-BenchPwsh $moduleProbe @('-Manifest', $manifest) -Environment $environment
        $null = Invoke-BenchPwsh $restProbe -Environment $environment
    }
    $module = @(); $rest = @()
    foreach ($i in 1..$Runs) {
        $m = Invoke-BenchPwsh $moduleProbe @('-Manifest', $manifest) -Environment $environment
        $r = Invoke-BenchPwsh $restProbe -Environment $environment
        foreach ($out in $m, $r) {
            $listed = [int](Get-BenchValue $out.Lines 'JOBS')
            if ($listed -ne [Math]::Min($Jobs, 20)) { throw "A probe listed $listed jobs, not $([Math]::Min($Jobs, 20))." }
        }
        $module += [double](Get-BenchValue $m.Lines 'FIRST_LIST_MS')
        $rest += [double](Get-BenchValue $r.Lines 'FIRST_LIST_MS')
    }
} finally {
    Stop-XtEmulatorHost $emulator
}
$moduleMedian = Get-Median $module
$restMedian = Get-Median $rest
$ratio = $moduleMedian / $restMedian
$figure = New-BenchFigure -Figure 'import + connect (-AccessToken) + first list (`Get-XtMigrationJob`), fresh pwsh' `
    -Measured ('{0} = {1:0.00}× (median of {2} fresh processes each)' -f (Format-Ms $moduleMedian), $ratio, $Runs) `
    -ComparedWith ('a fresh pwsh doing the same GET with Invoke-RestMethod: {0}' -f (Format-Ms $restMedian)) `
    -Target '≤ 0.75×' -Met ($ratio -le 0.75) -Value $ratio

$details = @"
Each side runs in its own fresh ``pwsh -NoProfile -NonInteractive -File``, alternately (module, REST, module, REST, ...);
each measures from its script's first line with a stopwatch, so pwsh's start-up is outside both. The tenant holds
$([Math]::Min($Jobs, 20)) jobs (one page). The module side: ``Import-Module``, ``Connect-XtMigration -AccessToken -Endpoint``,
``Get-XtMigrationJob`` (``bench/probes/FirstListModule.ps1``); the REST side: ``Invoke-RestMethod`` with an
``Authorization: Bearer`` header (``bench/probes/FirstListRest.ps1``), which pays for loading
Microsoft.PowerShell.Utility and its web cmdlets.

| run | module (ms) | Invoke-RestMethod (ms) |
|---|---|---|
$((1..$Runs | ForEach-Object { '| {0} | {1:0.0} | {2:0.0} |' -f $_, $module[$_ - 1], $rest[$_ - 1] }) -join "`n")
"@
Save-BenchResult -Bench 'First list' -Figures $figure -Details $details -Path $ResultPath
