<#
.SYNOPSIS
    Export-XtMigrationReport of a wave of -Jobs jobs of -UsersPerJob users (50 of 2,000: 100,000 users), one
    in a hundred of whom failed migration, as HTML, CSV and JSON, each in a fresh pwsh against the emulator
    host: the time and the peak working set. The same HTML report of a wave a tenth the size (-Jobs / 10) shows
    that memory follows a few jobs' users, not the wave's.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param(
    [string] $Configuration = 'Release',
    [int] $Jobs = 50,
    [int] $UsersPerJob = 2000,
    [int] $Runs = 3,
    [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
Import-Module (Get-XtManifestPath) -Force
$manifest = Get-XtManifestPath
$probe = Join-Path $PSScriptRoot 'probes/Report.ps1'
$small = [Math]::Max(1, [int]($Jobs / 10))
$out = Join-Path ([IO.Path]::GetTempPath()) "xt-bench-report-$PID"
$null = New-Item -ItemType Directory -Force $out

# Makes a wave of completed jobs in the emulator, with one user in a hundred failing migration.
function New-ReportWave([string] $Name, [int] $Count) {
    $users = for ($j = 0; $j -lt $Count; $j++) {
        $ids = @(New-XtTestUserId -Count $UsersPerJob)
        for ($u = 99; $u -lt $UsersPerJob; $u += 100) { $ids[$u] = New-XtTestUserId -Count 1 -Prefix 'fa11' }
        $ids
    }
    $null = $users | New-XtMigrationJob -DisplayName $Name -AutoSplit -BatchSize $UsersPerJob -SourceTenantId (Get-BenchSourceTenant) `
        -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Exchange, ODSP, Teams -TargetDeliveryDomain fabrikam.onmicrosoft.com `
        -SourceEndpoint EXOHandler -Confirm:$false |
        Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -Confirm:$false |
        Start-XtMigrationJob -Confirm:$false |
        Set-XtMigrationJob -CompleteAfterDateTime ([DateTimeOffset]::UtcNow) -PassThru -Confirm:$false -WarningAction SilentlyContinue |
        Wait-XtMigrationJob -PollIntervalSec 0.2
}

$emulator = Start-BenchEmulator -StepMilliseconds 0
try {
    Connect-BenchModule $emulator
    New-ReportWave 'report-big' $Jobs
    New-ReportWave 'report-small' $small
    $environment = @{ XT_BENCH_TOKEN = $emulator.Token; XT_BENCH_URL = $emulator.Url }
    $cases = @(
        @{ Name = 'big'; Pattern = 'report-big-*'; Format = 'Html'; Jobs = $Jobs }
        @{ Name = 'big'; Pattern = 'report-big-*'; Format = 'Csv'; Jobs = $Jobs }
        @{ Name = 'big'; Pattern = 'report-big-*'; Format = 'Json'; Jobs = $Jobs }
        @{ Name = 'small'; Pattern = 'report-small*'; Format = 'Html'; Jobs = $small }
    )
    $samples = foreach ($case in $cases) {
        foreach ($i in 1..$Runs) {
            $path = Join-Path $out "$($case.Name).$($case.Format.ToLowerInvariant())"
            $run = Invoke-BenchPwsh $probe @('-Manifest', $manifest, '-Pattern', $case.Pattern, '-Path', $path, '-Format', $case.Format) -Environment $environment
            [pscustomobject]@{
                Case = "$($case.Format), $($case.Jobs) jobs"; Format = $case.Format; Jobs = $case.Jobs; Users = $case.Jobs * $UsersPerJob
                Ms = [double](Get-BenchValue $run.Lines 'REPORT_MS'); PeakMB = [double](Get-BenchValue $run.Lines 'PEAK_MB')
                MB = [double](Get-BenchValue $run.Lines 'BYTES') / 1MB
            }
        }
    }
} finally {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $emulator
    Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
}

$byCase = $samples | Group-Object Case | ForEach-Object {
    [pscustomobject]@{
        Case = $_.Name; Format = $_.Group[0].Format; Jobs = $_.Group[0].Jobs; Users = $_.Group[0].Users
        Ms = Get-Median $_.Group.Ms; PeakMB = ($_.Group.PeakMB | Measure-Object -Maximum).Maximum; MB = $_.Group[0].MB
    }
}
$bigHtml = $byCase | Where-Object { $_.Format -eq 'Html' -and $_.Jobs -eq $Jobs }
$smallHtml = $byCase | Where-Object { $_.Format -eq 'Html' -and $_.Jobs -eq $small }
$growth = $bigHtml.PeakMB - $smallHtml.PeakMB
$size = '{0:N0}-user report ({1} jobs of {2:N0})' -f ($Jobs * $UsersPerJob), $Jobs, $UsersPerJob
$figures = @(
    foreach ($c in $byCase | Where-Object Jobs -eq $Jobs) {
        New-BenchFigure -Figure "$size, $($c.Format): time" -Measured ('{0} (median of {1}), {2:0.0} MB written' -f (Format-Ms $c.Ms), $Runs, $c.MB) -Value $c.Ms
    }
    New-BenchFigure -Figure "$size, HTML: peak working set against a wave of $small job(s)" `
        -Measured ('{0:0} MB for {1:N0} users, {2:0} MB for {3:N0}: {4:+0;-0} MB for {5:0}× the users' -f $bigHtml.PeakMB, $bigHtml.Users, $smallHtml.PeakMB, $smallHtml.Users, $growth, ($Jobs / $small)) `
        -Target 'memory of a few jobs'' users, not the wave''s: ≤ 50 MB more for the larger wave' -Met ($growth -le 50) -Value $bigHtml.PeakMB
)
$details = @"
``bench/probes/Report.ps1`` in a fresh ``pwsh -NoProfile -NonInteractive -File`` per run: import, connect, then
``Export-XtMigrationReport -DisplayName <wave>-* -Path <file> -Format <format>`` with the default ``-ThrottleLimit`` (4), against the
emulator host (its default page of users). The waves were made before, completed, with one user in a hundred failed on every
workload. Time is the report alone (after the import and the connection); the peak is the process's ``PeakWorkingSet64``.

| report | users | median time | file (MB) | peak working set (MB, largest of $Runs) |
|---|---|---|---|---|
$(($byCase | ForEach-Object { '| {0} | {1:N0} | {2} | {3:0.0} | {4:0} |' -f $_.Case, $_.Users, (Format-Ms $_.Ms), $_.MB, $_.PeakMB }) -join "`n")
"@
Save-BenchResult -Bench 'Report' -Figures $figures -Details $details -Path $ResultPath
