@{
    RootModule             = 'module/CrossTenantMigration.dll'
    ModuleVersion          = '0.3.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '5f0c7a0e-6d4b-4c8e-9a57-2f3f8f1d0b61'
    Author                 = 'CrossTenantMigration contributors'
    CompanyName            = 'CrossTenantMigration'
    Copyright              = '(c) CrossTenantMigration contributors. MIT License.'
    Description            = 'Moves Microsoft 365 users between tenants with Microsoft Graph cross-tenant migration jobs: define, validate, migrate, watch, cancel, reschedule and delete jobs, with input checked before anything is sent, retries that never duplicate a job, waiting with progress, and an in-memory sandbox to rehearse in.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('module/CrossTenantMigration.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-XtMigration'
        'Disconnect-XtMigration'
        'Get-XtMigrationContext'
        'New-XtMigrationJob'
        'Get-XtMigrationJob'
        'Test-XtMigrationJob'
        'Start-XtMigrationJob'
        'Wait-XtMigrationJob'
        'Set-XtMigrationJob'
        'Stop-XtMigrationJob'
        'Remove-XtMigrationJob'
        'Get-XtMigrationJobUser'
        'Stop-XtMigrationJobUser'
        'Set-XtMigrationSandbox'
        'Get-XtMigrationSandboxStatistics'
        'Reset-XtMigrationSandbox'
        'Export-XtMigrationReport'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('Microsoft365', 'Graph', 'Migration', 'CrossTenant', 'TenantToTenant', 'Exchange', 'OneDrive', 'Teams',
                'AzureAutomation', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
