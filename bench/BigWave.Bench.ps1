<#
.SYNOPSIS
    A wave of -Users users (100,000) in -Jobs jobs (50 of 2,000), with instant state transitions, from a
    CSV to every job completed in one fresh pwsh: the wall time and the peak working set of that process
    (read inside it at the end). -Runs fresh processes: the median time and the largest peak.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param(
    [string] $Configuration = 'Release',
    [int] $Users = 100000,
    [int] $Jobs = 50,
    [double] $PollIntervalSec = 1,
    [int] $Runs = 3,
    [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$batch = [int][Math]::Ceiling($Users / $Jobs)
$csv = New-BenchUserCsv -Count $Users -Path (Join-Path ([IO.Path]::GetTempPath()) "xt-bench-bigwave-$PID.csv")
$probe = Join-Path $PSScriptRoot 'probes/WaveModule.ps1'

$emulator = Start-BenchEmulator -StepMilliseconds 0
try {
    $environment = @{ XT_BENCH_TOKEN = $emulator.Token; XT_BENCH_URL = $emulator.Url }
    $samples = foreach ($i in 1..$Runs) {
        Reset-XtEmulator $emulator
        $out = Invoke-BenchPwsh $probe @('-Manifest', $manifest, '-Shape', 'Cutover', '-CsvPath', $csv, '-WaveName', "big-wave-$i",
            '-BatchSize', $batch, '-PollIntervalSec', $PollIntervalSec) -Environment $environment
        $completed = [int](Get-BenchValue $out.Lines 'COMPLETED')
        if ($completed -ne $Jobs) { throw "Run $i completed $completed of $Jobs jobs: $($out.Lines -join ' | ')" }
        $stats = Get-XtEmulatorStats $emulator
        [pscustomobject]@{
            Run = $i; Ms = [double](Get-BenchValue $out.Lines 'WAVE_MS'); ReadyMs = [double](Get-BenchValue $out.Lines 'READY_MS')
            ProcessMs = $out.WallMs; PeakMB = [double](Get-BenchValue $out.Lines 'PEAK_MB'); Requests = [int]$stats.total
        }
    }
} finally {
    Stop-XtEmulatorHost $emulator
    Remove-Item $csv -ErrorAction SilentlyContinue
}

$process = Get-Median $samples.ProcessMs
$inside = Get-Median $samples.Ms
$peak = ($samples.PeakMB | Measure-Object -Maximum).Maximum
$size = '{0:N0}-user wave ({1} jobs of {2:N0}), instant transitions, CSV to completed, one fresh pwsh' -f $Users, $Jobs, $batch
$figures = @(
    New-BenchFigure -Figure "$size`: wall" `
        -Measured ('{0} for the whole process, {1} from its first line (median of {2})' -f (Format-Ms $process), (Format-Ms $inside), $Runs) `
        -Target '≤ 20 s wall' -Met ($process -le 20000) -Value $process
    New-BenchFigure -Figure "$size`: peak working set" `
        -Measured ('{0:0} MB (the largest of {1})' -f $peak, $Runs) `
        -Target '≤ 400 MB' -Met ($peak -le 400) -Value $peak
)
$details = @"
``bench/probes/WaveModule.ps1 -Shape Cutover`` in a fresh ``pwsh -NoProfile -NonInteractive -File`` per run, against the
emulator host with instant transitions (reset before each run): ``Import-Csv`` of $('{0:N0}' -f $Users) rows ``| New-XtMigrationJob -AutoSplit
-BatchSize $batch | Test-XtMigrationJob -Wait | Start-XtMigrationJob | Set-XtMigrationJob -CompleteAfterDateTime <now> -PassThru |
Wait-XtMigrationJob``, ``-PollIntervalSec $PollIntervalSec``, default ``-ThrottleLimit`` (4). The wall target is held against the whole
process as this one sees it (pwsh's start-up included); the in-process time runs from the probe's first line, and
"ready" is the import and the connection. The peak is ``[Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64``
read inside the process at the end.

| run | process wall (s) | from first line (s) | of which import + connect (ms) | requests | peak working set (MB) |
|---|---|---|---|---|---|
$(($samples | ForEach-Object { '| {0} | {1:0.0} | {2:0.0} | {3:0} | {4} | {5:0} |' -f $_.Run, ($_.ProcessMs / 1000), ($_.Ms / 1000), $_.ReadyMs, $_.Requests, $_.PeakMB }) -join "`n")
"@
Save-BenchResult -Bench '100,000-user wave' -Figures $figures -Details $details -Path $ResultPath
