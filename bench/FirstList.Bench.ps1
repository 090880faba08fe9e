<#
.SYNOPSIS
    Import + connect (-AccessToken) + first list (Get-XtMigrationJob) in a fresh pwsh, against a fresh
    pwsh doing the same GET with Invoke-RestMethod and a bearer header, and a control (a one-cmdlet binary module
    sending the GET with a bare HttpClient). Each measures from inside the process with a stopwatch started at the
    script's first line, so pwsh's own start-up is outside it. They run in rounds whose order cycles through every
    permutation of the three (Get-BenchOrder; a -Runs that is a multiple of 6 balances them); medians of -Runs each,
    in fresh processes of the PowerShell this script runs in (the Bench task runs it in PowerShell laid out as
    Microsoft's release packages ship it: ReadyToRun). With -JitPwshHome, each round also runs the three in that
    PowerShell (the dotnet tool's, whose own assemblies are IL only), reported beside without a target.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Runs = 18, [int] $Jobs = 10, [int] $WarmUp = 1, [string] $JitPwshHome, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$moduleProbe = Join-Path $PSScriptRoot 'probes/FirstListModule.ps1'
$restProbe = Join-Path $PSScriptRoot 'probes/FirstListRest.ps1'
$controlProbe = Join-Path $PSScriptRoot 'probes/FirstListControl.ps1'
# A control, interleaved with both sides: a one-cmdlet binary module whose cmdlet sends the same GET with a bare
# HttpClient. What it takes is what any binary module pays for an import and a first request in a fresh pwsh.
$controlDir = Join-Path ([IO.Path]::GetTempPath()) "xt-bench-first-list-control-$PID"
$control = New-BenchControlModule -Directory $controlDir

$pageOfJobs = [Math]::Min($Jobs, 20)
$emulator = Start-BenchEmulator -StepMilliseconds 0
try {
    # One page of jobs (the service pages by 20), so that both sides send exactly one GET.
    $null = New-BenchJobs $emulator -Count $pageOfJobs -Prefix 'first-list'
    $environment = @{ XT_BENCH_TOKEN = $emulator.Token; XT_BENCH_URL = $emulator.Url }
    # Each PowerShell measured: this one, and with -JitPwshHome the IL-only one as well.
    $pwshes = @(Get-BenchPwshHomes -JitPwshHome $JitPwshHome)
    $homes = @($pwshes.Home); $kinds = @($pwshes.Kind)
    $sides = @(
        @{ Name = 'Module'; Probe = $moduleProbe; Arguments = @('-Manifest', $manifest) }
        @{ Name = 'Rest'; Probe = $restProbe; Arguments = @() }
        @{ Name = 'Control'; Probe = $controlProbe; Arguments = @('-Manifest', $control) }
    )
    $samples = foreach ($round in Invoke-BenchRounds $sides $pwshes -Runs $Runs -WarmUp $WarmUp -Environment $environment) {
        $m = $round.Out.Module; $r = $round.Out.Rest; $c = $round.Out.Control
        foreach ($o in $m, $r, $c) {
            $listed = [int](Get-BenchValue $o.Lines 'JOBS')
            if ($listed -ne $pageOfJobs) { throw "A probe listed $listed jobs, not $pageOfJobs." }
        }
        [pscustomobject]@{ Run = $round.Run; Kind = $round.Kind; ModuleMs = [double](Get-BenchValue $m.Lines 'FIRST_LIST_MS'); RestMs = [double](Get-BenchValue $r.Lines 'FIRST_LIST_MS')
            ControlMs = [double](Get-BenchValue $c.Lines 'FIRST_LIST_MS') }
    }
} finally {
    Stop-XtEmulatorHost $emulator
    Remove-Item $controlDir -Recurse -Force -ErrorAction SilentlyContinue
}
$version = $PSVersionTable.PSVersion
$figures = for ($h = 0; $h -lt $homes.Count; $h++) {
    $these = @($samples | Where-Object Kind -eq $kinds[$h])
    $moduleMedian = Get-Median $these.ModuleMs
    $restMedian = Get-Median $these.RestMs
    $controlMedian = Get-Median $these.ControlMs
    $ratio = $moduleMedian / $restMedian
    $measured = '{0} = {1:0.00}× (median of {2} fresh processes each)' -f (Format-Ms $moduleMedian), $ratio, $Runs
    $compared = ('a fresh pwsh doing the same GET with Invoke-RestMethod: {0} (control, not a target: a one-cmdlet binary module ' +
        'sending the GET with a bare HttpClient takes {1} = {2:0.00}×)') -f (Format-Ms $restMedian), (Format-Ms $controlMedian), ($controlMedian / $restMedian)
    if ($h -eq 0) {
        New-BenchFigure -Figure "import + connect (-AccessToken) + first list (``Get-XtMigrationJob``), fresh pwsh $version, $($kinds[$h])" `
            -Measured $measured -ComparedWith $compared -Target '— (reported: faster than the hand-written script; PowerShell itself sets the rest)' -Value $ratio
    } else {
        New-BenchFigure -Figure "import + connect + first list on the dotnet tool's pwsh $version ($($kinds[$h]))" `
            -Measured $measured -ComparedWith $compared -Target (Get-BenchReportedTarget) -Value $ratio
    }
}

$details = @"
Each side runs in its own fresh ``pwsh -NoProfile -NonInteractive -File``, in rounds of one run each whose order cycles
through the six permutations of the three, so that each side goes in each position, and follows each other side, equally
often (a fresh process's time depends on the process just before it: see the README's Performance section);
each measures from its script's first line with a stopwatch, so pwsh's start-up is outside both. The tenant holds
$pageOfJobs jobs (one page). The module side: ``Import-Module``, ``Connect-XtMigration -AccessToken -Endpoint``,
``Get-XtMigrationJob`` (``bench/probes/FirstListModule.ps1``); the REST side: ``Invoke-RestMethod`` with an
``Authorization: Bearer`` header (``bench/probes/FirstListRest.ps1``), which pays for loading
Microsoft.PowerShell.Utility and its web cmdlets. Interleaved with both, a control (``bench/probes/FirstListControl.ps1``):
a one-cmdlet binary module with a manifest (built by the benchmark), whose cmdlet sends the same GET through a bare
``HttpClient`` and counts the jobs with ``JsonDocument``: the import and the first request that any binary module pays,
with no token handling, checks, retries or objects of its own.$(if ($homes.Count -gt 1) { @"
 Each round runs the three in both PowerShells in turn: $($kinds[0]) (the target's), then $($kinds[1]) (the dotnet tool's).
"@ })

| run | PowerShell | module (ms) | Invoke-RestMethod (ms) | control (ms) |
|---|---|---|---|---|
$(($samples | ForEach-Object { '| {0} | {1} | {2:0.0} | {3:0.0} | {4:0.0} |' -f $_.Run, $_.Kind, $_.ModuleMs, $_.RestMs, $_.ControlMs }) -join "`n")
"@
Save-BenchResult -Bench 'First list' -Figures $figures -Details $details -Path $ResultPath
