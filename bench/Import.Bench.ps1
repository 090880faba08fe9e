<#
.SYNOPSIS
    Import time of the module in a fresh pwsh (a stopwatch around Import-Module, inside the process),
    and whether any SDK assembly (Microsoft.Graph*, Microsoft.Kiota*, Azure.*, Microsoft.Identity*)
    loaded at import. Median of -Runs fresh processes.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Runs = 9, [int] $WarmUp = 1, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$probe = Join-Path $PSScriptRoot 'probes/Import.ps1'

for ($w = 0; $w -lt $WarmUp; $w++) { $null = Invoke-BenchPwsh $probe @('-Manifest', $manifest) } # warm the file cache; not counted
$samples = foreach ($i in 1..$Runs) {
    $out = Invoke-BenchPwsh $probe @('-Manifest', $manifest)
    $sdk = Get-BenchValue $out.Lines 'SDK_LOADED'
    [pscustomobject]@{ Run = $i; ImportMs = [double](Get-BenchValue $out.Lines 'IMPORT_MS'); SdkCount = [int]($sdk -split ' ')[0]; Sdk = (($sdk -split ' ', 2) + '')[1] }
}
$median = Get-Median $samples.ImportMs
$max = ($samples.ImportMs | Measure-Object -Maximum).Maximum
$sdkLoaded = @($samples | Where-Object SdkCount -gt 0)
$sdkNames = ($sdkLoaded.Sdk | Select-Object -Unique) -join ', '
$figure = New-BenchFigure -Figure 'import (fresh pwsh, `Import-Module`)' `
    -Measured ("{0} median of {1} fresh processes (slowest {2}); SDK assemblies loaded at import: {3}" -f (Format-Ms $median), $Runs, (Format-Ms $max), $(if ($sdkLoaded) { $sdkNames } else { 'none' })) `
    -Target '≤ 60 ms, nothing of the SDK loaded' -Met ($median -le 60 -and -not $sdkLoaded) -Value $median

$details = @"
Each run: a fresh ``pwsh -NoProfile -NonInteractive -File bench/probes/Import.ps1``; a stopwatch around ``Import-Module``
inside the process. Per run (ms): $(($samples | ForEach-Object { '{0:0.0}' -f $_.ImportMs }) -join ', ').
"@
Save-BenchResult -Bench 'Import' -Figures $figure -Details $details -Path $ResultPath
