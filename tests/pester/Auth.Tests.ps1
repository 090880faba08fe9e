# Sign-in for people and for automation, for real: Azure.Identity against the emulator's Entra ID
# token service (HTTPS, its certificate trusted by SSL_CERT_FILE in the child process only) and its
# managed-identity endpoint. Each flow runs the lifecycle in a fresh pwsh; then every stream, the
# transcript, the error records and the returned objects are searched for secrets.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:CertOut = Join-Path $TestDrive 'emulator.pem'
    $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 150 -ExtraArguments @('--https-port', '0', '--cert-out', $script:CertOut)
    $script:Tenant = '87654321-4321-4321-4321-210987654321'
    $script:Secret = "S3cret-$([guid]::NewGuid().ToString('N'))"
    $script:CertPassword = "Pfx-$([guid]::NewGuid().ToString('N'))"
    $script:Pwsh = Join-Path $PSHOME 'pwsh.dll'
    $roles = @('CrossTenantContentMigration.ReadWrite.All')

    # An app registration with a secret, one with a certificate, one for the device code.
    $script:SecretApp = [guid]::NewGuid().ToString()
    $null = Invoke-XtEmulatorAdmin $script:Emulator "apps/$script:SecretApp" -Method PUT -Body @{ secret = $script:Secret; roles = $roles }
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=xt-migration-runbook', $rsa,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $script:Cert = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
    $script:PfxPath = Join-Path $TestDrive 'runbook.pfx'
    [IO.File]::WriteAllBytes($script:PfxPath, $script:Cert.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $script:CertPassword))
    $pem = "-----BEGIN CERTIFICATE-----`n" + [Convert]::ToBase64String($script:Cert.RawData, 'InsertLineBreaks') + "`n-----END CERTIFICATE-----"
    $script:CertApp = [guid]::NewGuid().ToString()
    $null = Invoke-XtEmulatorAdmin $script:Emulator "apps/$script:CertApp" -Method PUT -Body @{ certificatePem = $pem; roles = $roles }
    $script:DeviceApp = [guid]::NewGuid().ToString()
    $null = Invoke-XtEmulatorAdmin $script:Emulator "apps/$script:DeviceApp" -Method PUT -Body @{ scopes = $roles; user = 'admin@fabrikam.onmicrosoft.com' }
    $script:ShortApp = [guid]::NewGuid().ToString()
    $null = Invoke-XtEmulatorAdmin $script:Emulator "apps/$script:ShortApp" -Method PUT -Body @{ secret = $script:Secret; roles = $roles; tokenLifetimeSeconds = 8 }
    $script:IdentityHeader = "hdr-$([guid]::NewGuid().ToString('N'))"
    $script:UserAssigned = [guid]::NewGuid().ToString()
    $null = Invoke-XtEmulatorAdmin $script:Emulator 'managed-identity' -Method PUT -Body @{ secret = $script:IdentityHeader; roles = $roles; clientIds = @($script:UserAssigned) }

    function Invoke-SignIn {
        param([string] $Flow, [hashtable] $Environment = @{}, [hashtable] $Arguments = @{}, [scriptblock] $WhileRunning)
        $evidence = Join-Path $TestDrive "$Flow-$([guid]::NewGuid().ToString('N').Substring(0, 6)).txt"
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $list = @($script:Pwsh, '-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'auth/SignIn.ps1'), '-Flow', $Flow,
            '-Manifest', (Get-XtManifestPath), '-GraphUrl', $script:Emulator.Url, '-EvidencePath', $evidence)
        foreach ($key in $Arguments.Keys) { $list += @("-$key", "$($Arguments[$key])") }
        foreach ($a in $list) { $info.ArgumentList.Add($a) }
        $info.Environment['SSL_CERT_FILE'] = $script:CertOut
        $info.Environment['AZURE_AUTHORITY_HOST'] = "$($script:Emulator.HttpsUrl)/"
        foreach ($key in $Environment.Keys) { $info.Environment[$key] = $Environment[$key] }
        $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync(); $stderr = $process.StandardError.ReadToEndAsync()
        if ($WhileRunning) { & $WhileRunning }
        if (-not $process.WaitForExit(150000)) { $process.Kill($true) }
        $text = $stdout.Result + $stderr.Result
        [pscustomobject]@{
            Last     = ($text.Trim() -split "`n" | Select-Object -Last 1).Trim()
            Output   = $text
            Evidence = if (Test-Path $evidence) { Get-Content $evidence -Raw } else { '' }
        }
    }

    function Assert-NoLeak($Result, [string[]] $Secrets) {
        $all = $Result.Output + $Result.Evidence
        $all.Length | Should -BeGreaterThan 1000 -Because 'the evidence must hold the streams, transcript, errors and objects'
        foreach ($s in $Secrets) { $all.Contains($s) | Should -BeFalse -Because 'no secret may appear in any stream, transcript, error or object' }
        # Any JWT (an access token or an assertion) would start like this.
        $all | Should -Not -Match 'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.' -Because 'no token may appear anywhere'
    }
}

