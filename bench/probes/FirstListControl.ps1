# Probe, run in a fresh pwsh by FirstList.Bench.ps1: the control's first list. It imports the one-cmdlet binary
# module that the benchmark builds (New-BenchControlModule), whose cmdlet sends the GET with a bare HttpClient and
# counts the jobs with JsonDocument. The stopwatch starts at the first line, so pwsh's own start-up is outside it.
param([Parameter(Mandatory)] [string] $Manifest)
$watch = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Manifest
$count = Get-BenchControl -Uri "$env:XT_BENCH_URL/v1.0/solutions/migrations/crossTenantMigrationJobs" -Token $env:XT_BENCH_TOKEN
$ms = $watch.Elapsed.TotalMilliseconds
"FIRST_LIST_MS $ms"
"JOBS $count"
