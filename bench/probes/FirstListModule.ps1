# Probe, run in a fresh pwsh by FirstList.Bench.ps1: import, connect with a token, list the jobs.
# The stopwatch starts at the first line, so pwsh's own start-up is outside it.
param([Parameter(Mandatory)] [string] $Manifest)
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Manifest
Connect-XtMigration -AccessToken ([Net.NetworkCredential]::new('', $env:XT_BENCH_TOKEN).SecurePassword) -Endpoint $env:XT_BENCH_URL
$jobs = @(Get-XtMigrationJob)
$ms = $watch.Elapsed.TotalMilliseconds
"FIRST_LIST_MS $ms"
"JOBS $($jobs.Count)"
