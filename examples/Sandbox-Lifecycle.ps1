<#
.SYNOPSIS
    Rehearses migration waves against the in-memory sandbox, planned from user principal names:
    give the sandbox's directory the target tenant's users, plan a wave from their names, validate
    it, migrate it, bring the cutover forward, watch it to the end, look at each user by name, see
    what to do for the users who fail, write a report of the waves (out/demo/waves.html and
    waves.csv), then clean up. Nothing leaves this machine.
.DESCRIPTION
    Run it with: dotnet pwsh ./build.ps1 -Task Demo
#>
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../CrossTenantMigration.psd1') -Force

function Show-Step([string] $text) { Write-Host "`n== $text" -ForegroundColor Cyan }
# Tables at 120 columns whatever the console's width, so that the output reads the same everywhere.
function Show-Table { $input | Format-Table | Out-String -Width 120 | Write-Host }
function Show-List([string[]] $Property) {
    $lines = if ($Property) { $input | Format-List -Property $Property } else { $input | Format-List }
    $lines | Out-String -Width 120 | Write-Host
}
$sourceTenant = '12345678-1234-1234-1234-123456789012'
$jobSettings = @{
    SourceTenantId = $sourceTenant; CompleteAfterDateTime = (Get-Date).AddDays(14)
    Workload = 'Exchange', 'Teams', 'ODSP'; TargetDeliveryDomain = 'fabrikam.onmicrosoft.com'; SourceEndpoint = 'EXOHandler'
}

Show-Step 'Connect to the sandbox'
Connect-XtMigration -Sandbox -WarningAction SilentlyContinue
Get-XtMigrationContext | Format-List SignInKind, Endpoint, ApiVersion, TenantId, Scopes

Show-Step 'The target tenant''s users: put them in the sandbox''s directory (Set-XtMigrationSandbox -DirectoryUser)'
# In the sandbox, an object id that starts with bad0 fails validation and one that starts with fa11 fails migration.
function New-UserId([string] $prefix = '') { $prefix + [guid]::NewGuid().ToString().Substring($prefix.Length) }
$directory = @(
    'Adele Vance', 'Alex Wilber', 'Diego Siciliani', 'Grady Archie', 'Isaiah Langer', 'Johanna Lorenz', 'Lee Gu', 'Megan Bowen' |
        ForEach-Object { [pscustomobject]@{ Id = (New-UserId); UserPrincipalName = ($_ -replace ' ', '.').ToLowerInvariant() + '@fabrikam.onmicrosoft.com'; DisplayName = $_ } }
    [pscustomobject]@{ Id = (New-UserId 'bad0'); UserPrincipalName = 'nestor.wilke@fabrikam.onmicrosoft.com'; DisplayName = 'Nestor Wilke' }
    [pscustomobject]@{ Id = (New-UserId 'fa11'); UserPrincipalName = 'patti.fernandez@fabrikam.onmicrosoft.com'; DisplayName = 'Patti Fernandez' })
$directoryCsv = Join-Path ([IO.Path]::GetTempPath()) 'xt-demo-directory.csv'
$directory | Export-Csv $directoryCsv -NoTypeInformation
Import-Csv $directoryCsv | Set-XtMigrationSandbox
Remove-Item $directoryCsv
Write-Host "The directory holds $((Get-XtMigrationSandboxStatistics).DirectoryUsers) users."

Show-Step 'Plan wave-01 from a CSV file of names: five users, cutover in two weeks'
$waveCsv = Join-Path ([IO.Path]::GetTempPath()) 'xt-demo-wave-01.csv'
$directory[0..4] | Select-Object UserPrincipalName | Export-Csv $waveCsv -NoTypeInformation
Get-Content $waveCsv | Write-Host
$job = Import-Csv $waveCsv | New-XtMigrationJob -DisplayName 'wave-01' @jobSettings
Remove-Item $waveCsv
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

Show-Step 'Each user by name, one status per workload (Get-XtMigrationJobUser -ResolveUserName)'
$job | Get-XtMigrationJobUser -ResolveUserName | Show-Table

Show-Step 'wave-02, with a user who fails validation: it cannot be migrated; what to do for that user'
$wave2 = New-XtMigrationJob -DisplayName 'wave-02' @jobSettings -UserPrincipalName $directory[5].UserPrincipalName, $directory[8].UserPrincipalName |
    Test-XtMigrationJob -Wait
Write-Host "Validation: $($wave2.Status) - $($wave2.Message)"
$wave2 | Get-XtMigrationJobUser -Status invalid -ResolveUserName |
    Select-Object UserPrincipalName, DisplayName -ExpandProperty Errors | Show-List -Property UserPrincipalName, DisplayName, Workload, Code, Remedy, HelpUri
$wave2 | Start-XtMigrationJob -Confirm:$false -ErrorAction Continue

Show-Step 'wave-03, where one user fails migration: the job ends completedWithErrors; what to do for that user'
$wave3 = New-XtMigrationJob -DisplayName 'wave-03' @jobSettings -UserPrincipalName ($directory[6, 7, 9].UserPrincipalName) |
    Test-XtMigrationJob -Wait | Start-XtMigrationJob -Confirm:$false
$wave3 | Set-XtMigrationJob -CompleteAfterDateTime (Get-Date) -Confirm:$false -WarningAction SilentlyContinue
$wave3 = $wave3 | Wait-XtMigrationJob
Write-Host "Migration: $($wave3.Status) - $($wave3.Message)"
$wave3 | Get-XtMigrationJobUser -Status failed -ResolveUserName |
    Select-Object UserPrincipalName, DisplayName -ExpandProperty Errors | Show-List -Property UserPrincipalName, Workload, Code, Remedy, HelpUri

Show-Step 'A report of the waves for the project team, with names (Export-XtMigrationReport -ResolveUserName)'
$reports = Join-Path $PSScriptRoot '../out/demo'
$null = New-Item -ItemType Directory -Force $reports
Get-XtMigrationJob -DisplayName 'wave-*' | Export-XtMigrationReport -Path (Join-Path $reports 'waves.html') -ResolveUserName -PassThru |
    Select-Object FullName, Length | Show-Table
Get-XtMigrationJob -DisplayName 'wave-*' | Export-XtMigrationReport -Path (Join-Path $reports 'waves.csv') -ResolveUserName
Import-Csv (Join-Path $reports 'waves.csv') | Where-Object ErrorCode | Select-Object JobName, UserPrincipalName, ErrorWorkload, ErrorCode, Remedy | Show-Table

Show-Step 'Delete wave-02 (Remove-XtMigrationJob)'
$wave2 | Remove-XtMigrationJob -Confirm:$false -PassThru | Show-Table

Show-Step 'Every job, and what the sandbox received: the names were looked up in JSON batches (Get-XtMigrationSandboxStatistics)'
Get-XtMigrationJob | Show-Table
Get-XtMigrationSandboxStatistics | Show-List

Disconnect-XtMigration
if ($done.Status -ne 'completed' -or $wave2.Status -ne 'validateFailed' -or $wave3.Status -ne 'completedWithErrors') { exit 1 }