AfterAll {
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'Sign-in flows, end to end' -Tag Auth {
    It 'client secret (-TenantId -ClientId -ClientSecret): the lifecycle completes and nothing leaks' {
        $r = Invoke-SignIn 'ClientSecret' -Environment @{ XT_TEST_SECRET = $script:Secret } -Arguments @{ TenantId = $script:Tenant; ClientId = $script:SecretApp }
        $r.Last | Should -Be 'OK' -Because $r.Output
        $r.Evidence | Should -Match 'ClientSecret'
        $r.Evidence | Should -Match $script:SecretApp
        Assert-NoLeak $r @($script:Secret)
    }

    It 'client secret as a PSCredential (-Credential)' {
        $r = Invoke-SignIn 'Credential' -Environment @{ XT_TEST_SECRET = $script:Secret } -Arguments @{ TenantId = $script:Tenant; ClientId = $script:SecretApp }
        $r.Last | Should -Be 'OK' -Because $r.Output
        Assert-NoLeak $r @($script:Secret)
    }

    It 'certificate from a password-protected PFX file (-CertificatePath -CertificatePassword)' {
        $r = Invoke-SignIn 'CertificatePath' -Environment @{ XT_TEST_SECRET = $script:CertPassword } -Arguments @{ TenantId = $script:Tenant; ClientId = $script:CertApp; CertificatePath = $script:PfxPath }
        $r.Last | Should -Be 'OK' -Because $r.Output
        Assert-NoLeak $r @($script:CertPassword)
    }

    It 'certificate object (-Certificate)' {
        $r = Invoke-SignIn 'Certificate' -Environment @{ XT_TEST_SECRET = $script:CertPassword } -Arguments @{ TenantId = $script:Tenant; ClientId = $script:CertApp; CertificatePath = $script:PfxPath }
        $r.Last | Should -Be 'OK' -Because $r.Output
        Assert-NoLeak $r @($script:CertPassword)
    }

    It 'certificate from the CurrentUser store by thumbprint (-CertificateThumbprint)' {
        $withKey = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($script:PfxPath, $script:CertPassword,
            [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::PersistKeySet -bor [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable)
        $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
        $store.Open('ReadWrite'); $store.Add($withKey)
        try {
            $r = Invoke-SignIn 'CertificateThumbprint' -Arguments @{ TenantId = $script:Tenant; ClientId = $script:CertApp; Thumbprint = $withKey.Thumbprint }
            $r.Last | Should -Be 'OK' -Because $r.Output
            Assert-NoLeak $r @($script:CertPassword)
        } finally {
            $store.Remove($withKey); $store.Close()
        }
    }

    It 'managed identity as in Azure Automation (IDENTITY_ENDPOINT, IDENTITY_HEADER), system-assigned' {
        $r = Invoke-SignIn 'ManagedIdentity' -Environment @{ IDENTITY_ENDPOINT = "$($script:Emulator.Url)/msi/token"; IDENTITY_HEADER = $script:IdentityHeader }
        $r.Last | Should -Be 'OK' -Because $r.Output
        $r.Evidence | Should -Match 'ManagedIdentity'
        Assert-NoLeak $r @($script:IdentityHeader)
    }

    It 'managed identity, user-assigned (-Identity -ClientId)' {
        $r = Invoke-SignIn 'ManagedIdentity' -Environment @{ IDENTITY_ENDPOINT = "$($script:Emulator.Url)/msi/token"; IDENTITY_HEADER = $script:IdentityHeader } -Arguments @{ ClientId = $script:UserAssigned }
        $r.Last | Should -Be 'OK' -Because $r.Output
        $r.Evidence | Should -Match $script:UserAssigned
    }

    It 'managed identity as on a hybrid worker (MSI_ENDPOINT, MSI_SECRET), user-assigned' {
        $r = Invoke-SignIn 'ManagedIdentity' -Environment @{ MSI_ENDPOINT = "$($script:Emulator.Url)/msi/token"; MSI_SECRET = $script:IdentityHeader } -Arguments @{ ClientId = $script:UserAssigned }
        $r.Last | Should -Be 'OK' -Because $r.Output
        Assert-NoLeak $r @($script:IdentityHeader)
    }

    It 'environment variables (-EnvironmentVariable: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)' {
        $r = Invoke-SignIn 'Environment' -Environment @{ AZURE_TENANT_ID = $script:Tenant; AZURE_CLIENT_ID = $script:SecretApp; AZURE_CLIENT_SECRET = $script:Secret }
        $r.Last | Should -Be 'OK' -Because $r.Output
        Assert-NoLeak $r @($script:Secret)
    }

    It 'workload identity (-EnvironmentVariable with AZURE_FEDERATED_TOKEN_FILE)' {
        $subject = "repo:contoso/migrations:ref:refs/heads/main"
        $app = [guid]::NewGuid().ToString()
        $null = Invoke-XtEmulatorAdmin $script:Emulator "apps/$app" -Method PUT -Body @{ federatedSubject = $subject; roles = @('CrossTenantContentMigration.ReadWrite.All') }
        $federated = Invoke-XtEmulatorAdmin $script:Emulator 'federated-token' -Method POST -Body @{ subject = $subject }
        $file = Join-Path $TestDrive 'federated.jwt'
        Set-Content $file $federated.token -NoNewline
        $r = Invoke-SignIn 'Environment' -Environment @{ AZURE_TENANT_ID = $script:Tenant; AZURE_CLIENT_ID = $app; AZURE_FEDERATED_TOKEN_FILE = $file }
        $r.Last | Should -Be 'OK' -Because $r.Output
        Assert-NoLeak $r @()
    }

    It 'device code (-UseDeviceCode): the code is shown as a warning, and the sign-in completes once it is entered' {
        $approve = {
            $deadline = (Get-Date).AddSeconds(60)
            do {
                Start-Sleep -Milliseconds 300
                $codes = @((Invoke-XtEmulatorAdmin $script:Emulator 'devicecodes').value)
                $pending = $codes | Where-Object { $_.clientId -eq $script:DeviceApp -and $_.status -eq 'pending' } | Select-Object -First 1
            } while (-not $pending -and (Get-Date) -lt $deadline)
            if ($pending) { $null = Invoke-XtEmulatorAdmin $script:Emulator 'devicecode/approve' -Method POST -Body @{ userCode = $pending.userCode } }
        }
        $r = Invoke-SignIn 'DeviceCode' -Arguments @{ TenantId = $script:Tenant; ClientId = $script:DeviceApp } -WhileRunning $approve
        $r.Last | Should -Be 'OK' -Because $r.Output
        $r.Evidence | Should -Match 'WARNING: To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code'
        $r.Evidence | Should -Match 'admin@fabrikam.onmicrosoft.com'
        Assert-NoLeak $r @()
    }

    It 'access token (-AccessToken): nothing leaks either' {
        $issued = Invoke-XtEmulatorAdmin $script:Emulator 'token' -Method POST -Body @{ scopes = @('CrossTenantContentMigration.ReadWrite.All') }
        $r = Invoke-SignIn 'AccessToken' -Environment @{ XT_TEST_SECRET = $issued.access_token }
        $r.Last | Should -Be 'OK' -Because $r.Output
        Assert-NoLeak $r @($issued.access_token)
    }

    It 'renews a token that expires in the middle of a wait' {
        $before = (Get-XtEmulatorStats $script:Emulator).tokenRequests
        $r = Invoke-SignIn 'ClientSecret' -Environment @{ XT_TEST_SECRET = $script:Secret } -Arguments @{ TenantId = $script:Tenant; ClientId = $script:ShortApp; CutoverSeconds = 20; PollIntervalSec = 1 }
        $r.Last | Should -Be 'OK' -Because $r.Output
        $r.Evidence | Should -Match 'Access token renewed'
        ((Get-XtEmulatorStats $script:Emulator).tokenRequests - $before) | Should -BeGreaterOrEqual 3 -Because 'tokens of 8 seconds must be renewed during a wait of 20'
    }
}

Describe 'Sign-in without what a flow needs' -Tag Auth {
    It 'fails outside Azure with -Identity, saying where it works' {
        $err = { Connect-XtMigration -Identity -ErrorAction Stop } | Should -Throw -ErrorId 'ManagedIdentityUnavailable,*' -PassThru
        $err.Exception.Message | Should -Match 'Azure Automation'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
    }

    It 'suggests -UseDeviceCode when no browser can open for an interactive sign-in' {
        $err = { Connect-XtMigration -TenantId $script:Tenant -ErrorAction Stop } | Should -Throw -ErrorId 'InteractiveSignInUnavailable,*' -PassThru
        $err.Exception.Message | Should -Match '-UseDeviceCode'
    }

    It 'says which variables to set when -EnvironmentVariable finds none' {
        $err = { Connect-XtMigration -EnvironmentVariable -ErrorAction Stop } | Should -Throw -ErrorId 'EnvironmentNotConfigured,*' -PassThru
        $err.Exception.Message | Should -Match 'AZURE_CLIENT_SECRET'
    }

    It 'names the failing sign-in, without the secret, when the secret is wrong' {
        $env:AZURE_AUTHORITY_HOST = "$($script:Emulator.HttpsUrl)/"
        $wrong = "Wrong-$([guid]::NewGuid().ToString('N'))"
        try {
            # This process does not trust the emulator's certificate: use a child with SSL_CERT_FILE.
            $r = Invoke-SignIn 'ClientSecret' -Environment @{ XT_TEST_SECRET = $wrong } -Arguments @{ TenantId = $script:Tenant; ClientId = $script:SecretApp }
            $r.Last | Should -Match '^FAIL: SignInFailed,'
            $r.Output + $r.Evidence | Should -Match 'AADSTS7000215'
            ($r.Output + $r.Evidence).Contains($wrong) | Should -BeFalse
        } finally {
            Remove-Item Env:AZURE_AUTHORITY_HOST
        }
    }

    It 'keeps tokens, secrets and passwords in SecureString parameters' {
        $parameters = (Get-Command Connect-XtMigration).Parameters
        foreach ($name in 'AccessToken', 'ClientSecret', 'CertificatePassword') {
            $parameters[$name].ParameterType | Should -Be ([securestring])
        }
        $parameters['Credential'].ParameterType | Should -Be ([pscredential])
    }
}

Describe 'Permissions' -Tag Auth {
    It 'a 403 names the permission the call needs and the role a delegated user needs' {
        Connect-XtMigration -AccessToken (New-XtEmulatorToken $script:Emulator -Scopes 'CrossTenantContentMigration.Read.All') -Endpoint $script:Emulator.Url
        try {
            { Get-XtMigrationJob -ErrorAction Stop } | Should -Not -Throw
            $err = { New-XtTestJob @{ ErrorAction = 'Stop' } } | Should -Throw -ErrorId 'PermissionDenied,*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
            $err.Exception.Message | Should -Match 'CrossTenantContentMigration\.ReadWrite\.All'
            $err.Exception.Message | Should -Match 'Migration Administrator'
            (Get-XtMigrationContext).Scopes | Should -Be 'CrossTenantContentMigration.Read.All'
        } finally {
            Disconnect-XtMigration
        }
    }
}
