# Probe, run in a fresh pwsh by FirstList.Bench.ps1: the same first list with Invoke-RestMethod and a
# bearer header. The stopwatch starts at the first line, so pwsh's own start-up is outside it.
$watch = [Diagnostics.Stopwatch]::StartNew()
$answer = Invoke-RestMethod -Uri "$env:XT_BENCH_URL/v1.0/solutions/migrations/crossTenantMigrationJobs" -Headers @{ Authorization = "Bearer $env:XT_BENCH_TOKEN" }
$ms = $watch.Elapsed.TotalMilliseconds
"FIRST_LIST_MS $ms"
"JOBS $(@($answer.value).Count)"
