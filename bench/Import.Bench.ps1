<#
.SYNOPSIS
    Import time of the module in a fresh pwsh (a stopwatch around Import-Module, inside the process),
    and whether any SDK assembly (Microsoft.Graph*, Microsoft.Kiota*, Azure.*, Microsoft.Identity*)
    loaded at import. Median of -Runs fresh processes of the PowerShell this script runs in (the Bench task runs it
    in PowerShell laid out as Microsoft's release packages ship it: ReadyToRun). With -JitPwshHome, the same rotation
    also runs in that PowerShell (the dotnet tool's, whose own assemblies are IL only), reported beside without a target.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Runs = 10, [int] $WarmUp = 1, [string] $JitPwshHome, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$probe = Join-Path $PSScriptRoot 'probes/Import.ps1'

# A control, interleaved with the module: a binary module of one cmdlet with a manifest, built here, which
# shows what importing any binary module costs in a fresh pwsh on this machine.
$controlDir = Join-Path ([IO.Path]::GetTempPath()) "xt-bench-control-$PID"
$control = New-BenchControlModule -Directory $controlDir

# Each PowerShell measured: this one, and with -JitPwshHome the IL-only one as well.
$pwshes = @(Get-BenchPwshHomes -JitPwshHome $JitPwshHome)
$homes = @($pwshes.Home); $kinds = @($pwshes.Kind)
$sides = @(
    @{ Name = 'Module'; Probe = $probe; Arguments = @('-Manifest', $manifest) }
    @{ Name = 'Control'; Probe = $probe; Arguments = @('-Manifest', $control) }
)
try {
    $samples = foreach ($round in Invoke-BenchRounds $sides $pwshes -Runs $Runs -WarmUp $WarmUp) {
        $out = $round.Out.Module; $controlOut = $round.Out.Control
        $sdk = Get-BenchValue $out.Lines 'SDK_LOADED'
        [pscustomobject]@{
            Run = $round.Run; Kind = $round.Kind; ImportMs = [double](Get-BenchValue $out.Lines 'IMPORT_MS'); SdkCount = [int]($sdk -split ' ')[0]; Sdk = (($sdk -split ' ', 2) + '')[1]
            ControlMs = [double](Get-BenchValue $controlOut.Lines 'IMPORT_MS')
        }
    }
} finally {
    Remove-Item $controlDir -Recurse -Force -ErrorAction SilentlyContinue
}

$version = $PSVersionTable.PSVersion
$figures = for ($h = 0; $h -lt $homes.Count; $h++) {
    $these = @($samples | Where-Object Kind -eq $kinds[$h])
    $median = Get-Median $these.ImportMs
    $controlMedian = Get-Median $these.ControlMs
    $max = ($these.ImportMs | Measure-Object -Maximum).Maximum
    $sdkLoaded = @($these | Where-Object SdkCount -gt 0)
    $sdkNames = ($sdkLoaded.Sdk | Select-Object -Unique) -join ', '
    $measured = "{0} median of {1} fresh processes (slowest {2}); SDK assemblies loaded at import: {3}" -f (Format-Ms $median), $Runs, (Format-Ms $max), $(if ($sdkLoaded) { $sdkNames } else { 'none' })
    $compared = "— (control, not a target: a one-cmdlet binary module imports in {0})" -f (Format-Ms $controlMedian)
    if ($h -eq 0) {
        New-BenchFigure -Figure "import (fresh pwsh $version, $($kinds[$h]), ``Import-Module``)" -Measured $measured -ComparedWith $compared `
            -Target '≤ 60 ms, nothing of the SDK loaded' -Met ($median -le 60 -and -not $sdkLoaded) -Value $median
    } else {
        New-BenchFigure -Figure "import on the dotnet tool's pwsh $version ($($kinds[$h]): PowerShell's own code JIT-compiled as it runs)" -Measured $measured -ComparedWith $compared `
            -Target (Get-BenchReportedTarget) -Value $median
    }
}

$details = @"
Each run: a fresh ``pwsh -NoProfile -NonInteractive -File bench/probes/Import.ps1``; a stopwatch around ``Import-Module``
inside the process, and the names of the assemblies in the process (every load context) afterwards. Interleaved with
each run, a control: the same probe importing a binary module of one cmdlet with a manifest (built by the benchmark with
``Add-Type``), the floor any binary module pays in a fresh pwsh on this machine. The two take turns to go first (Get-BenchOrder).$(if ($homes.Count -gt 1) { @"
 Each round runs both PowerShells in turn: $($kinds[0]) (the target's), then $($kinds[1]) (the dotnet tool's).
"@ })

| run | PowerShell | CrossTenantMigration (ms) | control (ms) |
|---|---|---|---|
$(($samples | ForEach-Object { '| {0} | {1} | {2:0.0} | {3:0.0} |' -f $_.Run, $_.Kind, $_.ImportMs, $_.ControlMs }) -join "`n")
"@
Save-BenchResult -Bench 'Import' -Figures $figures -Details $details -Path $ResultPath
