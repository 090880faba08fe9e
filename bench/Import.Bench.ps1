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

# A control, interleaved with the module: a binary module of one cmdlet with a manifest, built here, which
# shows what importing any binary module costs in a fresh pwsh on this machine.
$controlDir = Join-Path ([IO.Path]::GetTempPath()) "xt-bench-control-$PID"
New-Item -ItemType Directory -Force $controlDir | Out-Null
Add-Type -OutputAssembly (Join-Path $controlDir 'BenchControl.dll') -OutputType Library -TypeDefinition @'
using System.Management.Automation;
namespace BenchControl
{
    [Cmdlet(VerbsCommon.Get, "BenchControl")]
    public sealed class GetBenchControlCommand : PSCmdlet { protected override void ProcessRecord() { WriteObject(1); } }
}
'@
New-ModuleManifest -Path (Join-Path $controlDir 'BenchControl.psd1') -RootModule 'BenchControl.dll' -CmdletsToExport 'Get-BenchControl' `
    -FunctionsToExport @() -AliasesToExport @() -VariablesToExport @()
$control = Join-Path $controlDir 'BenchControl.psd1'

try {
    for ($w = 0; $w -lt $WarmUp; $w++) { $null = Invoke-BenchPwsh $probe @('-Manifest', $manifest); $null = Invoke-BenchPwsh $probe @('-Manifest', $control) } # warm the file cache; not counted
    $samples = foreach ($i in 1..$Runs) {
        $out = Invoke-BenchPwsh $probe @('-Manifest', $manifest)
        $sdk = Get-BenchValue $out.Lines 'SDK_LOADED'
        $controlOut = Invoke-BenchPwsh $probe @('-Manifest', $control)
        [pscustomobject]@{
            Run = $i; ImportMs = [double](Get-BenchValue $out.Lines 'IMPORT_MS'); SdkCount = [int]($sdk -split ' ')[0]; Sdk = (($sdk -split ' ', 2) + '')[1]
            ControlMs = [double](Get-BenchValue $controlOut.Lines 'IMPORT_MS')
        }
    }
} finally {
    Remove-Item $controlDir -Recurse -Force -ErrorAction SilentlyContinue
}
$median = Get-Median $samples.ImportMs
$controlMedian = Get-Median $samples.ControlMs
$max = ($samples.ImportMs | Measure-Object -Maximum).Maximum
$sdkLoaded = @($samples | Where-Object SdkCount -gt 0)
$sdkNames = ($sdkLoaded.Sdk | Select-Object -Unique) -join ', '
$figure = New-BenchFigure -Figure 'import (fresh pwsh, `Import-Module`)' `
    -Measured ("{0} median of {1} fresh processes (slowest {2}); SDK assemblies loaded at import: {3}" -f (Format-Ms $median), $Runs, (Format-Ms $max), $(if ($sdkLoaded) { $sdkNames } else { 'none' })) `
    -ComparedWith ("— (control, not a target: a one-cmdlet binary module imports in {0})" -f (Format-Ms $controlMedian)) `
    -Target '≤ 60 ms, nothing of the SDK loaded' -Met ($median -le 60 -and -not $sdkLoaded) -Value $median

$details = @"
Each run: a fresh ``pwsh -NoProfile -NonInteractive -File bench/probes/Import.ps1``; a stopwatch around ``Import-Module``
inside the process, and the names of the assemblies in the process (every load context) afterwards. Interleaved with
each run, a control: the same probe importing a binary module of one cmdlet with a manifest (built by the benchmark with
``Add-Type``), the floor any binary module pays in a fresh pwsh on this machine.

| run | CrossTenantMigration (ms) | control (ms) |
|---|---|---|
$(($samples | ForEach-Object { '| {0} | {1:0.0} | {2:0.0} |' -f $_.Run, $_.ImportMs, $_.ControlMs }) -join "`n")
"@
Save-BenchResult -Bench 'Import' -Figures $figure -Details $details -Path $ResultPath
