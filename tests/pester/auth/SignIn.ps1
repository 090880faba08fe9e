<#
.SYNOPSIS
    One sign-in flow, run in a fresh pwsh by Auth.Tests.ps1 with the environment the flow needs
    (SSL_CERT_FILE, AZURE_AUTHORITY_HOST, IDENTITY_ENDPOINT, AZURE_* ...). Signs in, runs the job
    lifecycle with -Verbose and -Debug under a transcript, provokes an error, and writes everything
    a user could see into -EvidencePath for the parent to search for secrets. Last line: OK or FAIL.
#>
param(
    # -Debug alone would turn warnings into prompts (PowerShell makes WarningPreference Inquire), which a
    # non-interactive session refuses: every call also says -WarningAction Continue, as a runbook would.
    [Parameter(Mandatory)] [ValidateSet('ClientSecret', 'Credential', 'CertificatePath', 'CertificateThumbprint', 'Certificate', 'ManagedIdentity', 'Environment', 'DeviceCode', 'AccessToken')] [string] $Flow,
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $GraphUrl,
    [Parameter(Mandatory)] [string] $EvidencePath,
    [string] $TenantId,
    [string] $ClientId,
    # Secrets arrive through the environment (XT_TEST_SECRET), as a runbook's would from a vault.
    [string] $CertificatePath,
    [string] $Thumbprint,
    [int] $CutoverSeconds = 1,
    [double] $PollIntervalSec = 0.2
)
$ErrorActionPreference = 'Stop'
# Users drawn as the rest of the suite draws them: never an id the emulator fails on purpose.
Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1')
$evidence = [System.Collections.Generic.List[string]]::new()
$transcript = "$EvidencePath.transcript.txt"
Start-Transcript -Path $transcript -Force | Out-Null
try {
    Import-Module $Manifest
    $secret = if ($env:XT_TEST_SECRET) { ConvertTo-SecureString $env:XT_TEST_SECRET -AsPlainText -Force }
    $connect = @{ Endpoint = $GraphUrl; Verbose = $true; Debug = $true; WarningAction = "Continue"; PassThru = $true }
    switch ($Flow) {
        'ClientSecret' { $connect += @{ TenantId = $TenantId; ClientId = $ClientId; ClientSecret = $secret } }
        'Credential' { $connect += @{ TenantId = $TenantId; Credential = [pscredential]::new($ClientId, $secret) } }
        'CertificatePath' { $connect += @{ TenantId = $TenantId; ClientId = $ClientId; CertificatePath = $CertificatePath; CertificatePassword = $secret } }
        'CertificateThumbprint' { $connect += @{ TenantId = $TenantId; ClientId = $ClientId; CertificateThumbprint = $Thumbprint } }
        'Certificate' {
            $cert = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($CertificatePath, $secret)
            $connect += @{ TenantId = $TenantId; ClientId = $ClientId; Certificate = $cert }
        }
        'ManagedIdentity' { $connect += @{ Identity = $true }; if ($ClientId) { $connect.ClientId = $ClientId } }
        'Environment' { $connect += @{ EnvironmentVariable = $true } }
        'DeviceCode' { $connect += @{ UseDeviceCode = $true; TenantId = $TenantId; ClientId = $ClientId } }
        'AccessToken' { $connect += @{ AccessToken = $secret } }
    }
    $context = Connect-XtMigration @connect *>&1 | ForEach-Object {
        $evidence.Add($(if ($_ -is [System.Management.Automation.WarningRecord]) { "WARNING: $($_.Message)" } else { $_ | Out-String })); $_
    } | Where-Object { $_ -is [CrossTenantMigration.MigrationContext] }
    $evidence.Add(($context | ConvertTo-Json -Depth 4))
    $evidence.Add((Get-XtMigrationContext | Format-List * -Force | Out-String))

    $users = New-XtTestUserId 3
    $out = & {
        $job = New-XtMigrationJob -DisplayName "signin-$Flow-$([guid]::NewGuid().ToString('N').Substring(0, 6))" -SourceTenantId 12345678-1234-1234-1234-123456789012 `
            -CompleteAfterDateTime (Get-Date).AddSeconds($CutoverSeconds) -Resource $users -Workload Teams, ODSP -Confirm:$false -Verbose -Debug -WarningAction Continue
        $job | Test-XtMigrationJob -Wait -PollIntervalSec $PollIntervalSec -TimeoutSec 120 -Verbose -Debug -WarningAction Continue |
            Start-XtMigrationJob -Wait -Confirm:$false -PollIntervalSec $PollIntervalSec -TimeoutSec 180 -Verbose -Debug -WarningAction Continue
        $job | Get-XtMigrationJobUser -Verbose -Debug -WarningAction Continue
        Get-XtMigrationJob -Id ([guid]::NewGuid()) -Verbose -Debug -WarningAction Continue -ErrorAction Continue   # provoked: JobNotFound
    } *>&1
    foreach ($item in $out) { $evidence.Add(($item | Out-String)); if ($item -isnot [System.Management.Automation.ErrorRecord]) { $evidence.Add(($item | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue)) } }
    foreach ($err in $Error) { $evidence.Add(($err | Format-List * -Force | Out-String)); $evidence.Add(($err.Exception | Format-List * -Force | Out-String)) }
    $final = $out | Where-Object { $_ -is [CrossTenantMigration.MigrationJob] } | Select-Object -Last 1
    if ($final.Status -ne 'completed') { throw "The job ended $($final.Status)." }
    if (-not ($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -like 'JobNotFound,*' })) { throw 'The provoked error is missing.' }
    $result = 'OK'
} catch {
    $evidence.Add(($_ | Format-List * -Force | Out-String))
    $result = "FAIL: $($_.FullyQualifiedErrorId): $($_.Exception.Message)"
} finally {
    Stop-Transcript | Out-Null
    $evidence.Add((Get-Content $transcript -Raw))
    Set-Content -Path $EvidencePath -Value ($evidence -join "`n") -Encoding utf8NoBOM
}
$result
