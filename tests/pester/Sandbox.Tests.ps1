# The sandbox as a test double that a script's Pester tests steer: every setting of
# Set-XtMigrationSandbox through the real cmdlets, the statistics, the reset, the errors off a
# sandbox, and one sandbox per connection shared by the whole process.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    Connect-XtMigration -Sandbox -WarningAction SilentlyContinue

    function New-SandboxJob([hashtable] $Override = @{}) {
        $params = @{ Workload = 'Teams', 'ODSP'; TargetDeliveryDomain = $null; SourceEndpoint = $null; CompleteAfterDateTime = (Get-Date).AddDays(2) }
        foreach ($k in $Override.Keys) { $params[$k] = $Override[$k] }
        foreach ($k in @($params.Keys)) { if ($null -eq $params[$k]) { $params.Remove($k) } }
        New-XtTestJob -Override $params
    }

    function Get-JobStatus([string] $Id) { (Get-XtMigrationJob -Id $Id).Status }

    # Validate, cut over now, migrate: a job through to its end at -StepSec 0.
    function Complete-SandboxJob($Job) {
        $null = $Job | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 30 -Confirm:$false
        $null = $Job | Set-XtMigrationJob -CompleteAfterDateTime (Get-Date) -Confirm:$false -WarningAction SilentlyContinue
        $Job | Start-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 30 -Confirm:$false
    }
}

