<#
.SYNOPSIS
    Rehearses a migration wave against the in-memory sandbox: define a job, validate it, migrate
    it, bring the cutover forward, watch it to the end, look at each user, then clean up.
    Nothing leaves this machine.
.DESCRIPTION
    Run it with: dotnet pwsh ./build.ps1 -Task Demo
#>
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../CrossTenantMigration.psd1') -Force

function Show-Step([string] $text) { Write-Host "`n== $text" -ForegroundColor Cyan }
# Tables at 120 columns whatever the console's width, so that the output reads the same everywhere.
function Show-Table { $input | Format-Table | Out-String -Width 120 | Write-Host }
$sourceTenant = '12345678-1234-1234-1234-123456789012'

Show-Step 'Connect to the sandbox'
Connect-XtMigration -Sandbox -WarningAction SilentlyContinue
Get-XtMigrationContext | Format-List SignInKind, Endpoint, ApiVersion, TenantId, Scopes

Show-Step 'Define wave-01: five users, cutover in two weeks'
$users = 1..5 | ForEach-Object { [guid]::NewGuid().ToString() }
$job = $users | ForEach-Object { [pscustomobject]@{ ExternalDirectoryObjectId = $_ } } |
    New-XtMigrationJob -DisplayName 'wave-01' -SourceTenantId $sourceTenant -CompleteAfterDateTime (Get-Date).AddDays(14) `
        -Workload Exchange, Teams, ODSP -TargetDeliveryDomain fabrikam.onmicrosoft.com -SourceEndpoint EXOHandler
$job | Format-List DisplayName, Id, Status, JobType, CompleteAfterDateTime, Workloads, UserCount

Show-Step 'Validate it and wait (Test-XtMigrationJob -Wait)'
$validated = $job | Test-XtMigrationJob -Wait
Write-Host "Validation: $($validated.Status) - $($validated.Message)"

Show-Step 'Start the migration: mailboxes sync and wait for the cutover date'
$started = $validated | Start-XtMigrationJob -Confirm:$false
Write-Host "Migration: $($started.Status) - $($started.Message)"
Start-Sleep -Seconds 2
Get-XtMigrationJob -Id $job.Id | Show-Table

Show-Step 'Bring the cutover forward to now (Set-XtMigrationJob) and wait for the end (Wait-XtMigrationJob)'
$job | Set-XtMigrationJob -CompleteAfterDateTime (Get-Date) -Confirm:$false -WarningAction SilentlyContinue
$done = $job | Wait-XtMigrationJob
Write-Host "Migration: $($done.Status) - $($done.Message)"

Show-Step 'Each user, one status per workload (Get-XtMigrationJobUser)'
$job | Get-XtMigrationJobUser | Show-Table

Show-Step 'A second wave with a user who fails validation: it cannot be migrated'
$badUsers = @([guid]::NewGuid().ToString(), ('bad0' + [guid]::NewGuid().ToString().Substring(4)))
$wave2 = New-XtMigrationJob -DisplayName 'wave-02' -SourceTenantId $sourceTenant -CompleteAfterDateTime (Get-Date).AddDays(14) `
    -Resource $badUsers -Workload Teams, ODSP | Test-XtMigrationJob -Wait
Write-Host "Validation: $($wave2.Status) - $($wave2.Message)"
$wave2 | Get-XtMigrationJobUser -Status invalid | Show-Table
$wave2 | Start-XtMigrationJob -Confirm:$false -ErrorAction Continue

Show-Step 'Delete wave-02 (Remove-XtMigrationJob)'
$wave2 | Remove-XtMigrationJob -Confirm:$false -PassThru | Show-Table

Show-Step 'Every job'
Get-XtMigrationJob | Show-Table

Disconnect-XtMigration
if ($done.Status -ne 'completed') { exit 1 }
