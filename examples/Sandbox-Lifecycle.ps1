<#
.SYNOPSIS
    Rehearses a whole migration wave against the in-memory sandbox: define a job, validate it,
    migrate it, and watch it to the end. Nothing leaves this machine.
.DESCRIPTION
    Run it with: dotnet pwsh ./build.ps1 -Task Demo
#>
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../CrossTenantMigration.psd1') -Force

function Show-Step([string] $text) { Write-Host "`n== $text" -ForegroundColor Cyan }

Show-Step 'Connect to the sandbox'
Connect-XtMigration -Sandbox -WarningAction SilentlyContinue
Get-XtMigrationContext | Format-List SignInKind, Endpoint, ApiVersion, TenantId, Scopes

Show-Step 'Define wave-01: five users from the source tenant, cutover in 20 seconds'
$users = 1..5 | ForEach-Object { [guid]::NewGuid().ToString() }
$users | ForEach-Object { [pscustomobject]@{ ExternalDirectoryObjectId = $_ } } | Format-Table
$job = $users | New-XtMigrationJob -DisplayName 'wave-01' -SourceTenantId 12345678-1234-1234-1234-123456789012 `
    -CompleteAfterDateTime (Get-Date).AddSeconds(20) -Workload Exchange, Teams, ODSP, Meeting `
    -TargetDeliveryDomain fabrikam.onmicrosoft.com -SourceEndpoint EXOHandler
$job | Format-List DisplayName, Id, Status, JobType, CompleteAfterDateTime, Workloads, UserCount

Show-Step 'Validate it (Test-XtMigrationJob -Wait)'
$validated = $job | Test-XtMigrationJob -Wait
Write-Host "Validation: $($validated.Status) - $($validated.Message)"

Show-Step 'Migrate it (Start-XtMigrationJob -Wait): mailboxes sync until the cutover date, then cut over'
$done = $validated | Start-XtMigrationJob -Wait -Confirm:$false
Write-Host "Migration: $($done.Status) - $($done.Message)"

Show-Step 'A second wave with a user who fails validation'
$badUsers = @([guid]::NewGuid().ToString(), ('bad0' + [guid]::NewGuid().ToString().Substring(4)))
$wave2 = New-XtMigrationJob -DisplayName 'wave-02' -SourceTenantId 12345678-1234-1234-1234-123456789012 `
    -CompleteAfterDateTime (Get-Date).AddDays(14) -Resource $badUsers -Workload Teams, ODSP
$wave2 = $wave2 | Test-XtMigrationJob -Wait
Write-Host "Validation: $($wave2.Status) - $($wave2.Message)"
$wave2 | Start-XtMigrationJob -Confirm:$false -ErrorAction Continue

Show-Step 'Every job'
Get-XtMigrationJob | Format-Table

Disconnect-XtMigration
if ($done.Status -ne 'completed') { exit 1 }
