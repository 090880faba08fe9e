# Probe, run in a fresh pwsh by Import.Bench.ps1: how long Import-Module takes, and what it loads.
param([Parameter(Mandatory)] [string] $Manifest)
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Manifest
$ms = $watch.Elapsed.TotalMilliseconds
$sdk = @([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -match '^(Microsoft\.Graph|Microsoft\.Kiota|Azure\.|Microsoft\.Identity)')
"IMPORT_MS $ms"
"SDK_LOADED $($sdk.Count) $($sdk -join ',')"
