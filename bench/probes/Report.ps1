# Probe, run in a fresh pwsh by Report.Bench.ps1: Export-XtMigrationReport of the jobs whose names match
# -Pattern, timed from before the import, with the peak working set read at the end.
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $Pattern,
    [Parameter(Mandatory)] [string] $Path,
    [Parameter(Mandatory)] [string] $Format
)
$watch = [Diagnostics.Stopwatch]::StartNew()
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
Connect-XtMigration -AccessToken ([Net.NetworkCredential]::new('', $env:XT_BENCH_TOKEN).SecurePassword) -Endpoint $env:XT_BENCH_URL
$ready = $watch.Elapsed.TotalMilliseconds
$file = Export-XtMigrationReport -DisplayName $Pattern -Path $Path -Format $Format -PassThru
$ms = $watch.Elapsed.TotalMilliseconds
"READY_MS $ready"
"REPORT_MS $($ms - $ready)"
"BYTES $($file.Length)"
"PEAK_MB $([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)"
