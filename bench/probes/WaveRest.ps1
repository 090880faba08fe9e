# Probe, run in a fresh pwsh by Wave.Bench.ps1: bench/Invoke-RestWave.ps1 with a stopwatch from the first line.
param([Parameter(Mandatory)] [string] $CsvPath, [Parameter(Mandatory)] [string] $WaveName, [int] $BatchSize = 2000, [double] $PollIntervalSec = 1)
$watch = [Diagnostics.Stopwatch]::StartNew()
$jobs = @(& (Join-Path $PSScriptRoot '../Invoke-RestWave.ps1') -Endpoint $env:XT_BENCH_URL -Token $env:XT_BENCH_TOKEN -CsvPath $CsvPath -WaveName $WaveName `
    -SourceTenantId 12345678-1234-1234-1234-123456789012 -BatchSize $BatchSize -PollIntervalSec $PollIntervalSec -Workload Teams)
$ms = $watch.Elapsed.TotalMilliseconds
"WAVE_MS $ms"
"JOBS $($jobs.Count)"
"COMPLETED $(@($jobs | Where-Object status -eq 'completed').Count)"
"PEAK_MB $([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)"
