<#
.SYNOPSIS
    Rehearses a migration wave against the in-memory sandbox: define a job, validate it, migrate
    it, bring the cutover forward, watch it to the end, look at each user, write a report of the
    waves (out/demo/waves.html and waves.csv), then clean up.
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

Show-Step 'A third wave where one user fails migration: the job ends completedWithErrors'
$wave3Users = @(1..3 | ForEach-Object { [guid]::NewGuid().ToString() }) + ('fa11' + [guid]::NewGuid().ToString().Substring(4))
$wave3 = New-XtMigrationJob -DisplayName 'wave-03' -SourceTenantId $sourceTenant -CompleteAfterDateTime (Get-Date).AddDays(14) `
    -Resource $wave3Users -Workload Exchange, Teams, ODSP -TargetDeliveryDomain fabrikam.onmicrosoft.com -SourceEndpoint EXOHandler |
    Test-XtMigrationJob -Wait | Start-XtMigrationJob -Confirm:$false
$wave3 | Set-XtMigrationJob -CompleteAfterDateTime (Get-Date) -Confirm:$false -WarningAction SilentlyContinue
$wave3 = $wave3 | Wait-XtMigrationJob
Write-Host "Migration: $($wave3.Status) - $($wave3.Message)"

Show-Step 'A report of the waves for the project team (Export-XtMigrationReport)'
$reports = Join-Path $PSScriptRoot '../out/demo'
$null = New-Item -ItemType Directory -Force $reports
Get-XtMigrationJob -DisplayName 'wave-*' | Export-XtMigrationReport -Path (Join-Path $reports 'waves.html') -PassThru |
    Select-Object FullName, Length | Show-Table
Get-XtMigrationJob -DisplayName 'wave-*' | Export-XtMigrationReport -Path (Join-Path $reports 'waves.csv')
Import-Csv (Join-Path $reports 'waves.csv') | Where-Object ErrorCode | Select-Object JobName, UserId, ErrorWorkload, ErrorCode | Show-Table

Show-Step 'Delete wave-02 (Remove-XtMigrationJob)'
$wave2 | Remove-XtMigrationJob -Confirm:$false -PassThru | Show-Table

Show-Step 'Every job'
Get-XtMigrationJob | Show-Table

Disconnect-XtMigration
if ($done.Status -ne 'completed') { exit 1 }
