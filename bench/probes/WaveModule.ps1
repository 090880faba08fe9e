# Probe, run in a fresh pwsh by Wave.Bench.ps1 and BigWave.Bench.ps1: a wave through the module's pipeline,
# with a stopwatch from the first line (the import and the connection count).
#   -Shape Cutover   New -AutoSplit | Test -Wait | Start | Set (cutover now) -PassThru | Wait-XtMigrationJob
#                    (the cutover is brought forward once each job is migrating, as the REST script does)
#   -Shape StartWait New -AutoSplit | Test -Wait | Set (cutover now) -PassThru | Start -Wait
#                    (Start-XtMigrationJob -Wait itself; the cutover is brought forward just before migrating)
param(
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $WaveName,
    [ValidateSet('Cutover', 'StartWait')] [string] $Shape = 'Cutover',
    [int] $BatchSize = 2000,
    [double] $PollIntervalSec = 1,
    [int] $ThrottleLimit = 4
)
$watch = [Diagnostics.Stopwatch]::StartNew()
$ErrorActionPreference = 'Stop'
Import-Module $Manifest
Connect-XtMigration -AccessToken ([Net.NetworkCredential]::new('', $env:XT_BENCH_TOKEN).SecurePassword) -Endpoint $env:XT_BENCH_URL
$ready = $watch.Elapsed.TotalMilliseconds
$new = @{
    DisplayName = $WaveName; AutoSplit = $true; BatchSize = $BatchSize; SourceTenantId = '12345678-1234-1234-1234-123456789012'
    CompleteAfterDateTime = (Get-Date).AddDays(1); Workload = 'Teams'; ThrottleLimit = $ThrottleLimit; Confirm = $false
}
$act = @{ ThrottleLimit = $ThrottleLimit; Confirm = $false }
$cutover = @{ CompleteAfterDateTime = [DateTimeOffset]::UtcNow; PassThru = $true; ThrottleLimit = $ThrottleLimit; Confirm = $false; WarningAction = 'SilentlyContinue' }
$jobs = if ($Shape -eq 'Cutover') {
    @(Import-Csv $CsvPath | New-XtMigrationJob @new |
        Test-XtMigrationJob -Wait -PollIntervalSec $PollIntervalSec @act |
        Start-XtMigrationJob @act |
        Set-XtMigrationJob @cutover |
        Wait-XtMigrationJob -PollIntervalSec $PollIntervalSec -ThrottleLimit $ThrottleLimit)
} else {
    @(Import-Csv $CsvPath | New-XtMigrationJob @new |
        Test-XtMigrationJob -Wait -PollIntervalSec $PollIntervalSec @act |
        Set-XtMigrationJob @cutover |
        Start-XtMigrationJob -Wait -PollIntervalSec $PollIntervalSec @act)
}
$ms = $watch.Elapsed.TotalMilliseconds
"READY_MS $ready"
"WAVE_MS $ms"
"JOBS $($jobs.Count)"
"COMPLETED $(@($jobs | Where-Object Status -eq 'completed').Count)"
"PEAK_MB $([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)"
