# Bad input fails with its stable ErrorId, names the parameter, and sends nothing.
BeforeDiscovery {
    $tenant = '12345678-1234-1234-1234-123456789012'
    $users = 1..3 | ForEach-Object { [guid]::NewGuid().ToString() }
    $tooMany = 1..2001 | ForEach-Object { [guid]::NewGuid().ToString() }
    $base = @{ DisplayName = 'bad-input'; SourceTenantId = $tenant; CompleteAfterDateTime = (Get-Date).AddDays(14)
        Resource = $users; Workload = 'Exchange'; TargetDeliveryDomain = 'fabrikam.onmicrosoft.com' }
    function With([hashtable] $change) { $h = $base.Clone(); foreach ($k in $change.Keys) { $h[$k] = $change[$k] }; $h }

    $script:NewJobCases = @(
        @{ Name = 'blank display name'; Params = (With @{ DisplayName = '   ' }); ErrorId = 'InvalidDisplayName'; Parameter = 'DisplayName' }
        @{ Name = 'empty display name'; Params = (With @{ DisplayName = '' }); ErrorId = 'InvalidDisplayName'; Parameter = 'DisplayName' }
        @{ Name = 'source tenant not a GUID'; Params = (With @{ SourceTenantId = 'contoso.onmicrosoft.com' }); ErrorId = 'InvalidSourceTenantId'; Parameter = 'SourceTenantId' }
        @{ Name = 'no resources'; Params = (With @{ Resource = @() }); ErrorId = 'InvalidResourceCount'; Parameter = 'Resource' }
        @{ Name = 'more than 2000 resources'; Params = (With @{ Resource = $tooMany }); ErrorId = 'InvalidResourceCount'; Parameter = 'Resource' }
        @{ Name = 'a resource that is not a GUID'; Params = (With @{ Resource = @($users[0], 'alice@contoso.com') }); ErrorId = 'InvalidResourceId'; Parameter = 'Resource' }
        @{ Name = 'a duplicate resource (case-insensitive)'; Params = (With @{ Resource = @($users[0], $users[0].ToUpperInvariant()) }); ErrorId = 'DuplicateResourceId'; Parameter = 'Resource' }
        @{ Name = 'resource type other than Users'; Params = (With @{ ResourceType = 'Groups' }); ErrorId = 'InvalidResourceType'; Parameter = 'ResourceType' }
        @{ Name = 'unknown workload'; Params = (With @{ Workload = 'Exchange', 'SharePoint' }); ErrorId = 'InvalidWorkload'; Parameter = 'Workload' }
        @{ Name = 'Exchange without a delivery domain'; Params = (With @{ TargetDeliveryDomain = $null }); ErrorId = 'TargetDeliveryDomainRequired'; Parameter = 'TargetDeliveryDomain' }
        @{ Name = 'all workloads (default) without a delivery domain'; Params = (With @{ Workload = @(); TargetDeliveryDomain = $null }); ErrorId = 'TargetDeliveryDomainRequired'; Parameter = 'TargetDeliveryDomain' }
        @{ Name = 'a delivery domain that is not a domain'; Params = (With @{ TargetDeliveryDomain = 'not a domain' }); ErrorId = 'InvalidTargetDeliveryDomain'; Parameter = 'TargetDeliveryDomain' }
        @{ Name = 'a past cutover date'; Params = (With @{ CompleteAfterDateTime = (Get-Date).AddDays(-1) }); ErrorId = 'CompleteAfterDateTimeNotInFuture'; Parameter = 'CompleteAfterDateTime' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost
    Connect-XtTestEmulator $script:Emulator
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'New-XtMigrationJob rejects bad input before sending anything' -Tag BadInput {
    BeforeEach { Reset-XtEmulatorStats $script:Emulator }
    AfterEach { (Get-XtEmulatorStats $script:Emulator).total | Should -Be 0 -Because 'nothing may be sent for bad input' }

    It 'rejects <Name> with <ErrorId>' -TestCases $script:NewJobCases {
        param($Name, $Params, $ErrorId, $Parameter)
        $err = { New-XtMigrationJob @Params -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*" -PassThru
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,CrossTenantMigration.Commands.NewXtMigrationJobCommand"
        $err.Exception.Message | Should -Match "-$Parameter\b"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'explains a CSV without an id column' {
        $csv = [pscustomobject]@{ UserPrincipalName = 'alice@contoso.com' }, [pscustomobject]@{ UserPrincipalName = 'bob@contoso.com' }
        $err = { $csv | New-XtMigrationJob -DisplayName x -SourceTenantId (Get-XtTestSourceTenant) -CompleteAfterDateTime (Get-Date).AddDays(3) -Workload Teams -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidResourceId,*' -PassThru
        $err.Exception.Message | Should -Match 'column'
    }

    It 'rejects an empty pipeline' {
        { @() | New-XtMigrationJob -DisplayName x -SourceTenantId (Get-XtTestSourceTenant) -CompleteAfterDateTime (Get-Date).AddDays(3) -Workload Teams -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidResourceCount,*'
    }
}

Describe 'Job cmdlets reject a malformed id before sending anything' -Tag BadInput {
    BeforeEach { Reset-XtEmulatorStats $script:Emulator }
    AfterEach { (Get-XtEmulatorStats $script:Emulator).total | Should -Be 0 }

    It '<Command> -Id not-a-guid gives InvalidJobId' -TestCases @(
        @{ Command = 'Get-XtMigrationJob' }, @{ Command = 'Test-XtMigrationJob' }, @{ Command = 'Start-XtMigrationJob' }, @{ Command = 'Wait-XtMigrationJob' }) {
        param($Command)
        $params = @{ Id = 'not-a-guid' }
        if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { $params.Confirm = $false }
        $err = { & $Command @params -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidJobId,*' -PassThru
        $err.Exception.Message | Should -Match '-Id\b'
    }

    It '<Command> rejects -<Parameter> <Value> with <ErrorId>' -TestCases @(
        @{ Command = 'Set-XtMigrationJob'; Parameter = 'Id'; Value = 'wave-01'; ErrorId = 'InvalidJobId'; Extra = @{ CompleteAfterDateTime = (Get-Date).AddDays(3) } }
        @{ Command = 'Stop-XtMigrationJob'; Parameter = 'Id'; Value = '1234'; ErrorId = 'InvalidJobId'; Extra = @{} }
        @{ Command = 'Remove-XtMigrationJob'; Parameter = 'Id'; Value = '{not-a-guid}'; ErrorId = 'InvalidJobId'; Extra = @{} }
        @{ Command = 'Get-XtMigrationJobUser'; Parameter = 'JobId'; Value = 'x'; ErrorId = 'InvalidJobId'; Extra = @{} }
        @{ Command = 'Get-XtMigrationJobUser'; Parameter = 'Id'; Value = 'alice@contoso.com'; ErrorId = 'InvalidUserId'; Extra = @{ JobId = [guid]::NewGuid().ToString() } }
        @{ Command = 'Get-XtMigrationJobUser'; Parameter = 'Status'; Value = 'done'; ErrorId = 'InvalidStatus'; Extra = @{ JobId = [guid]::NewGuid().ToString() } }
        @{ Command = 'Stop-XtMigrationJobUser'; Parameter = 'JobId'; Value = 'wave-01'; ErrorId = 'InvalidJobId'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Stop-XtMigrationJobUser'; Parameter = 'Id'; Value = 'bob'; ErrorId = 'InvalidUserId'; Extra = @{ JobId = [guid]::NewGuid().ToString() } }
        @{ Command = 'Get-XtMigrationJob'; Parameter = 'Status'; Value = 'canceled'; ErrorId = 'InvalidStatus'; Extra = @{} }
    ) {
        param($Command, $Parameter, $Value, $ErrorId, $Extra)
        $params = @{ $Parameter = $Value } + $Extra
        if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { $params.Confirm = $false }
        $err = { & $Command @params -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*" -PassThru
        $err.Exception.Message | Should -Match "-$Parameter\b"
    }

    It 'Get-XtMigrationJob -Status with an unknown status gives InvalidStatus' {
        $err = { Get-XtMigrationJob -Status 'finished' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidStatus,*' -PassThru
        $err.Exception.Message | Should -Match '-Status\b'
    }

    It '<Command> rejects -<Parameter> <Value>' -TestCases @(
        @{ Command = 'Wait-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = 0 }
        @{ Command = 'Wait-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = -5 }
        @{ Command = 'Test-XtMigrationJob'; Parameter = 'PollIntervalSec'; Value = 0 }
        @{ Command = 'Start-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = 0 }
        @{ Command = 'Wait-XtMigrationJob'; Parameter = 'PollIntervalSec'; Value = 0 }
        @{ Command = 'Test-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = -1 }
        @{ Command = 'New-XtMigrationJob'; Parameter = 'BatchSize'; Value = 0 }
        @{ Command = 'New-XtMigrationJob'; Parameter = 'BatchSize'; Value = 2001 }) {
        param($Command, $Parameter, $Value)
        $params = if ($Command -eq 'New-XtMigrationJob') {
            @{ DisplayName = 'x'; SourceTenantId = [guid]::NewGuid().ToString(); CompleteAfterDateTime = (Get-Date).AddDays(3); Resource = [guid]::NewGuid().ToString(); Workload = 'Teams'; $Parameter = $Value }
        } else { @{ Id = [guid]::NewGuid().ToString(); $Parameter = $Value } }
        $err = { & $Command @params -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -PassThru
        $err.Exception.Message | Should -Match $Parameter
    }
}

Describe 'Connecting' -Tag BadInput {
    It 'refuses a plain http endpoint that is not loopback' {
        $token = ConvertTo-SecureString 'x.y.z' -AsPlainText -Force
        $err = { Connect-XtMigration -AccessToken $token -Endpoint 'http://graph.contoso.com' -ErrorAction Stop } | Should -Throw -ErrorId 'InsecureEndpoint,*' -PassThru
        $err.Exception.Message | Should -Match '-Endpoint'
        (Get-XtMigrationContext).Endpoint.ToString() | Should -Be "$($script:Emulator.Url)/" -Because 'the existing connection stays'
    }

    It 'accepts http on loopback (<Url>)' -TestCases @(@{ Url = 'http://127.0.0.1:1' }, @{ Url = 'http://localhost:1' }, @{ Url = 'http://[::1]:1' }) {
        param($Url)
        $token = ConvertTo-SecureString 'x.y.z' -AsPlainText -Force
        try { { Connect-XtMigration -AccessToken $token -Endpoint $Url -ErrorAction Stop } | Should -Not -Throw }
        finally { Connect-XtTestEmulator $script:Emulator }
    }

    It 'refuses -<Parameter> <Value> with <ErrorId>' -TestCases @(
        @{ Parameter = 'Endpoint'; Value = 'ftp://graph.microsoft.com'; ErrorId = 'InvalidEndpoint' }
        @{ Parameter = 'Endpoint'; Value = 'graph.microsoft.com'; ErrorId = 'InvalidEndpoint' }
        @{ Parameter = 'Endpoint'; Value = 'https://graph.microsoft.com/?tenant=x'; ErrorId = 'InvalidEndpoint' }
        @{ Parameter = 'Endpoint'; Value = 'http://10.1.2.3'; ErrorId = 'InsecureEndpoint' }
        @{ Parameter = 'MaxRetryCount'; Value = -1; ErrorId = 'ParameterArgumentValidationError' }
        @{ Parameter = 'MaxRetryCount'; Value = 21; ErrorId = 'ParameterArgumentValidationError' }
        @{ Parameter = 'RequestTimeoutSec'; Value = 0; ErrorId = 'ParameterArgumentValidationError' }
        @{ Parameter = 'MaxRetryWaitSec'; Value = 0; ErrorId = 'ParameterArgumentValidationError' }
    ) {
        param($Parameter, $Value, $ErrorId)
        $token = ConvertTo-SecureString 'x.y.z' -AsPlainText -Force
        $params = @{ AccessToken = $token; $Parameter = $Value }
        $err = { Connect-XtMigration @params -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*" -PassThru
        $err.Exception.Message | Should -Match $Parameter
        (Get-XtMigrationContext).Endpoint.ToString() | Should -Be "$($script:Emulator.Url)/" -Because 'the existing connection stays'
    }

    It 'refuses an empty access token' {
        { Connect-XtMigration -AccessToken ([securestring]::new()) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidAccessToken,*'
    }

    It 'refuses a certificate that cannot be found (<Case>)' -TestCases @(
        @{ Case = 'thumbprint'; Params = @{ CertificateThumbprint = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' } }
        @{ Case = 'path'; Params = @{ CertificatePath = '/no/such/cert.pfx' } }) {
        param($Case, $Params)
        { Connect-XtMigration -TenantId contoso.onmicrosoft.com -ClientId ([guid]::NewGuid()) @Params -ErrorAction Stop } | Should -Throw -ErrorId 'CertificateNotFound,*'
    }

    It 'refuses an unknown -ApiVersion' {
        $token = ConvertTo-SecureString 'x.y.z' -AsPlainText -Force
        { Connect-XtMigration -AccessToken $token -ApiVersion v2.0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'refuses an endpoint that already has the version in it' {
        $token = ConvertTo-SecureString 'x.y.z' -AsPlainText -Force
        { Connect-XtMigration -AccessToken $token -Endpoint 'https://graph.microsoft.com/v1.0' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidEndpoint,*'
    }

    It '<Command> says to connect first when not connected' -TestCases @(
        @{ Command = 'Get-XtMigrationJob'; Params = @{} }
        @{ Command = 'New-XtMigrationJob'; Params = @{ DisplayName = 'x'; SourceTenantId = '12345678-1234-1234-1234-123456789012'; CompleteAfterDateTime = (Get-Date).AddDays(3); Resource = [guid]::NewGuid().ToString(); Workload = 'Teams'; Confirm = $false } }
        @{ Command = 'Test-XtMigrationJob'; Params = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Start-XtMigrationJob'; Params = @{ Id = [guid]::NewGuid().ToString(); Confirm = $false } }
        @{ Command = 'Wait-XtMigrationJob'; Params = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Set-XtMigrationJob'; Params = @{ Id = [guid]::NewGuid().ToString(); CompleteAfterDateTime = (Get-Date).AddDays(3); Confirm = $false } }
        @{ Command = 'Stop-XtMigrationJob'; Params = @{ Id = [guid]::NewGuid().ToString(); Confirm = $false } }
        @{ Command = 'Remove-XtMigrationJob'; Params = @{ Id = [guid]::NewGuid().ToString(); Confirm = $false } }
        @{ Command = 'Get-XtMigrationJobUser'; Params = @{ JobId = [guid]::NewGuid().ToString() } }
        @{ Command = 'Stop-XtMigrationJobUser'; Params = @{ JobId = [guid]::NewGuid().ToString(); Id = [guid]::NewGuid().ToString(); Confirm = $false } }
    ) {
        param($Command, $Params)
        Reset-XtEmulatorStats $script:Emulator
        Disconnect-XtMigration
        try {
            Get-XtMigrationContext | Should -BeNullOrEmpty
            $err = { & $Command @Params -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,*' -PassThru
            $err.Exception.Message | Should -Match 'Connect-XtMigration'
        } finally {
            Connect-XtTestEmulator $script:Emulator
        }
        (Get-XtEmulatorStats $script:Emulator).total | Should -Be 0
    }
}
