# Bad input fails with its ErrorId, names the parameter and its rule, and sends nothing.
# A value that breaks a parameter's own rule is PowerShell's ParameterArgumentValidationError from the
# parameter's validation attribute; rules over the whole input (the users of a job) have ids of their own.
BeforeDiscovery {
    $tenant = '12345678-1234-1234-1234-123456789012'
    $users = 1..3 | ForEach-Object { [guid]::NewGuid().ToString() }
    $tooMany = 1..2001 | ForEach-Object { [guid]::NewGuid().ToString() }
    $base = @{ DisplayName = 'bad-input'; SourceTenantId = $tenant; CompleteAfterDateTime = (Get-Date).AddDays(14)
        Resource = $users; Workload = 'Exchange'; TargetDeliveryDomain = 'fabrikam.onmicrosoft.com' }
    function With([hashtable] $change, [string[]] $without = @()) {
        $h = $base.Clone(); foreach ($k in $change.Keys) { $h[$k] = $change[$k] }; foreach ($k in $without) { $h.Remove($k) }; $h
    }

    $script:AttributeCases = @(
        @{ Name = 'a blank display name'; Params = (With @{ DisplayName = '   ' }); Parameter = 'DisplayName'; Rule = 'must not be empty or white space' }
        @{ Name = 'an empty display name'; Params = (With @{ DisplayName = '' }); Parameter = 'DisplayName'; Rule = 'must not be empty or white space' }
        @{ Name = 'a source tenant that is not a GUID'; Params = (With @{ SourceTenantId = 'contoso.onmicrosoft.com' }); Parameter = 'SourceTenantId'; Rule = 'not a GUID' }
        @{ Name = 'an empty source tenant'; Params = (With @{ SourceTenantId = '' }); Parameter = 'SourceTenantId'; Rule = 'not a GUID' }
        @{ Name = 'a resource type other than Users'; Params = (With @{ ResourceType = 'Groups' }); Parameter = 'ResourceType'; Rule = 'Users' }
        @{ Name = 'an unknown workload'; Params = (With @{ Workload = 'Exchange', 'SharePoint' }); Parameter = 'Workload'; Rule = 'Exchange,ODSP,Teams' }
        @{ Name = 'Meeting, which is reported but never sent'; Params = (With @{ Workload = 'Teams', 'Meeting' }); Parameter = 'Workload'; Rule = 'Exchange,ODSP,Teams' }
        @{ Name = 'a delivery domain that is not a domain'; Params = (With @{ TargetDeliveryDomain = 'not a domain' }); Parameter = 'TargetDeliveryDomain'; Rule = 'not a domain name' }
        @{ Name = 'a delivery domain of one label'; Params = (With @{ TargetDeliveryDomain = 'fabrikam' }); Parameter = 'TargetDeliveryDomain'; Rule = 'not a domain name' }
        @{ Name = 'a blank source endpoint'; Params = (With @{ SourceEndpoint = '  ' }); Parameter = 'SourceEndpoint'; Rule = 'Exchange migration endpoint' }
        @{ Name = 'a source endpoint of 257 characters'; Params = (With @{ SourceEndpoint = 'e' * 257 }); Parameter = 'SourceEndpoint'; Rule = 'at most 256 characters' }
        @{ Name = 'a past cutover date'; Params = (With @{ CompleteAfterDateTime = (Get-Date).AddDays(-1) }); Parameter = 'CompleteAfterDateTime'; Rule = 'not in the future' }
        @{ Name = 'a cutover date a minute ago'; Params = (With @{ CompleteAfterDateTime = [DateTimeOffset]::UtcNow.AddMinutes(-1) }); Parameter = 'CompleteAfterDateTime'; Rule = 'not in the future' }
        @{ Name = 'a batch size of 0'; Params = (With @{ BatchSize = 0 }); Parameter = 'BatchSize'; Rule = 'minimum' }
        @{ Name = 'a batch size of 2001'; Params = (With @{ BatchSize = 2001 }); Parameter = 'BatchSize'; Rule = 'maximum' }
    )

    $script:WholeInputCases = @(
        @{ Name = 'no resources'; Params = (With @{ Resource = @() }); ErrorId = 'InvalidResourceCount'; Parameter = 'Resource' }
        @{ Name = 'more than 2000 resources'; Params = (With @{ Resource = $tooMany }); ErrorId = 'InvalidResourceCount'; Parameter = 'Resource' }
        @{ Name = 'a resource that is not a GUID'; Params = (With @{ Resource = @($users[0], 'alice@contoso.com') }); ErrorId = 'InvalidResourceId'; Parameter = 'Resource' }
        @{ Name = 'an empty resource'; Params = (With @{ Resource = @($users[0], '') }); ErrorId = 'InvalidResourceId'; Parameter = 'Resource' }
        @{ Name = 'a duplicate resource (case-insensitive)'; Params = (With @{ Resource = @($users[0], $users[0].ToUpperInvariant()) }); ErrorId = 'DuplicateResourceId'; Parameter = 'Resource' }
        @{ Name = 'Exchange without a delivery domain'; Params = (With @{} -without 'TargetDeliveryDomain'); ErrorId = 'TargetDeliveryDomainRequired'; Parameter = 'TargetDeliveryDomain' }
        @{ Name = 'every workload (none named) without a delivery domain'; Params = (With @{} -without 'Workload', 'TargetDeliveryDomain'); ErrorId = 'TargetDeliveryDomainRequired'; Parameter = 'TargetDeliveryDomain' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost
    Connect-XtTestEmulator $script:Emulator
    $script:NewJob = @{ DisplayName = 'piped'; SourceTenantId = (Get-XtTestSourceTenant); CompleteAfterDateTime = (Get-Date).AddDays(3); Workload = 'Teams'; Confirm = $false }
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'New-XtMigrationJob rejects bad input before sending anything' -Tag BadInput {
    BeforeEach { Reset-XtEmulatorStats $script:Emulator }
    AfterEach { (Get-XtEmulatorStats $script:Emulator).total | Should -Be 0 -Because 'nothing may be sent for bad input' }

    It 'refuses <Name> at binding, naming -<Parameter> and its rule' -TestCases $script:AttributeCases {
        param($Name, $Params, $Parameter, $Rule)
        $err = { New-XtMigrationJob @Params -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ParameterArgumentValidationError,CrossTenantMigration.Commands.NewXtMigrationJobCommand'
        $err.Exception.Message | Should -Match "parameter '$Parameter'"
        $err.Exception.Message | Should -Match ([regex]::Escape($Rule))
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'refuses <Name> over the whole input with <ErrorId>' -TestCases $script:WholeInputCases {
        param($Name, $Params, $ErrorId, $Parameter)
        $err = { New-XtMigrationJob @Params -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*" -PassThru
        $err.FullyQualifiedErrorId | Should -Be "$ErrorId,CrossTenantMigration.Commands.NewXtMigrationJobCommand"
        $err.Exception.Message | Should -Match "-$Parameter\b"
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'explains a CSV without an id or name column' {
        $csv = [pscustomobject]@{ Mail = 'alice@contoso.com' }, [pscustomobject]@{ Mail = 'bob@contoso.com' }
        $err = { $csv | New-XtMigrationJob @script:NewJob -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidResourceId,*' -PassThru
        $err.Exception.Message | Should -Match 'column'
        $err.Exception.Message | Should -Match 'UserPrincipalName'
    }

    It 'rejects an empty pipeline' {
        { @() | New-XtMigrationJob @script:NewJob -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidResourceCount,*'
    }

    It 'creates no job when one piped user is bad, whatever the error action (<Action>)' -TestCases @(
        @{ Action = 'SilentlyContinue' }, @{ Action = 'Ignore' }, @{ Action = 'Continue' }) {
        param($Action)
        $rows = @([pscustomobject]@{ Id = [guid]::NewGuid().ToString() }, [pscustomobject]@{ Id = 'not-a-user' }, [pscustomobject]@{ Id = [guid]::NewGuid().ToString() })
        $out = $null
        $err = { $out = $rows | New-XtMigrationJob @script:NewJob -ErrorAction $Action } | Should -Throw -ErrorId 'InvalidResourceId,*' -PassThru
        $out | Should -BeNullOrEmpty
        $err.Exception.Message | Should -Match 'not-a-user'
    }

    It 'creates no job when one piped row has an empty id or none at all (<Case>)' -TestCases @(
        @{ Case = 'empty'; Row = [pscustomobject]@{ ObjectId = '' } }
        @{ Case = 'null'; Row = [pscustomobject]@{ ObjectId = $null } }
        @{ Case = 'no id column'; Row = [pscustomobject]@{ Mail = 'carol@contoso.com' } }) {
        param($Case, $Row)
        $rows = @([pscustomobject]@{ ObjectId = [guid]::NewGuid().ToString() }, $Row)
        { $rows | New-XtMigrationJob @script:NewJob -ErrorAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidResourceId,*'
    }

    It 'counts users across the whole pipeline: 2,001 piped one by one is too many without -AutoSplit' {
        { 1..2001 | ForEach-Object { [guid]::NewGuid().ToString() } | New-XtMigrationJob @script:NewJob -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidResourceCount,*'
    }

    It 'finds a duplicate across the pipeline' {
        $user = [guid]::NewGuid().ToString()
        { $user, [guid]::NewGuid().ToString(), $user.ToUpperInvariant() | New-XtMigrationJob @script:NewJob -ErrorAction Stop } | Should -Throw -ErrorId 'DuplicateResourceId,*'
    }

    It 'refuses a CSV row whose <First> and <Second> name different users, with ConflictingResourceId (-AutoSplit: <AutoSplit>)' -TestCases @(
        @{ First = 'Id'; Second = 'ExternalDirectoryObjectId'; AutoSplit = $false }
        @{ First = 'ObjectId'; Second = 'UserId'; AutoSplit = $false }
        @{ First = 'Id'; Second = 'ExternalDirectoryObjectId'; AutoSplit = $true }) {
        param($First, $Second, $AutoSplit)
        # Five rows whose columns agree but on the fourth: with -AutoSplit, in the second job of two users each.
        $users = 1..5 | ForEach-Object { [guid]::NewGuid().ToString() }
        $lines = @("$First,$Second") + ($users | ForEach-Object { "$_,{$($_.ToUpperInvariant())}" })
        $other = [guid]::NewGuid().ToString()
        $lines[4] = "$($users[3]),$other"
        $rows = $lines | ConvertFrom-Csv
        $split = if ($AutoSplit) { @{ AutoSplit = $true; BatchSize = 2 } } else { @{} }
        $err = { $rows | New-XtMigrationJob @script:NewJob @split -ErrorAction Stop } | Should -Throw -ErrorId 'ConflictingResourceId,*' -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'ConflictingResourceId,CrossTenantMigration.Commands.NewXtMigrationJobCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match "Input object 4 "
        $err.Exception.Message | Should -Match "$First '$($users[3])'"
        $err.Exception.Message | Should -Match "$Second '$other'"
        $err.TargetObject.$Second | Should -Be $other -Because 'the error holds the row'
    }

    It 'refuses piped objects beside -Resource given by name: the users come from one place' {
        $errors = $null; $ended = $null
        try {
            $null = [pscustomobject]@{ Id = [guid]::NewGuid().ToString() } |
                New-XtMigrationJob @script:NewJob -Resource ([guid]::NewGuid().ToString()) -ErrorVariable errors -ErrorAction SilentlyContinue
        } catch { $ended = $_ }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound,*'
        $ended.FullyQualifiedErrorId | Should -BeLike 'InvalidResourceCount,*' -Because 'no user came from the pipeline'
    }
}

Describe 'New-XtMigrationJob checks user principal names before sending anything, lookups included' -Tag BadInput {
    BeforeEach { Reset-XtEmulatorStats $script:Emulator }
    AfterEach { (Get-XtEmulatorStats $script:Emulator).total | Should -Be 0 -Because 'nothing may be sent for bad input, not even a lookup' }

    It 'refuses a name that <Case>, given by name, with InvalidUserPrincipalName naming -UserPrincipalName' -TestCases @(
        @{ Case = 'has white space'; Value = 'adele vance@contoso.com' }
        @{ Case = 'has no @'; Value = 'adele.vance' }
        @{ Case = 'has nothing before the @'; Value = '@contoso.com' }
        @{ Case = 'has no domain'; Value = 'adele@' }
        @{ Case = 'has a domain without a dot'; Value = 'adele@contoso' }
        @{ Case = 'has two @'; Value = 'adele@alex@contoso.com' }
        @{ Case = 'is empty'; Value = '' }
        @{ Case = 'is white space'; Value = '   ' }
        @{ Case = 'is an object id'; Value = '4dd550d9-9ea2-4e71-a16b-60b1d1c4f506' }) {
        param($Case, $Value)
        $err = { New-XtMigrationJob @script:NewJob -UserPrincipalName 'good@contoso.com', $Value -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidUserPrincipalName,*' -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'InvalidUserPrincipalName,CrossTenantMigration.Commands.NewXtMigrationJobCommand'
        $err.Exception.Message | Should -Match '-UserPrincipalName\b'
        $err.Exception.Message | Should -Match 'one @'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses a bad name in a piped CSV, whatever the error action (<Action>), and creates nothing' -TestCases @(
        @{ Action = 'Stop' }, @{ Action = 'SilentlyContinue' }, @{ Action = 'Continue' }) {
        param($Action)
        $rows = 'UserPrincipalName', 'adele@contoso.com', 'alex wilber@contoso.com', 'megan@contoso.com' | ConvertFrom-Csv
        $out = $null
        $err = { $out = $rows | New-XtMigrationJob @script:NewJob -ErrorAction $Action } | Should -Throw -ErrorId 'InvalidUserPrincipalName,*' -PassThru
        $out | Should -BeNullOrEmpty
        $err.Exception.Message | Should -Match "'alex wilber@contoso.com'"
    }

    It 'refuses a blank name cell that is a row''s only user' {
        $rows = 'UserPrincipalName,Department', 'adele@contoso.com,Sales', ',Sales' | ConvertFrom-Csv
        { $rows | New-XtMigrationJob @script:NewJob -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidUserPrincipalName,*'
    }

    It 'refuses the same name twice, in any case, with DuplicateResourceId (<Case>)' -TestCases @(
        @{ Case = 'by name'; Piped = $false }, @{ Case = 'piped'; Piped = $true }) {
        param($Case, $Piped)
        $names = 'adele@contoso.com', 'alex@contoso.com', 'ADELE@Contoso.com'
        $err = if ($Piped) {
            { $names | ForEach-Object { [pscustomobject]@{ UPN = $_ } } | New-XtMigrationJob @script:NewJob -ErrorAction Stop } | Should -Throw -ErrorId 'DuplicateResourceId,*' -PassThru
        } else {
            { New-XtMigrationJob @script:NewJob -UserPrincipalName $names -ErrorAction Stop } | Should -Throw -ErrorId 'DuplicateResourceId,*' -PassThru
        }
        $err.Exception.Message | Should -Match '-UserPrincipalName\b'
    }

    It 'checks the ids beside the names before looking any name up' {
        { New-XtMigrationJob @script:NewJob -Resource 'not-a-guid' -UserPrincipalName 'adele@contoso.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidResourceId,*'
    }

    It 'checks the other rules before looking any name up' {
        $params = $script:NewJob.Clone(); $params.Remove('Workload')
        { New-XtMigrationJob @params -UserPrincipalName 'adele@contoso.com' -ErrorAction Stop } | Should -Throw -ErrorId 'TargetDeliveryDomainRequired,*'
    }

    It 'refuses a bad name under -WhatIf as well' {
        { New-XtMigrationJob @script:NewJob -UserPrincipalName 'not a name' -WhatIf -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidUserPrincipalName,*'
    }

    It 'counts names with ids: 2,001 users in all is too many without -AutoSplit' {
        $ids = 1..1001 | ForEach-Object { [guid]::NewGuid().ToString() }
        $names = 1..1000 | ForEach-Object { "user$_@contoso.com" }
        { New-XtMigrationJob @script:NewJob -Resource $ids -UserPrincipalName $names -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidResourceCount,*'
    }

    It 'refuses piped objects beside -UserPrincipalName given by name' {
        $errors = $null; $ended = $null
        try {
            $null = [pscustomobject]@{ UserPrincipalName = 'alex@contoso.com' } |
                New-XtMigrationJob @script:NewJob -UserPrincipalName 'adele@contoso.com' -ErrorVariable errors -ErrorAction SilentlyContinue
        } catch { $ended = $_ }
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InputObjectNotBound,*'
        $errors[0].Exception.Message | Should -Match '-UserPrincipalName was given by name'
        $ended.FullyQualifiedErrorId | Should -BeLike 'InvalidResourceCount,*' -Because 'no user came from the pipeline'
    }
}

Describe 'A piped row gives one user, whichever of its id columns hold it' -Tag BadInput {
    It 'takes a filled column beside an empty one, and columns that agree in another format' {
        $users = 1..4 | ForEach-Object { [guid]::NewGuid().ToString() }
        $rows = @(
            [pscustomobject]@{ Id = ''; ExternalDirectoryObjectId = $users[0] }
            [pscustomobject]@{ Id = $users[1]; ExternalDirectoryObjectId = '' }
            [pscustomobject]@{ Id = "{$($users[2].ToUpperInvariant())}"; ExternalDirectoryObjectId = $users[2] }
            [pscustomobject]@{ Id = $null; ObjectId = ' '; UserId = $users[3] })
        $job = $rows | New-XtMigrationJob @script:NewJob -DisplayName (New-XtTestJobName 'columns') -ErrorAction Stop
        ($job | Get-XtMigrationJobUser).Id | Sort-Object | Should -Be ($users | Sort-Object)
    }
}

Describe 'Job cmdlets reject a malformed value before sending anything' -Tag BadInput {
    BeforeEach { Reset-XtEmulatorStats $script:Emulator }
    AfterEach { (Get-XtEmulatorStats $script:Emulator).total | Should -Be 0 }

    It '<Command> -<Parameter> <Value> is refused at binding, naming the parameter and its rule' -TestCases @(
        @{ Command = 'Get-XtMigrationJob'; Parameter = 'Id'; Value = 'not-a-guid'; Rule = 'not a GUID'; Extra = @{} }
        @{ Command = 'Test-XtMigrationJob'; Parameter = 'Id'; Value = 'not-a-guid'; Rule = 'not a GUID'; Extra = @{} }
        @{ Command = 'Start-XtMigrationJob'; Parameter = 'Id'; Value = 'not-a-guid'; Rule = 'not a GUID'; Extra = @{} }
        @{ Command = 'Wait-XtMigrationJob'; Parameter = 'Id'; Value = 'not-a-guid'; Rule = 'not a GUID'; Extra = @{} }
        @{ Command = 'Set-XtMigrationJob'; Parameter = 'Id'; Value = 'wave-01'; Rule = 'not a GUID'; Extra = @{ CompleteAfterDateTime = (Get-Date).AddDays(3) } }
        @{ Command = 'Stop-XtMigrationJob'; Parameter = 'Id'; Value = '1234'; Rule = 'not a GUID'; Extra = @{} }
        @{ Command = 'Remove-XtMigrationJob'; Parameter = 'Id'; Value = '{not-a-guid}'; Rule = 'not a GUID'; Extra = @{} }
        @{ Command = 'Get-XtMigrationJobUser'; Parameter = 'JobId'; Value = 'x'; Rule = 'not a GUID'; Extra = @{} }
        @{ Command = 'Get-XtMigrationJobUser'; Parameter = 'Id'; Value = 'alice@contoso.com'; Rule = 'not a GUID'; Extra = @{ JobId = [guid]::NewGuid().ToString() } }
        @{ Command = 'Get-XtMigrationJobUser'; Parameter = 'Status'; Value = 'done'; Rule = 'workload statuses'; Extra = @{ JobId = [guid]::NewGuid().ToString() } }
        @{ Command = 'Stop-XtMigrationJobUser'; Parameter = 'JobId'; Value = 'wave-01'; Rule = 'not a GUID'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Stop-XtMigrationJobUser'; Parameter = 'Id'; Value = 'bob'; Rule = 'not a GUID'; Extra = @{ JobId = [guid]::NewGuid().ToString() } }
        @{ Command = 'Get-XtMigrationJob'; Parameter = 'Status'; Value = 'canceled'; Rule = 'job statuses'; Extra = @{} }
        @{ Command = 'Get-XtMigrationJob'; Parameter = 'Status'; Value = 'finished'; Rule = 'job statuses'; Extra = @{} }
        @{ Command = 'Get-XtMigrationJob'; Parameter = 'DisplayName'; Value = ' '; Rule = 'must not be empty or white space'; Extra = @{} }
        @{ Command = 'Test-XtMigrationJob'; Parameter = 'DisplayName'; Value = ' '; Rule = 'must not be empty or white space'; Extra = @{} }
        @{ Command = 'Wait-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = 0; Rule = 'minimum'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Wait-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = -5; Rule = 'minimum'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Test-XtMigrationJob'; Parameter = 'PollIntervalSec'; Value = 0; Rule = 'minimum'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Start-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = 0; Rule = 'minimum'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Wait-XtMigrationJob'; Parameter = 'PollIntervalSec'; Value = 0; Rule = 'minimum'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Test-XtMigrationJob'; Parameter = 'TimeoutSec'; Value = -1; Rule = 'minimum'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
        @{ Command = 'Test-XtMigrationJob'; Parameter = 'PollIntervalSec'; Value = 3601; Rule = 'maximum'; Extra = @{ Id = [guid]::NewGuid().ToString() } }
    ) {
        param($Command, $Parameter, $Value, $Rule, $Extra)
        $params = @{ $Parameter = $Value } + $Extra
        if ((Get-Command $Command).Parameters.ContainsKey('Confirm')) { $params.Confirm = $false }
        $err = { & $Command @params -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -PassThru
        $err.Exception.Message | Should -Match "parameter '$Parameter'"
        $err.Exception.Message | Should -Match ([regex]::Escape($Rule))
    }

    It 'a piped object with a bad id fails alone; the good one goes on' {
        $job = New-XtTestJob
        Reset-XtEmulatorStats $script:Emulator
        $err = $null
        $out = [pscustomobject]@{ Id = 'not-a-guid' }, $job | Get-XtMigrationJob -ErrorVariable err -ErrorAction SilentlyContinue
        $out.Id | Should -Be $job.Id
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        Reset-XtEmulatorStats $script:Emulator # the good one was sent; the AfterEach counts from here
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
