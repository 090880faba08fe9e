<#
.SYNOPSIS
    One coexistence scenario, run in a fresh pwsh by Coexistence.Tests.ps1: older copies of the
    module's dependencies (as Microsoft.Graph 2.x, Az.Accounts or ExchangeOnlineManagement load
    them) in the same session as the module, in a given order. Prints one line: OK or FAIL: reason.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('OlderFirst', 'ModuleFirst', 'DefaultLoadingControl')] [string] $Order,
    [Parameter(Mandatory)] [string] $Manifest,
    [Parameter(Mandatory)] [string] $PackagesPath,
    [string] $Url,
    [string] $Token
)
$ErrorActionPreference = 'Stop'
# Users drawn as the rest of the suite draws them: never an id the emulator fails on purpose.
Import-Module (Join-Path $PSScriptRoot '../TestHelpers.psm1')
$older = @(
    'std.uritemplate/2.0.12/lib/netstandard2.0/Std.UriTemplate.dll'
    'microsoft.kiota.abstractions/1.22.1/lib/netstandard2.0/Microsoft.Kiota.Abstractions.dll'
    'microsoft.graph.core/3.2.4/lib/netstandard2.0/Microsoft.Graph.Core.dll'
    'azure.core/1.36.0/lib/netstandard2.0/Azure.Core.dll'
    'microsoft.identitymodel.abstractions/6.33.0/lib/netstandard2.0/Microsoft.IdentityModel.Abstractions.dll'
    'microsoft.identity.client/4.55.0/lib/netstandard2.0/Microsoft.Identity.Client.dll'
) | ForEach-Object { Join-Path $PackagesPath $_ }

function Use-OlderAssemblies {
    foreach ($path in $older) { Add-Type -Path $path }
    # Use each, so that the runtime binds them for real (loading is lazy).
    $request = [Microsoft.Kiota.Abstractions.RequestInformation]::new()
    $request.UrlTemplate = '{+baseurl}/users'
    $request.PathParameters['baseurl'] = 'https://graph.microsoft.com/v1.0'
    if ($request.URI.AbsoluteUri -ne 'https://graph.microsoft.com/v1.0/users') { throw "Kiota 1.x misbehaved: $($request.URI)" }
    $null = [Microsoft.Graph.GraphClientOptions]::new()
    $context = [Azure.Core.TokenRequestContext]::new([string[]]@('https://graph.microsoft.com/.default'))
    if ($context.Scopes[0] -ne 'https://graph.microsoft.com/.default') { throw 'Azure.Core 1.36 misbehaved' }
    # MSAL 4.55 asks for IdentityModel.Abstractions 6.22; 6.33 is what the registry serves: resolve it as a host would.
    [AppDomain]::CurrentDomain.add_AssemblyResolve({ param($s, $e)
            if ($e.Name -like 'Microsoft.IdentityModel.Abstractions,*') { [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.IdentityModel.Abstractions' -and $_.GetName().Version.Major -eq 6 } | Select-Object -First 1 } })
    $null = [Microsoft.Identity.Client.PublicClientApplicationBuilder]::Create('14d82eec-204b-4c2f-b7e8-296a70dab67e').Build()
    $versions = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'Microsoft.Kiota.Abstractions', 'Azure.Core', 'Microsoft.Identity.Client', 'Microsoft.Graph.Core', 'Microsoft.IdentityModel.Abstractions' } |
        ForEach-Object { "$($_.GetName().Name) $($_.GetName().Version)" }
    Write-Host "loaded: $($versions -join '; ')"
}

function Invoke-ModuleLifecycle([string] $name) {
    Connect-XtMigration -AccessToken (ConvertTo-SecureString $Token -AsPlainText -Force) -Endpoint $Url
    $users = New-XtTestUserId 3
    $job = New-XtMigrationJob -DisplayName $name -SourceTenantId 12345678-1234-1234-1234-123456789012 -CompleteAfterDateTime (Get-Date).AddSeconds(3) `
        -Resource $users -Workload Exchange, Teams -TargetDeliveryDomain fabrikam.onmicrosoft.com -Confirm:$false
    $done = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 | Start-XtMigrationJob -Wait -Confirm:$false -PollIntervalSec 0.2 -TimeoutSec 60
    if ($done.Status -ne 'completed') { throw "job ended $($done.Status)" }
    if (@($job | Get-XtMigrationJobUser).Count -ne 3) { throw 'users missing' }
}

function Invoke-ModuleSignInPaths {
    # Azure.Identity and MSAL (the module's copies) must load beside the older ones: these fail
    # with the module's own error ids, not with TypeLoad or MissingMethod exceptions.
    foreach ($attempt in @(@{ EnvironmentVariable = $true; Expected = 'EnvironmentNotConfigured' }, @{ Identity = $true; Expected = 'ManagedIdentityUnavailable' })) {
        $expected = $attempt.Expected; $attempt.Remove('Expected')
        try { Connect-XtMigration @attempt -ErrorAction Stop; throw "Connect $($attempt.Keys) succeeded outside Azure" }
        catch { if ($_.FullyQualifiedErrorId -notlike "$expected,*") { throw "Connect $($attempt.Keys): $($_.FullyQualifiedErrorId): $($_.Exception.Message)" } }
    }
}

try {
    switch ($Order) {
        'OlderFirst' {
            Use-OlderAssemblies
            Import-Module $Manifest
            Invoke-ModuleSignInPaths
            Invoke-ModuleLifecycle "coexist-a-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        }
        'ModuleFirst' {
            Import-Module $Manifest
            Invoke-ModuleLifecycle "coexist-b1-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
            Use-OlderAssemblies
            Invoke-ModuleSignInPaths
            Invoke-ModuleLifecycle "coexist-b2-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        }
        'DefaultLoadingControl' {
            # What the module avoids: its Azure.Identity loaded the default way after an older Azure.Core, then used.
            Use-OlderAssemblies
            $deps = Join-Path (Split-Path $Manifest) 'module/Dependencies'
            $identity = [Reflection.Assembly]::LoadFrom((Join-Path $deps 'Azure.Identity.dll'))
            $credential = [Activator]::CreateInstance($identity.GetType('Azure.Identity.EnvironmentCredential', $true))
            $null = $credential.GetToken([Azure.Core.TokenRequestContext]::new([string[]]@('https://graph.microsoft.com/.default')), [Threading.CancellationToken]::None)
        }
    }
    'OK'
} catch {
    "FAIL: $($_.Exception.GetBaseException().Message)"
}
