<#
.SYNOPSIS
    A wave of -Users users (10,000) in -Jobs jobs (5 of 2,000), validated and migrated to completed, with
    service steps of -StepMilliseconds (1 s) and polls every -PollIntervalSec (1 s), the cutover brought
    forward to now once migrating: the module's pipeline against bench/Invoke-RestWave.ps1, the sequential
    Invoke-RestMethod script an administrator writes. Each run is a fresh pwsh with a stopwatch from its
    script's first line; the sides run interleaved (module, REST, module with Start -Wait, ...); medians
    of -Runs each.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param(
    [string] $Configuration = 'Release',
    [int] $Users = 10000,
    [int] $Jobs = 5,
    [int] $StepMilliseconds = 1000,
    [double] $PollIntervalSec = 1,
    [int] $Runs = 3,
    [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$batch = [int][Math]::Ceiling($Users / $Jobs)
$csv = New-BenchUserCsv -Count $Users -Path (Join-Path ([IO.Path]::GetTempPath()) "xt-bench-wave-$PID.csv")

$sides = [ordered]@{
    Module    = @{ Probe = 'probes/WaveModule.ps1'; Arguments = @('-Manifest', $manifest, '-Shape', 'Cutover') }
    Rest      = @{ Probe = 'probes/WaveRest.ps1'; Arguments = @() }
    StartWait = @{ Probe = 'probes/WaveModule.ps1'; Arguments = @('-Manifest', $manifest, '-Shape', 'StartWait') }
}
$emulator = Start-BenchEmulator -StepMilliseconds $StepMilliseconds
try {
    $environment = @{ XT_BENCH_TOKEN = $emulator.Token; XT_BENCH_URL = $emulator.Url }
    $samples = foreach ($i in 1..$Runs) {
        foreach ($side in $sides.Keys) {
            Reset-XtEmulator $emulator # a tenant of this wave only; the token stays valid
            $wave = 'wave-{0}-{1}' -f $side.ToLowerInvariant(), $i
            $arguments = $sides[$side].Arguments + @('-CsvPath', $csv, '-WaveName', $wave, '-BatchSize', $batch, '-PollIntervalSec', $PollIntervalSec)
            $out = Invoke-BenchPwsh (Join-Path $PSScriptRoot $sides[$side].Probe) $arguments -Environment $environment
            $completed = [int](Get-BenchValue $out.Lines 'COMPLETED')
            if ($completed -ne $Jobs) { throw "$side run $i completed $completed of $Jobs jobs: $($out.Lines -join ' | ')" }
            $stats = Get-XtEmulatorStats $emulator
            [pscustomobject]@{
                Run = $i; Side = $side; Ms = [double](Get-BenchValue $out.Lines 'WAVE_MS'); ProcessMs = $out.WallMs
                Requests = [int]$stats.total; PeakMB = [double](Get-BenchValue $out.Lines 'PEAK_MB')
            }
        }
    }
} finally {
    Stop-XtEmulatorHost $emulator
    Remove-Item $csv -ErrorAction SilentlyContinue
}

function MedianOf([string] $side, [string] $property) { Get-Median @($samples | Where-Object Side -eq $side | ForEach-Object $property) }
$module = MedianOf Module Ms; $rest = MedianOf Rest Ms; $startWait = MedianOf StartWait Ms
$size = '{0:N0}-user wave ({1} jobs of {2:N0}), {3} s polls, service steps of {4} s' -f $Users, $Jobs, $batch, $PollIntervalSec, ($StepMilliseconds / 1000)
$restText = 'the sequential Invoke-RestMethod script (`bench/Invoke-RestWave.ps1`): {0}' -f (Format-Ms $rest)
$figures = @(
    New-BenchFigure -Figure "$size`: ``New-XtMigrationJob -AutoSplit | Test-XtMigrationJob -Wait | Start-XtMigrationJob | Set-XtMigrationJob`` (cutover now) ``| Wait-XtMigrationJob``" `
        -Measured ('{0} = {1:0.00}× (median of {2} fresh processes each)' -f (Format-Ms $module), ($module / $rest), $Runs) `
        -ComparedWith $restText -Target '≤ 0.33×' -Met (($module / $rest) -le 0.33) -Value ($module / $rest)
    New-BenchFigure -Figure "the same wave with ``… | Test-XtMigrationJob -Wait | Set-XtMigrationJob`` (cutover now) ``| Start-XtMigrationJob -Wait``" `
        -Measured ('{0} = {1:0.00}× (median of {2})' -f (Format-Ms $startWait), ($startWait / $rest), $Runs) `
        -ComparedWith $restText -Target '≤ 0.33×' -Met (($startWait / $rest) -le 0.33) -Value ($startWait / $rest)
)
$details = @"
The emulator host over HTTP with service steps of $($StepMilliseconds / 1000) s (validation takes 3 steps, migration with the cutover
due 3 steps: processing, inProgress, cuttingOver), reset before each run. Every run is a fresh
``pwsh -NoProfile -NonInteractive -File`` measured from its script's first line (the import, the connection and reading
the $('{0:N0}' -f $Users)-row CSV count); the sides alternate within each round. Module runs use the defaults (``-ThrottleLimit 4``)
and ``-PollIntervalSec $PollIntervalSec``.

- **module** (``bench/probes/WaveModule.ps1 -Shape Cutover``): ``Import-Csv | New-XtMigrationJob -AutoSplit | Test-XtMigrationJob -Wait |
  Start-XtMigrationJob | Set-XtMigrationJob -CompleteAfterDateTime <now> -PassThru | Wait-XtMigrationJob``. This is the
  figure the target applies to: ``Start-XtMigrationJob -Wait`` cannot be followed by the cutover in the same pipeline
  (it writes nothing until its jobs have completed, and a job syncs until its cutover date), so the wait moves behind
  ``Set-XtMigrationJob``; the cutover is brought forward once each job is migrating, as the REST script does.
- **REST** (``bench/probes/WaveRest.ps1`` running ``bench/Invoke-RestWave.ps1``): create, validate, poll every
  $PollIntervalSec s until validated, migrate, PATCH the cutover, poll until completed; one job after another.
- **Start -Wait** (``-Shape StartWait``): ``… | Test-XtMigrationJob -Wait | Set-XtMigrationJob -CompleteAfterDateTime <now> -PassThru |
  Start-XtMigrationJob -Wait``: the cutover is brought forward while the jobs are validated, just before migrating;
  the service (emulator) gives a migration the same three steps either way.

| run | side | in-process (s) | process wall (s) | requests | peak working set (MB) |
|---|---|---|---|---|---|
$(($samples | ForEach-Object { '| {0} | {1} | {2:0.0} | {3:0.0} | {4} | {5:0} |' -f $_.Run, $_.Side, ($_.Ms / 1000), ($_.ProcessMs / 1000), $_.Requests, $_.PeakMB }) -join "`n")
"@
Save-BenchResult -Bench '10,000-user wave' -Figures $figures -Details $details -Path $ResultPath
