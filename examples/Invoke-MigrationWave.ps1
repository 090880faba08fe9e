<#
.SYNOPSIS
    Runs one migration wave end to end: jobs from a CSV of users, validation, migration, and a
    wait for the end. Safe to run again after it stopped halfway (a runbook that was restarted, a
    session that was closed): every step finds what the service already holds and carries on.
.DESCRIPTION
    Connect first (Connect-XtMigration -Identity in an Azure Automation runbook), or let the script
    connect with the managed identity when no connection exists.

    The CSV needs a column with the target users' object ids: ExternalDirectoryObjectId, ObjectId,
    Id or UserId. Users are split into jobs of -BatchSize, named <WaveName>-001, -002, ...; the same
    CSV always gives the same jobs, so a second run creates none twice.
.EXAMPLE
    Connect-XtMigration -Identity
    ./Invoke-MigrationWave.ps1 -CsvPath ./wave-07.csv -WaveName wave-07 -SourceTenantId $source `
        -TargetDeliveryDomain fabrikam.onmicrosoft.com -SourceEndpoint EXOHandler -CompleteAfterDateTime '2026-12-12T22:00Z'
.EXAMPLE
    Connect-XtMigration -Sandbox
    ./Invoke-MigrationWave.ps1 -CsvPath ./users.csv -WaveName rehearsal -SourceTenantId $source -Workload Teams, ODSP -CutoverNow
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $WaveName,
    [Parameter(Mandatory)] [string] $SourceTenantId,
    # Exchange, ODSP, Teams; none named migrates every workload, Teams meetings included.
    [string[]] $Workload = @(),
    [string] $TargetDeliveryDomain,
    [string] $SourceEndpoint,
    [ValidateRange(1, 2000)] [int] $BatchSize = 100,
    [DateTimeOffset] $CompleteAfterDateTime = [DateTimeOffset]::Now.AddDays(14),
    # Bring the cutover forward to now once migration has started (for rehearsals in the sandbox).
    [switch] $CutoverNow,
    [double] $PollIntervalSec = 15,
    [int] $TimeoutSec = [int]::MaxValue
)
$ErrorActionPreference = 'Stop'
if (-not (Get-Module CrossTenantMigration)) { Import-Module (Join-Path $PSScriptRoot '../CrossTenantMigration.psd1') }
if (-not (Get-XtMigrationContext)) { Connect-XtMigration -Identity }

$wait = @{ PollIntervalSec = $PollIntervalSec; TimeoutSec = $TimeoutSec }
$newJob = @{
    DisplayName = $WaveName; BatchSize = $BatchSize; SourceTenantId = $SourceTenantId
    CompleteAfterDateTime = $CompleteAfterDateTime; Confirm = $false
}
if ($Workload) { $newJob.Workload = $Workload }
if ($TargetDeliveryDomain) { $newJob.TargetDeliveryDomain = $TargetDeliveryDomain }
if ($SourceEndpoint) { $newJob.SourceEndpoint = $SourceEndpoint }

# 1. The jobs: created, or found as an earlier run left them.
$jobs = @(Import-Csv $CsvPath | New-XtMigrationJob @newJob -WarningAction SilentlyContinue)
Write-Output "Wave $WaveName`: $($jobs.Count) job(s)."

# 2. Validate those that have not been, and wait for every validation under way.
$toValidate = $jobs | Where-Object Status -in 'submitted', 'validateSubmitted', 'validateProcessing', 'validateInProgress'
$failed = @()
if ($toValidate) {
    $validated = $toValidate | Test-XtMigrationJob -Wait @wait -Confirm:$false
    $failed = @($validated | Where-Object Status -eq 'validateFailed')
    foreach ($job in $failed) { Write-Warning "Job '$($job.DisplayName)' failed validation: $($job.Message)" }
}

# 3. Migrate every job that can go (already migrating or migrated ones are passed over with a warning).
$ready = $jobs | Where-Object DisplayName -notin $failed.DisplayName
$started = @($ready | Start-XtMigrationJob -Confirm:$false -WarningAction SilentlyContinue -ErrorAction Continue)
if ($CutoverNow) { $started | Where-Object Status -in 'processing', 'inProgress' | Set-XtMigrationJob -CompleteAfterDateTime ([DateTimeOffset]::Now) -Confirm:$false -WarningAction SilentlyContinue }

# 4. Wait for the end, and report.
$done = @($started | Wait-XtMigrationJob @wait)
$done | Group-Object Status | ForEach-Object { Write-Output "$($_.Count) job(s) $($_.Name)" }
$done