Describe 'Off a sandbox' -Tag Sandbox {
    AfterAll { Connect-XtMigration -Sandbox -WarningAction SilentlyContinue }

    It 'every sandbox cmdlet fails with NotConnected when there is no connection' {
        Disconnect-XtMigration
        foreach ($command in { Set-XtMigrationSandbox -StepSec 0 -ErrorAction Stop }, { Get-XtMigrationSandboxStatistics -ErrorAction Stop },
            { Reset-XtMigrationSandbox -Confirm:$false -ErrorAction Stop }) {
            $err = $command | Should -Throw -ErrorId 'NotConnected,*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        }
    }

    It 'every sandbox cmdlet fails with NotSandbox on a connection to a service, and sends it nothing' {
        $emulator = Start-XtEmulatorHost
        try {
            Connect-XtTestEmulator $emulator
            Reset-XtEmulatorStats $emulator
            foreach ($command in { Set-XtMigrationSandbox -StepSec 0 -ErrorAction Stop }, { Get-XtMigrationSandboxStatistics -ErrorAction Stop },
                { Reset-XtMigrationSandbox -Confirm:$false -ErrorAction Stop }, { Set-XtMigrationSandbox -LoseNextCreateReply -WhatIf -ErrorAction Stop }) {
                $err = $command | Should -Throw -ErrorId 'NotSandbox,*' -PassThru
                $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
                $err.Exception.Message | Should -Match 'Connect-XtMigration -Sandbox'
            }
            (Get-XtEmulatorStats $emulator).total | Should -Be 0
        } finally {
            Stop-XtEmulatorHost $emulator
        }
    }
}

Describe 'Set-XtMigrationSandbox' -Tag Sandbox {
    BeforeEach {
        Reset-XtMigrationSandbox -Confirm:$false
        Set-XtMigrationSandbox -StepSec 0
    }

    Context 'the pace and the clock' {
        It '-StepSec 0 changes each status at once' {
            $job = New-SandboxJob
            $null = $job | Test-XtMigrationJob -Confirm:$false
            (Get-JobStatus $job.Id) | Should -Be 'validatePassed'
        }

        It '-StepSec holds each status for its step of the sandbox clock, and -AdvanceBy moves the clock' {
            Set-XtMigrationSandbox -StepSec 3600
            $job = New-SandboxJob
            $null = $job | Test-XtMigrationJob -Confirm:$false
            (Get-JobStatus $job.Id) | Should -Be 'validateSubmitted'
            Set-XtMigrationSandbox -AdvanceBy (New-TimeSpan -Hours 1)
            (Get-JobStatus $job.Id) | Should -Be 'validateProcessing'
            Set-XtMigrationSandbox -AdvanceBy (New-TimeSpan -Hours 2)
            (Get-JobStatus $job.Id) | Should -Be 'validatePassed'
        }

        It '-Now brings the cutover date: a migrating job completes by the sandbox clock' {
            $job = New-SandboxJob @{ CompleteAfterDateTime = (Get-Date).AddDays(2) }
            $null = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 30 -Confirm:$false
            $null = $job | Start-XtMigrationJob -Confirm:$false
            (Get-JobStatus $job.Id) | Should -Be 'inProgress' -Because 'it waits for its cutover date'
            $settings = Set-XtMigrationSandbox -Now (Get-Date).AddDays(2).AddMinutes(1) -PassThru
            $settings.Now | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddDays(2))
            (Get-JobStatus $job.Id) | Should -Be 'completed'
        }

        It '-AdvanceBy past seven days expires a validation' {
            $job = New-SandboxJob
            $null = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 30 -Confirm:$false
            Set-XtMigrationSandbox -AdvanceBy (New-TimeSpan -Days 8)
            { $job | Start-XtMigrationJob -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ValidationExpired,*'
        }

        It 'refuses a -Now in the past, naming the parameter, and changes nothing' {
            $err = { Set-XtMigrationSandbox -Now (Get-Date).AddHours(-1) -StepSec 5 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSandboxTime,*' -PassThru
            $err.Exception.Message | Should -Match '-Now'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            (Set-XtMigrationSandbox -PassThru).StepSec | Should -Be 0 -Because 'a change is applied whole or not at all'
        }

        It 'refuses a negative -AdvanceBy, naming the parameter, and -Now with -AdvanceBy' {
            $err = { Set-XtMigrationSandbox -AdvanceBy (New-TimeSpan -Minutes -5) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidSandboxTime,*' -PassThru
            $err.Exception.Message | Should -Match '-AdvanceBy'
            { Set-XtMigrationSandbox -Now (Get-Date).AddDays(1) -AdvanceBy (New-TimeSpan -Days 1) -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
        }
    }

    Context 'users who fail' {
        It '-FailValidation fails those users, with the default workload and error' {
            $users = New-XtTestUserId 3
            Set-XtMigrationSandbox -FailValidation $users[1]
            $job = New-SandboxJob @{ Resource = $users }
            ($job | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 30 -Confirm:$false).Status | Should -Be 'validateFailed'
            $invalid = @($job | Get-XtMigrationJobUser -Status invalid)
            $invalid.Id | Should -Be $users[1]
            $invalid[0].Errors[0].Workload | Should -Be 'Teams' -Because 'without Exchange the default is the job''s first workload'
            $invalid[0].Errors[0].Code | Should -Be 'IM-003' -Because 'a documented code, whose remedy reports show'
        }

        It '-FailMigration with -Workload, -ErrorCode and -ErrorMessage sets what the failed user carries' {
            $users = New-XtTestUserId 3
            $settings = Set-XtMigrationSandbox -FailMigration $users[0] -Workload odsp -ErrorCode OneDriveQuotaExceeded -ErrorMessage 'The target OneDrive is full.' -PassThru
            $settings.Workload | Should -Be 'ODSP'
            $job = New-SandboxJob @{ Resource = $users }
            (Complete-SandboxJob $job).Status | Should -Be 'completedWithErrors'
            $failed = @($job | Get-XtMigrationJobUser -Status failed)
            $failed.Id | Should -Be $users[0]
            $failed[0].ODSPStatus | Should -Be 'failed'
            $error0 = $failed[0].Errors | Where-Object Workload -eq 'ODSP'
            $error0.Code | Should -Be 'OneDriveQuotaExceeded'
            $error0.Message | Should -Be 'The target OneDrive is full.'
        }

        It '-Workload Exchange fails the mailbox, with the migration''s default error' {
            $users = New-XtTestUserId 2
            Set-XtMigrationSandbox -FailMigration $users[1] -Workload Exchange
            $job = New-XtTestJob @{ Resource = $users; CompleteAfterDateTime = (Get-Date).AddDays(2) }
            (Complete-SandboxJob $job).Status | Should -Be 'completedWithErrors'
            $failed = $job | Get-XtMigrationJobUser -Status failed
            $failed.ExchangeStatus | Should -Be 'failed'
            ($failed.Errors | Where-Object Workload -eq 'Exchange').Code | Should -Be 'EXCH-15'
        }

        It 'an empty list clears the failing users, and the other settings keep their values' {
            $user = New-XtTestUserId 1
            Set-XtMigrationSandbox -FailValidation $user -ErrorCode Custom
            $settings = Set-XtMigrationSandbox -FailValidation @() -PassThru
            $settings.FailValidation | Should -BeNullOrEmpty
            $settings.ErrorCode | Should -Be 'Custom'
            $job = New-SandboxJob @{ Resource = $user }
            ($job | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 30 -Confirm:$false).Status | Should -Be 'validatePassed'
        }
    }

    Context 'throttling and faults' {
        It '-ThrottleEvery makes every Nth request a 429 that the module waits out; 0 turns it off' {
            Set-XtMigrationSandbox -ThrottleEvery 2
            1..3 | ForEach-Object { $null = Get-XtMigrationJob }
            $stats = Get-XtMigrationSandboxStatistics
            $stats.Throttled | Should -Be 2 -Because 'requests 2 and 4 were throttled, and each was retried'
            $stats.Requests | Should -Be 5
            Set-XtMigrationSandbox -ThrottleEvery 0
            1..2 | ForEach-Object { $null = Get-XtMigrationJob }
            (Get-XtMigrationSandboxStatistics).Throttled | Should -Be 2
        }

        It '-FaultPercent faults that share of requests, and -Seed repeats the same faults' {
            # No retries, so that each request's fault shows as the command's failure.
            Connect-XtMigration -Sandbox -MaxRetryCount 0 -WarningAction SilentlyContinue
            try {
                function Get-Pattern {
                    -join (1..16 | ForEach-Object {
                            try { $null = Get-XtMigrationJob -ErrorAction Stop; '.' }
                            catch { $_.FullyQualifiedErrorId | Should -Match '^(ServiceUnavailable|ConnectionFailed),'; 'x' }
                        })
                }
                Set-XtMigrationSandbox -FaultPercent 50 -Seed 7
                $first = Get-Pattern
                (Get-XtMigrationSandboxStatistics).FaultsInjected | Should -Be ([regex]::Matches($first, 'x').Count)
                $first | Should -Match 'x'
                $first | Should -Match '\.'
                Set-XtMigrationSandbox -Seed 7
                Get-Pattern | Should -Be $first
                Set-XtMigrationSandbox -Seed 8
                Get-Pattern | Should -Not -Be $first
                Set-XtMigrationSandbox -FaultPercent 0
                Get-Pattern | Should -Be ('.' * 16)
                (Get-XtMigrationSandboxStatistics).Throttled | Should -Be 0 -Because 'faults are 503, 504 and dropped connections, never 429'
            } finally {
                Connect-XtMigration -Sandbox -WarningAction SilentlyContinue
            }
        }

        It '-LoseNextCreateReply loses the next create''s reply, not another POST''s, and yields one job' {
            $first = New-SandboxJob
            (Set-XtMigrationSandbox -LoseNextCreateReply -PassThru).LoseNextCreateReply | Should -BeTrue
            $null = $first | Test-XtMigrationJob -Confirm:$false -WarningVariable validateWarnings
            $validateWarnings | Should -BeNullOrEmpty -Because 'a validate is a POST, but not a create'
            $name = New-XtTestJobName
            $job = New-XtMigrationJob -DisplayName $name -Resource (New-XtTestUserId 2) -SourceTenantId (Get-XtTestSourceTenant) `
                -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Teams -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
            $job.DisplayName | Should -Be $name
            "$warned" | Should -Match ([regex]::Escape($name)) -Because 'the module found the job its lost create had made'
            $stats = Get-XtMigrationSandboxStatistics
            $stats.Creates | Should -Be 2
            $stats.Jobs | Should -Be 2
            $stats.FaultsInjected | Should -Be 1
            $stats.DuplicateDisplayNames | Should -Be 0
            (Set-XtMigrationSandbox -PassThru).LoseNextCreateReply | Should -BeFalse -Because 'it fires once'
        }

        It '-LoseNextCreateReply:$false drops a lost reply that has not fired' {
            Set-XtMigrationSandbox -LoseNextCreateReply
            (Set-XtMigrationSandbox -LoseNextCreateReply:$false -PassThru).LoseNextCreateReply | Should -BeFalse
            $null = New-XtMigrationJob -DisplayName (New-XtTestJobName) -Resource (New-XtTestUserId 1) -SourceTenantId (Get-XtTestSourceTenant) `
                -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Teams -Confirm:$false -WarningVariable warned
            $warned | Should -BeNullOrEmpty
            (Get-XtMigrationSandboxStatistics).FaultsInjected | Should -Be 0
        }
    }

    Context 'the service''s corners' {
        It '-AdminActionRequired stops the named job in adminActionRequired; @() clears the list' {
            $name = New-XtTestJobName
            (Set-XtMigrationSandbox -AdminActionRequired $name -PassThru).AdminActionRequired | Should -Be $name
            $other = New-SandboxJob
            $job = New-SandboxJob @{ DisplayName = $name }
            $out = $job, $other | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 30 -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
            ($out | Where-Object Id -eq $job.Id).Status | Should -Be 'adminActionRequired'
            ($out | Where-Object Id -eq $other.Id).Status | Should -Be 'validatePassed'
            "$warned" | Should -Match 'administrator'
            (Set-XtMigrationSandbox -AdminActionRequired @() -PassThru).AdminActionRequired | Should -BeNullOrEmpty
        }

        It '-RefuseAlternateKey makes the service refuse the displayName key; the module finds the job anyway; :$false turns it off' {
            (Set-XtMigrationSandbox -RefuseAlternateKey -PassThru).RefuseAlternateKey | Should -BeTrue
            $job = New-SandboxJob
            $found = Get-XtMigrationJob -DisplayName $job.DisplayName -Verbose 4>&1
            ($found | Where-Object { $_ -is [CrossTenantMigration.MigrationJob] }).Id | Should -Be $job.Id
            $verbose = ($found | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n"
            $verbose | Should -Match "displayName='[^']+'\)? -> 400"
            (Set-XtMigrationSandbox -RefuseAlternateKey:$false -PassThru).RefuseAlternateKey | Should -BeFalse
        }
    }

    Context 'the directory' {
        It 'takes users from CSV rows piped in, and from objects and hashtables given by name; a user given again replaces the one of its id' {
            $csv = Join-Path $TestDrive 'directory.csv'
            $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Id = (New-XtTestUserId 1); UserPrincipalName = "csv$_@fabrikam.onmicrosoft.com"; DisplayName = "Csv $_" } }
            $rows | Export-Csv $csv -NoTypeInformation
            Import-Csv $csv | Set-XtMigrationSandbox
            (Get-XtMigrationSandboxStatistics).DirectoryUsers | Should -Be 3
            Set-XtMigrationSandbox -DirectoryUser ([pscustomobject]@{ ObjectId = (New-XtTestUserId 1); UPN = 'object@fabrikam.onmicrosoft.com' }),
                @{ id = (New-XtTestUserId 1); userPrincipalName = 'hashtable@fabrikam.onmicrosoft.com'; displayName = 'From a hashtable' }
            (Get-XtMigrationSandboxStatistics).DirectoryUsers | Should -Be 5
            Set-XtMigrationSandbox -DirectoryUser ([pscustomobject]@{ Id = $rows[0].Id.ToUpperInvariant(); UserPrincipalName = 'renamed@fabrikam.onmicrosoft.com' })
            (Get-XtMigrationSandboxStatistics).DirectoryUsers | Should -Be 5 -Because 'the user of that id was replaced'
            (Get-XtMigrationSandboxStatistics).Requests | Should -Be 0 -Because 'steering the directory sends nothing'
        }

        It 'refuses <Name>, naming -DirectoryUser, and changes nothing' -ForEach @(
            @{ Name = 'an id that is not a GUID'; ErrorId = 'InvalidUserId'; User = @{ Id = 'nope'; UserPrincipalName = 'a@fabrikam.com' } }
            @{ Name = 'a row without an id'; ErrorId = 'InvalidUserId'; User = @{ UserPrincipalName = 'a@fabrikam.com' } }
            @{ Name = 'a name that is not name@domain'; ErrorId = 'InvalidUserPrincipalName'; User = @{ Id = [guid]::NewGuid(); UserPrincipalName = 'adele' } }
            @{ Name = 'the id of the first user again'; ErrorId = 'DuplicateResourceId'; User = @{ Id = '11111111-2222-3333-4444-555555555555'; UserPrincipalName = 'b@fabrikam.com' } }
            @{ Name = 'the name of the first user again, in another case'; ErrorId = 'DuplicateResourceId'; User = @{ Id = [guid]::NewGuid(); UserPrincipalName = 'FIRST@fabrikam.com' } }
            @{ Name = 'the name of a user already in the directory'; ErrorId = 'DuplicateResourceId'; User = @{ Id = [guid]::NewGuid(); UserPrincipalName = 'Present@Fabrikam.com' } }
        ) {
            Set-XtMigrationSandbox -DirectoryUser @{ Id = [guid]::NewGuid(); UserPrincipalName = 'present@fabrikam.com' }
            $first = @{ Id = '11111111-2222-3333-4444-555555555555'; UserPrincipalName = 'first@fabrikam.com' }
            $err = { Set-XtMigrationSandbox -StepSec 5 -DirectoryUser $first, $User -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*" -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match '-DirectoryUser'
            $err.Exception.Message | Should -Match 'users? (1 and )?2'
            (Get-XtMigrationSandboxStatistics).DirectoryUsers | Should -Be 1 -Because 'nothing of the change was applied'
            (Set-XtMigrationSandbox -PassThru).StepSec | Should -Be 0
        }

        It '-WhatIf adds no user' {
            Set-XtMigrationSandbox -DirectoryUser @{ Id = [guid]::NewGuid(); UserPrincipalName = 'whatif@fabrikam.com' } -WhatIf
            (Get-XtMigrationSandboxStatistics).DirectoryUsers | Should -Be 0
        }
    }

    Context 'the cmdlet' {
        It 'changes only what is given, and writes the settings only with -PassThru' {
            Set-XtMigrationSandbox -ThrottleEvery 3 -FaultPercent 10 -Seed 5 | Should -BeNullOrEmpty
            $settings = Set-XtMigrationSandbox -StepSec 2 -PassThru
            $settings | Should -BeOfType ([CrossTenantMigration.SandboxSettings])
            $settings.StepSec | Should -Be 2
            $settings.ThrottleEvery | Should -Be 3
            $settings.FaultPercent | Should -Be 10
            $settings.Seed | Should -Be 5
            $settings.Workload | Should -Be 'Default'
        }

        It '-WhatIf changes nothing' {
            Set-XtMigrationSandbox -StepSec 9 -ThrottleEvery 1 -WhatIf
            $settings = Set-XtMigrationSandbox -PassThru
            $settings.StepSec | Should -Be 0
            $settings.ThrottleEvery | Should -Be 0
        }

        It 'refuses <Name> while binding, before anything is sent' -ForEach @(
            @{ Name = 'a user id that is not a GUID'; Splat = @{ FailValidation = 'nope' } }
            @{ Name = 'a negative step'; Splat = @{ StepSec = -1 } }
            @{ Name = 'more than 100 percent'; Splat = @{ FaultPercent = 101 } }
            @{ Name = 'a negative throttle'; Splat = @{ ThrottleEvery = -1 } }
            @{ Name = 'an unknown workload'; Splat = @{ Workload = 'Yammer' } }
            @{ Name = 'a blank error code'; Splat = @{ ErrorCode = ' ' } }
        ) {
            { Set-XtMigrationSandbox @Splat -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
            (Get-XtMigrationSandboxStatistics).Requests | Should -Be 0
        }
    }
}

Describe 'Get-XtMigrationSandboxStatistics and Reset-XtMigrationSandbox' -Tag Sandbox {
    BeforeEach {
        Reset-XtMigrationSandbox -Confirm:$false
        Set-XtMigrationSandbox -StepSec 0
    }

    It 'counts requests by method, creates and jobs' {
        $job = New-SandboxJob
        $null = New-SandboxJob
        $null = $job | Test-XtMigrationJob -Confirm:$false
        $stats = Get-XtMigrationSandboxStatistics
        $stats | Should -BeOfType ([CrossTenantMigration.SandboxStatistics])
        $stats.Creates | Should -Be 2
        $stats.Jobs | Should -Be 2
        $stats.DuplicateDisplayNames | Should -Be 0
        $stats.ByMethod['POST'] | Should -Be 3
        $stats.Requests | Should -Be (($stats.ByMethod.Values | Measure-Object -Sum).Sum)
        $stats.Throttled | Should -Be 0
        $stats.FaultsInjected | Should -Be 0
    }

    It 'a reset leaves no jobs, counters at zero and every setting at its default' {
        $null = New-SandboxJob
        Set-XtMigrationSandbox -FailValidation (New-XtTestUserId 1) -FailMigration (New-XtTestUserId 1) -Workload Teams -ErrorCode X -ErrorMessage Y `
            -ThrottleEvery 50 -FaultPercent 1 -Seed 3 -LoseNextCreateReply -AdminActionRequired some-job -RefuseAlternateKey -AdvanceBy (New-TimeSpan -Days 30)
        $settings = Reset-XtMigrationSandbox -Confirm:$false -PassThru
        $settings.StepSec | Should -Be 1 -Because 'a sandbox connection steps every second by default'
        $settings.FailValidation | Should -BeNullOrEmpty
        $settings.FailMigration | Should -BeNullOrEmpty
        $settings.Workload | Should -Be 'Default'
        $settings.ErrorCode | Should -BeNullOrEmpty
        $settings.ErrorMessage | Should -BeNullOrEmpty
        $settings.ThrottleEvery | Should -Be 0
        $settings.FaultPercent | Should -Be 0
        $settings.Seed | Should -Be 0
        $settings.LoseNextCreateReply | Should -BeFalse
        $settings.AdminActionRequired | Should -BeNullOrEmpty
        $settings.RefuseAlternateKey | Should -BeFalse
        ($settings.Now - [DateTimeOffset]::UtcNow).Duration() | Should -BeLessThan ([TimeSpan]::FromHours(1)) -Because 'the clock is back at real time'
        Get-XtMigrationJob | Should -BeNullOrEmpty
        $stats = Get-XtMigrationSandboxStatistics
        $stats.Requests | Should -Be 1 -Because 'only the list just read counts'
        $stats.Creates | Should -Be 0
        $stats.Jobs | Should -Be 0
    }

    It 'counts the directory''s users, its lookups and its batches; a reset empties the directory' {
        Set-XtMigrationSandbox -DirectoryUser @{ Id = [guid]::NewGuid(); UserPrincipalName = 'counted@fabrikam.com'; DisplayName = 'Counted' }
        $stats = Get-XtMigrationSandboxStatistics
        $stats.DirectoryUsers | Should -Be 1
        $stats.UserLookups | Should -Be 0
        $stats.Batches | Should -Be 0
        ($stats | Format-List | Out-String) | Should -Match 'UserLookups'
        Reset-XtMigrationSandbox -Confirm:$false
        (Get-XtMigrationSandboxStatistics).DirectoryUsers | Should -Be 0
    }

    It 'counts each name a job is planned from as a lookup, in one batch' {
        $users = 1..3 | ForEach-Object { [pscustomobject]@{ Id = (New-XtTestUserId 1); UserPrincipalName = "planned$_@fabrikam.com"; DisplayName = "Planned $_" } }
        $users | Set-XtMigrationSandbox
        $job = New-XtMigrationJob -DisplayName (New-XtTestJobName names) -UserPrincipalName $users.UserPrincipalName -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Teams -Confirm:$false
        $job.Resources | Should -Be $users.Id
        $stats = Get-XtMigrationSandboxStatistics
        $stats.Batches | Should -Be 1
        $stats.UserLookups | Should -Be 3
        Reset-XtMigrationSandbox -Confirm:$false
        $stats = Get-XtMigrationSandboxStatistics
        $stats.UserLookups | Should -Be 0
        $stats.Batches | Should -Be 0
    }

    It '-WhatIf resets nothing' {
        $null = New-SandboxJob
        Reset-XtMigrationSandbox -WhatIf
        (Get-XtMigrationSandboxStatistics).Jobs | Should -Be 1
    }
}

Describe 'One sandbox per connection, shared by the process' -Tag Sandbox {
    BeforeAll { $script:Manifest = Get-XtManifestPath }
    BeforeEach {
        Reset-XtMigrationSandbox -Confirm:$false
        Set-XtMigrationSandbox -StepSec 0
    }

    It 'each Connect-XtMigration -Sandbox starts a fresh sandbox' {
        $null = New-SandboxJob
        Set-XtMigrationSandbox -ThrottleEvery 7
        Connect-XtMigration -Sandbox -WarningAction SilentlyContinue
        (Get-XtMigrationSandboxStatistics).Jobs | Should -Be 0
        (Set-XtMigrationSandbox -PassThru).ThrottleEvery | Should -Be 0
    }

    It 'ForEach-Object -Parallel and thread jobs use the same sandbox and settings' {
        $tenant = Get-XtTestSourceTenant
        $counts = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:Manifest
            $null = New-XtMigrationJob -DisplayName "parallel-$_" -Resource ([guid]::NewGuid()) -SourceTenantId $using:tenant `
                -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Teams -Confirm:$false
            (Get-XtMigrationSandboxStatistics).Creates
        }
        $counts | Should -HaveCount 4
        (Get-XtMigrationSandboxStatistics).Creates | Should -Be 4
        $seen = Start-ThreadJob {
            Import-Module $using:Manifest
            Set-XtMigrationSandbox -ThrottleEvery 13
            @(Get-XtMigrationJob -DisplayName 'parallel-*').Count
        } | Receive-Job -Wait -AutoRemoveJob
        $seen | Should -Be 4
        (Set-XtMigrationSandbox -PassThru).ThrottleEvery | Should -Be 13 -Because 'the thread job changed the same sandbox'
    }

    It 'takes a 25-user, 3-job wave from create to completed at -StepSec 0 within a bounded number of polls' {
        $jobs = New-XtTestUserId 25 | New-XtMigrationJob -DisplayName (New-XtTestJobName 'fast') -AutoSplit -BatchSize 10 -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Teams, ODSP -Confirm:$false
        $jobs | Should -HaveCount 3
        $null = $jobs | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 60 -Confirm:$false
        $null = $jobs | Set-XtMigrationJob -CompleteAfterDateTime (Get-Date) -Confirm:$false -WarningAction SilentlyContinue
        $done = $jobs | Start-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 60 -Confirm:$false
        $done.Status | Should -Be 'completed', 'completed', 'completed'
        # Each status changes at once, so the waits find every job settled at their first looks; at the
        # sandbox's default one-second step they would look hundreds of times at this poll interval.
        (Get-XtMigrationSandboxStatistics).ByMethod['GET'] | Should -BeLessOrEqual 30
    }
}
