<#
.SYNOPSIS
    What one poll interval costs when a wait covers many jobs, in requests counted by the emulator's
    statistics: Wait-XtMigrationJob over -Jobs jobs (50) that do not move, in a tenant where they are
    the newest jobs and in one where -Buried newer jobs (200) bury them; compared with one GET per job.
.DESCRIPTION
    Whatever a wait sends before it starts waiting, the requests of one interval are isolated by
    difference: a wait of -TimeoutSec 1 -PollIntervalSec 60 reads the jobs twice (at the start and at the
    deadline), one of -TimeoutSec 2 -PollIntervalSec 1 three times (0, 1 and 2 s); the second counts one
    interval more. Each is run -Runs times and must count the same.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Jobs = 50, [int] $Buried = 200, [int] $Runs = 2, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force

function Measure-Requests([scriptblock] $work) {
    Reset-XtEmulatorStats $emulator
    & $work
    [int](Get-XtEmulatorStats $emulator).total
}

# A step of an hour: submitted jobs stay submitted, and a wait on them never ends by itself.
$emulator = Start-BenchEmulator -StepMilliseconds 3600000
try {
    Import-Module (Get-XtManifestPath)
    Connect-BenchModule $emulator
    $tenants = [ordered]@{
        ("the $Jobs are the newest jobs") = 0
        ("$Buried newer jobs bury the $Jobs") = $Buried
    }
    $measured = @()
    foreach ($tenant in $tenants.Keys) {
        Reset-XtEmulator $emulator
        $ids = @(New-BenchJobs $emulator -Count $Jobs -Prefix 'polled')
        if ($tenants[$tenant] -gt 0) { $null = New-BenchJobs $emulator -Count $tenants[$tenant] -Prefix 'newer' }
        $wait = @{ Id = $ids; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
        $two = @(); $three = @(); $each = @()
        foreach ($i in 1..$Runs) {
            $two += Measure-Requests { $null = Wait-XtMigrationJob @wait -TimeoutSec 1 -PollIntervalSec 60 }
            $three += Measure-Requests { $null = Wait-XtMigrationJob @wait -TimeoutSec 2 -PollIntervalSec 1 }
            $each += Measure-Requests { $null = Get-XtMigrationJob -Id $ids }
        }
        foreach ($series in $two, $three, $each) {
            if (@($series | Select-Object -Unique).Count -ne 1) { throw "Counts differ between repetitions in '$tenant': $($series -join ', ')." }
        }
        $pages = [Math]::Ceiling(($Jobs + $tenants[$tenant]) / 20)
        $measured += [pscustomobject]@{
            Tenant = $tenant; Total = $Jobs + $tenants[$tenant]; Pages = $pages
            Interval = $three[0] - $two[0]; Before = 3 * $two[0] - 2 * $three[0]; TwoIntervals = $two[0]; ThreeIntervals = $three[0]; EachJob = $each[0]
        }
    }
} finally {
    Stop-XtEmulatorHost $emulator
}

$figures = foreach ($m in $measured) {
    New-BenchFigure -Figure "polling $Jobs jobs for one interval: $($m.Tenant)" `
        -Measured ('{0} requests per interval ({1} jobs in the tenant, {2} list pages of 20)' -f $m.Interval, $m.Total, $m.Pages) `
        -ComparedWith ('one GET per job: {0} requests' -f $m.EachJob) `
        -Target ('≤ {0} requests; fewer where the list serves' -f $Jobs) -Met ($m.Interval -le $Jobs -and $m.Interval -lt $m.EachJob) -Value $m.Interval
}
$details = @"
The emulator (``stats``) counts the requests. Jobs that stay ``submitted`` (a service step of an hour) are waited on with
``Wait-XtMigrationJob -Id`` (all $Jobs ids), -ErrorAction SilentlyContinue for the time-outs. Per tenant, $Runs repetitions,
identical each time:

| tenant | ``-TimeoutSec 1 -PollIntervalSec 60`` (2 reads) | ``-TimeoutSec 2 -PollIntervalSec 1`` (3 reads) | one interval (difference) | before the first interval | ``Get-XtMigrationJob -Id`` of the $Jobs |
|---|---|---|---|---|---|
$(($measured | ForEach-Object { '| {0} | {1} | {2} | {3} | {4} | {5} |' -f $_.Tenant, $_.TwoIntervals, $_.ThreeIntervals, $_.Interval, $_.Before, $_.EachJob }) -join "`n")

"Before the first interval" is what the wait costs besides its reads: $(if (($measured | Measure-Object -Maximum Before).Maximum -gt 0) {
    "``Wait-XtMigrationJob`` sends these before it starts waiting (one GET per job where it reads each job given by id on its own)." } else {
    "nothing; ``Wait-XtMigrationJob`` reads the jobs given by id in the wait's first look." })
"@
Save-BenchResult -Bench 'Polling' -Figures $figures -Details $details -Path $ResultPath
