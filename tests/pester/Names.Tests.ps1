# Names in and out, end to end against the emulator host over HTTP: user principal names resolved to object ids through
# Microsoft Graph JSON batching before a job is created (New-XtMigrationJob -UserPrincipalName), and users named with
# -ResolveUserName. The emulator's directory is its contract: GET /v1.0/users/{id|upn}, POST /v1.0/$batch, and
# PUT /_emulator/directory/users with a JSON array of { id, userPrincipalName, displayName }. Reading users needs a token
# with User.ReadBasic.All (or User.Read.All); the directory refuses one without (HTTP 403 inside the batch).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost
    $script:JobParams = @{ SourceTenantId = (Get-XtTestSourceTenant); CompleteAfterDateTime = (Get-Date).AddDays(14); Workload = 'Teams'; Confirm = $false }

    # A connection whose token may read users, or (-WithoutDirectory) one that may not.
    function Connect-Names([switch] $WithoutDirectory) {
        $scopes = @('CrossTenantContentMigration.ReadWrite.All') + @(if (-not $WithoutDirectory) { 'User.ReadBasic.All' })
        Connect-XtMigration -AccessToken (New-XtEmulatorToken $script:Emulator -Scopes $scopes) -Endpoint $script:Emulator.Url
    }

    # New users of the emulator's directory, with names no other test uses.
    function Add-DirectoryUser([int] $Count = 1) {
        $users = @(1..$Count | ForEach-Object {
                $name = 'user-' + [guid]::NewGuid().ToString('N').Substring(0, 10)
                [pscustomobject]@{ id = (New-XtTestUserId 1); userPrincipalName = "$name@fabrikam.onmicrosoft.com"; displayName = "User $name" }
            })
        $null = Invoke-RestMethod -Method Put -Uri "$($script:Emulator.Url)/_emulator/directory/users" -ContentType 'application/json' `
            -Body (ConvertTo-Json -InputObject $users -Depth 3)
        $users
    }

    # The batches a command sent, from its -Verbose lines (one per request), and what it wrote.
    function Invoke-Counted([scriptblock] $Command) {
        $all = & $Command 4>&1
        [pscustomobject]@{
            Output  = @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
            Batches = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^POST \S+/v1\.0/\$batch -> ' }).Count
            Creates = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^POST \S+/crossTenantMigrationJobs -> ' }).Count
        }
    }
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'New-XtMigrationJob -UserPrincipalName' -Tag Names {
    BeforeEach { Connect-Names }

    It 'makes a job of a CSV file of names, the users in the file''s order' {
        $users = Add-DirectoryUser 5
        $csv = Join-Path $TestDrive 'wave.csv'
        $users | Select-Object userPrincipalName | Export-Csv $csv -NoTypeInformation
        $job = Import-Csv $csv | New-XtMigrationJob -DisplayName (New-XtTestJobName upn) @script:JobParams -ErrorAction Stop
        $job | Should -HaveCount 1
        $job.Resources | Should -Be $users.id
    }

    It 'takes names by name, in any case, beside ids' {
        $users = Add-DirectoryUser 2
        $other = New-XtTestUserId 1
        $job = New-XtMigrationJob -DisplayName (New-XtTestJobName mixed) @script:JobParams -Resource $other `
            -UserPrincipalName $users[0].userPrincipalName.ToUpperInvariant(), $users[1].userPrincipalName -ErrorAction Stop
        $job.Resources | Should -Be (@($other) + $users.id)
    }

    It 'takes a CSV that mixes rows of ids and rows of names' {
        $users = Add-DirectoryUser 2
        $id = New-XtTestUserId 1
        $rows = @("ExternalDirectoryObjectId,UserPrincipalName", ",$($users[0].userPrincipalName)", "$id,", ",$($users[1].userPrincipalName)") | ConvertFrom-Csv
        $job = $rows | New-XtMigrationJob -DisplayName (New-XtTestJobName rows) @script:JobParams -ErrorAction Stop
        $job.Resources | Should -Be @($users[0].id, $id, $users[1].id)
    }

    It 'looks 45 names up in three batches, and a second time not at all' {
        $users = Add-DirectoryUser 45
        $first = Invoke-Counted { New-XtMigrationJob -DisplayName (New-XtTestJobName batch) @script:JobParams -UserPrincipalName $users.userPrincipalName -Verbose -ErrorAction Stop }
        $first.Batches | Should -Be 3
        $first.Output[0].Resources | Should -Be $users.id
        $second = Invoke-Counted { New-XtMigrationJob -DisplayName (New-XtTestJobName again) @script:JobParams -UserPrincipalName $users.userPrincipalName -WhatIf -Verbose -ErrorAction Stop }
        $second.Batches | Should -Be 0 -Because 'every name is known to the connection'
    }

    It 'names every name it cannot resolve in one error, and creates nothing' {
        $users = Add-DirectoryUser 1
        $missing = 'nobody-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '@fabrikam.onmicrosoft.com'
        $name = New-XtTestJobName missing
        $err = { New-XtMigrationJob -DisplayName $name @script:JobParams -UserPrincipalName $users[0].userPrincipalName, $missing, 'typo@fabrikam.onmicrosoft.con' -ErrorAction Stop } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'UserPrincipalNameNotResolved,CrossTenantMigration.Commands.NewXtMigrationJobCommand'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match ([regex]::Escape("'$missing' (not found)"))
        $err.Exception.Message | Should -Match ([regex]::Escape("'typo@fabrikam.onmicrosoft.con' (not found)"))
        $err.Exception.Message | Should -Not -Match ([regex]::Escape($users[0].userPrincipalName))
        @($err.TargetObject).Count | Should -Be 2
        { Get-XtMigrationJob -DisplayName $name -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound,*'
    }

    It 'tells a token that may not read users which permission it needs, and creates nothing' {
        $users = Add-DirectoryUser 1
        Connect-Names -WithoutDirectory
        $name = New-XtTestJobName denied
        $err = { New-XtMigrationJob -DisplayName $name @script:JobParams -UserPrincipalName $users[0].userPrincipalName -ErrorAction Stop } |
            Should -Throw -ErrorId 'PermissionDenied,*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'User\.ReadBasic\.All'
        $err.Exception.Message | Should -Match ([regex]::Escape($users[0].userPrincipalName))
        { Get-XtMigrationJob -DisplayName $name -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound,*'
    }

    It 'refuses a row whose name belongs to another user than its id, holding the row' {
        $users = Add-DirectoryUser 2
        $rows = @(
            [pscustomobject]@{ ObjectId = $users[0].id; UserPrincipalName = $users[0].userPrincipalName }
            [pscustomobject]@{ ObjectId = (New-XtTestUserId 1); UserPrincipalName = $users[1].userPrincipalName })
        $err = { $rows | New-XtMigrationJob -DisplayName (New-XtTestJobName conflict) @script:JobParams -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConflictingResourceId,*' -PassThru
        $err.Exception.Message | Should -Match 'Input object 2 '
        $err.Exception.Message | Should -Match $users[1].id
        $err.TargetObject.UserPrincipalName | Should -Be $users[1].userPrincipalName
    }

    It 'takes a row whose name and id agree as one user' {
        $users = Add-DirectoryUser 2
        $rows = $users | ForEach-Object { [pscustomobject]@{ ExternalDirectoryObjectId = $_.id; UserPrincipalName = $_.userPrincipalName } }
        $job = $rows | New-XtMigrationJob -DisplayName (New-XtTestJobName agree) @script:JobParams -WarningVariable warnings -ErrorAction Stop
        $job.Resources | Should -Be $users.id
        $warnings | Should -BeNullOrEmpty
    }

    It 'uses a row''s id with a warning when its name cannot be checked (<Case>)' -TestCases @(
        @{ Case = 'not in the directory'; Denied = $false; Said = 'not in the target tenant''s directory' }
        @{ Case = 'no permission to read users'; Denied = $true; Said = 'User\.ReadBasic\.All' }) {
        param($Case, $Denied, $Said)
        if ($Denied) { Connect-Names -WithoutDirectory }
        $ids = New-XtTestUserId 2
        $rows = $ids | ForEach-Object { [pscustomobject]@{ ObjectId = $_; UserPrincipalName = "gone-$($_.Substring(0, 8))@fabrikam.onmicrosoft.com" } }
        $job = $rows | New-XtMigrationJob -DisplayName (New-XtTestJobName unchecked) @script:JobParams -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop
        $job.Resources | Should -Be $ids
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match $Said
    }

    It 'refuses a name and the id of the same user as a duplicate' {
        $users = Add-DirectoryUser 1
        { New-XtMigrationJob -DisplayName (New-XtTestJobName dup) @script:JobParams -Resource $users[0].id -UserPrincipalName $users[0].userPrincipalName -ErrorAction Stop } |
            Should -Throw -ErrorId 'DuplicateResourceId,*'
    }

    It 'resolves the names under -WhatIf, which sends no job' {
        $users = Add-DirectoryUser 2
        $name = New-XtTestJobName whatif
        $counted = Invoke-Counted { New-XtMigrationJob -DisplayName $name @script:JobParams -UserPrincipalName $users.userPrincipalName -WhatIf -Verbose -ErrorAction Stop }
        $counted.Batches | Should -Be 1
        $counted.Creates | Should -Be 0
        { New-XtMigrationJob -DisplayName $name @script:JobParams -UserPrincipalName 'nobody@fabrikam.onmicrosoft.com' -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'UserPrincipalNameNotResolved,*'
    }

    It 'resolves every name first, then splits with -AutoSplit' {
        $users = Add-DirectoryUser 5
        $name = New-XtTestJobName split
        $jobs = $users.userPrincipalName | ForEach-Object { [pscustomobject]@{ UPN = $_ } } |
            New-XtMigrationJob -DisplayName $name @script:JobParams -AutoSplit -BatchSize 2 -ThrottleLimit 2 -ErrorAction Stop
        $jobs.DisplayName | Should -Be @("$name-001", "$name-002", "$name-003")
        ($jobs | ForEach-Object { $_.Resources }) | Should -Be $users.id
    }
}

Describe 'Users named with -ResolveUserName' -Tag Names {
    BeforeAll {
        Connect-Names
        $script:Named = Add-DirectoryUser 3
        $script:Gone = New-XtTestUserId 1
        $script:Job = New-XtMigrationJob -DisplayName (New-XtTestJobName named) @script:JobParams -Resource (@($script:Named.id) + $script:Gone) -ErrorAction Stop
    }
    BeforeEach { Connect-Names }

    It 'fills in each user''s name and display name, and warns once of a user the directory does not have' {
        $users = $script:Job | Get-XtMigrationJobUser -ResolveUserName -WarningVariable warnings -WarningAction SilentlyContinue
        $users | Should -HaveCount 4
        foreach ($user in $script:Named) {
            $got = $users | Where-Object Id -EQ $user.id
            $got.UserPrincipalName | Should -Be $user.userPrincipalName
            $got.DisplayName | Should -Be $user.displayName
        }
        ($users | Where-Object Id -EQ $script:Gone).UserPrincipalName | Should -BeNullOrEmpty
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match $script:Gone
    }

    It 'leaves the names out without -ResolveUserName, and sends no lookup' {
        $counted = Invoke-Counted { $script:Job | Get-XtMigrationJobUser -Verbose }
        $counted.Batches | Should -Be 0
        $counted.Output.UserPrincipalName | Where-Object { $_ } | Should -BeNullOrEmpty
    }

    It 'names the users of -Id too' {
        $user = Get-XtMigrationJobUser -JobId $script:Job.Id -Id $script:Named[0].id -ResolveUserName
        $user.UserPrincipalName | Should -Be $script:Named[0].userPrincipalName
    }

    It 'keeps the ids with one warning naming the permission when the token may not read users' {
        Connect-Names -WithoutDirectory
        $users = $script:Job | Get-XtMigrationJobUser -ResolveUserName -WarningVariable warnings -WarningAction SilentlyContinue
        $users | Should -HaveCount 4
        $users.UserPrincipalName | Where-Object { $_ } | Should -BeNullOrEmpty
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match 'User\.ReadBasic\.All'
    }

    It 'looks each user up once for the connection' {
        $null = $script:Job | Get-XtMigrationJobUser -ResolveUserName -WarningAction SilentlyContinue
        $again = Invoke-Counted { $script:Job | Get-XtMigrationJobUser -ResolveUserName -Verbose -WarningAction SilentlyContinue }
        $again.Batches | Should -Be 1 -Because 'only the user the directory does not have is asked again'
    }

    It 'names the users of a report, and warns once of a user the directory does not have' {
        $path = Join-Path $TestDrive 'named.json'
        $script:Job | Export-XtMigrationReport -Path $path -ResolveUserName -WarningVariable warnings -WarningAction SilentlyContinue
        $path | Should -Exist
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match $script:Gone
    }

    It 'shows the names in the report (once the report writers show them)' {
        $path = Join-Path $TestDrive 'named.csv'
        $script:Job | Export-XtMigrationReport -Path $path -ResolveUserName -WarningAction SilentlyContinue
        $text = Get-Content $path -Raw
        foreach ($user in $script:Named) { $text | Should -Match ([regex]::Escape($user.userPrincipalName)) }
    }

    It 'writes the report with the ids alone, and one warning naming the permission, when the token may not read users' {
        Connect-Names -WithoutDirectory
        $path = Join-Path $TestDrive 'denied.csv'
        $script:Job | Export-XtMigrationReport -Path $path -ResolveUserName -WarningVariable warnings -WarningAction SilentlyContinue
        $path | Should -Exist
        $warnings | Should -HaveCount 1
        "$($warnings[0])" | Should -Match 'User\.ReadBasic\.All'
    }
}
