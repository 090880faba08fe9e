# The core path, end to end: the module in this pwsh, the emulator host over HTTP on 127.0.0.1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 150
    Connect-XtTestEmulator $script:Emulator
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'A job from definition to completion' -Tag Lifecycle {
    It 'creates, validates and migrates a job through the pipeline, ending completed' {
        $users = New-XtTestUserId 4
        $job = New-XtMigrationJob -DisplayName (New-XtTestJobName 'wave') -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddSeconds(4) -Resource $users -Workload Exchange, Teams, ODSP `
            -TargetDeliveryDomain fabrikam.onmicrosoft.com -SourceEndpoint EXOHandler -Confirm:$false
        $job.Status | Should -Be 'submitted'
        $job.JobType | Should -Be 'validate'
        $job.Resources | Should -HaveCount 4

        $validated = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60
        $validated.Status | Should -Be 'validatePassed'
        ($validated.Status -eq 'validatePassed') | Should -BeTrue

        $done = $validated | Start-XtMigrationJob -Wait -Confirm:$false -PollIntervalSec 0.2 -TimeoutSec 120
        $done.Status | Should -Be 'completed'
        $done.JobType | Should -Be 'migrate'
        $done.Id | Should -Be $job.Id
    }

    It 'writes the module''s own job type with Graph''s property names' {
        $job = New-XtTestJob
        $job.PSObject.TypeNames[0] | Should -Be 'CrossTenantMigration.MigrationJob'
        foreach ($name in 'Id', 'DisplayName', 'JobType', 'Status', 'Message', 'CompleteAfterDateTime', 'SourceTenantId', 'TargetTenantId',
            'ExchangeSettings', 'Workloads', 'ResourceType', 'Resources', 'CreatedBy', 'CreatedDateTime', 'LastUpdatedDateTime') {
            $job.PSObject.Properties.Name | Should -Contain $name
        }
        $job.ExchangeSettings.TargetDeliveryDomain | Should -Be 'fabrikam.onmicrosoft.com'
        $job.ExchangeSettings.SourceEndpoint | Should -Be 'EXOHandler'
        $job.SourceTenantId | Should -Be (Get-XtTestSourceTenant)
        $job.TargetTenantId | Should -Not -BeNullOrEmpty
        $job.CreatedDateTime | Should -BeOfType [DateTimeOffset]
    }

    It 'reads back a job in the documented quirky shape (lower-case workloads and resource type, resources as [])' {
        $job = New-XtTestJob
        $read = Get-XtMigrationJob -Id $job.Id
        $read.ResourceType | Should -Be 'Users'
        $read.Workloads | Should -Be @('Exchange', 'ODSP', 'Teams')
        $read.Resources | Should -HaveCount 0
        $read.UserCount | Should -BeNullOrEmpty
        $read.CreatedBy | Should -Not -BeNullOrEmpty
    }

    It 'waits for the cutover date: a job migrated two weeks ahead completes once the clock passes it' {
        $job = New-XtTestJob @{ CompleteAfterDateTime = (Get-Date).AddDays(3) }
        $null = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60
        $started = $job | Start-XtMigrationJob -Confirm:$false
        $started.Status | Should -Be 'processing'
        Step-XtEmulatorClock $script:Emulator -Seconds 1 # past the processing step; the cutover is days away
        (Get-XtMigrationJob -Id $job.Id).Status | Should -Be 'inProgress'
        Step-XtEmulatorClock $script:Emulator -Seconds (4 * 86400)
        try {
            $done = Wait-XtMigrationJob -Id $job.Id -PollIntervalSec 0.2 -TimeoutSec 60
            $done.Status | Should -Be 'completed'
        } finally {
            Reset-XtEmulator $script:Emulator # back to real time for the tests that follow
        }
    }

    It 'reports a validation failure and refuses to migrate it, naming the status' {
        $users = @(New-XtTestUserId 2) + @(New-XtTestUserId 1 -Prefix 'bad0')
        $job = New-XtTestJob @{ Resource = $users }
        $result = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60
        $result.Status | Should -Be 'validateFailed'
        $err = $null
        $job | Start-XtMigrationJob -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobStatusNotMigratable,*'
        $err[0].Exception.Message | Should -Match 'validateFailed'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
    }

    It 'ends completedWithErrors when some users fail migration' {
        $users = @(New-XtTestUserId 3) + @(New-XtTestUserId 2 -Prefix 'fa11')
        $job = New-XtTestJob @{ Resource = $users; CompleteAfterDateTime = (Get-Date).AddSeconds(3) }
        $done = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 |
            Start-XtMigrationJob -Wait -Confirm:$false -PollIntervalSec 0.2 -TimeoutSec 120
        $done.Status | Should -Be 'completedWithErrors'
    }

    It 'refuses to migrate a job that was never validated, before sending the action' {
        $job = New-XtTestJob
        Reset-XtEmulatorStats $script:Emulator
        { Start-XtMigrationJob -Id $job.Id -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'JobStatusNotMigratable,*'
        (Get-XtEmulatorStats $script:Emulator).byMethod.POST | Should -BeNullOrEmpty
    }

    It 'waits for several jobs at once and writes each as it ends' {
        $jobs = 1..3 | ForEach-Object { New-XtTestJob }
        $jobs | Test-XtMigrationJob -Confirm:$false | Out-Null
        $settled = $jobs | Wait-XtMigrationJob -PollIntervalSec 0.2 -TimeoutSec 60
        $settled | Should -HaveCount 3
        $settled.Status | Sort-Object -Unique | Should -Be 'validatePassed'
    }

    It 'goes on waiting for the other jobs when one is deleted meanwhile, with a JobNotFound error for it' {
        $gone = New-XtTestJob
        $kept = New-XtTestJob
        $null = $gone | Stop-XtMigrationJob -Confirm:$false
        $null = $kept | Test-XtMigrationJob -Confirm:$false
        Step-XtEmulatorClock $script:Emulator -Seconds 1 # the cancellation completes
        $null = $gone | Remove-XtMigrationJob -Confirm:$false
        Step-XtEmulatorClock $script:Emulator -Seconds 1 # and so does the deletion
        $err = $null
        $settled = Wait-XtMigrationJob -Id $gone.Id, $kept.Id -PollIntervalSec 0.2 -TimeoutSec 60 -ErrorVariable err -ErrorAction SilentlyContinue
        $settled.Id | Should -Be $kept.Id
        $settled.Status | Should -Be 'validatePassed'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound,*'
    }

    It 'gives a WaitTimedOut error per job that does not settle in time' {
        $job = New-XtTestJob
        $err = $null
        $out = Wait-XtMigrationJob -Id $job.Id -TimeoutSec 1 -PollIntervalSec 0.2 -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }
}

Describe 'Re-running a script' -Tag Lifecycle {
    It 'returns the existing job with a warning when the same job is created again' {
        $params = @{ DisplayName = New-XtTestJobName 'rerun'; Resource = New-XtTestUserId 3 }
        $first = New-XtTestJob $params
        $out = New-XtTestJob $params 3>&1
        $second = $out | Where-Object { $_ -is [CrossTenantMigration.MigrationJob] }
        $second.Id | Should -Be $first.Id
        ($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message | Should -Match 'already exists'
        (Get-XtMigrationJob -DisplayName $params.DisplayName) | Should -HaveCount 1
    }

    It 'is a JobNameConflict, naming the existing job, when the name holds another definition' {
        $first = New-XtTestJob
        $err = { New-XtTestJob @{ DisplayName = $first.DisplayName; ErrorAction = 'Stop' } } | Should -Throw -ErrorId 'JobNameConflict,*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        $err.Exception.Message | Should -Match $first.Id
    }
}

Describe 'Finding jobs' -Tag Lifecycle {
    BeforeAll {
        $script:Prefix = "page-$([guid]::NewGuid().ToString('N').Substring(0, 6))"
        $script:Paged = 1..23 | ForEach-Object { New-XtTestJob @{ DisplayName = '{0}-{1:d2}' -f $script:Prefix, $_ } }
    }

    It 'lists every job, following next links past the page of 20' {
        Reset-XtEmulatorStats $script:Emulator
        $all = Get-XtMigrationJob
        ($all | Where-Object DisplayName -like "$script:Prefix-*") | Should -HaveCount 23
        (Get-XtEmulatorStats $script:Emulator).byMethod.GET | Should -BeGreaterThan 1
    }

    It 'takes a display name or an id as its one positional argument' {
        (Get-XtMigrationJob "$script:Prefix-05").Id | Should -Be $script:Paged[4].Id
        (Get-XtMigrationJob $script:Paged[4].Id).DisplayName | Should -Be "$script:Prefix-05"
    }

    It 'finds one job by its display name (the alternate key)' {
        $job = Get-XtMigrationJob -DisplayName "$script:Prefix-07"
        $job | Should -HaveCount 1
        $job.Id | Should -Be $script:Paged[6].Id
    }

    It 'matches display names with wildcards on the client' {
        (Get-XtMigrationJob -DisplayName "$script:Prefix-1*") | Should -HaveCount 10
        (Get-XtMigrationJob -DisplayName "$script:Prefix-0?", "$script:Prefix-2?") | Should -HaveCount 13
    }

    It 'filters on status' {
        Test-XtMigrationJob -Id $script:Paged[0].Id -Confirm:$false | Out-Null
        $found = Get-XtMigrationJob -DisplayName "$script:Prefix-*" -Status submitted
        $found | Should -HaveCount 22
    }

    It 'gets jobs by id from the pipeline' {
        $found = $script:Paged[0..2] | Get-XtMigrationJob
        $found.Id | Should -Be $script:Paged[0..2].Id
    }

    It 'works with Test- and Start- by display name' {
        $job = New-XtTestJob
        $validated = Test-XtMigrationJob -DisplayName $job.DisplayName -Wait -PollIntervalSec 0.2 -TimeoutSec 60
        $validated.Status | Should -Be 'validatePassed'
    }

    It 'is an ObjectNotFound error for a name or id that does not exist' {
        { Get-XtMigrationJob -DisplayName 'no-such-job-anywhere' -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound,*'
        $err = $null
        Get-XtMigrationJob -Id ([guid]::NewGuid()) -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match 'request-id'
    }

    It 'shows jobs as a table without SDK internals' {
        $text = Get-XtMigrationJob -DisplayName "$script:Prefix-0*" | Format-Table | Out-String -Width 120
        $text | Should -Match 'DisplayName'
        $text | Should -Match "$script:Prefix-01"
        $text | Should -Not -Match 'BackingStore|AdditionalData|OdataType'
    }
}

Describe 'API versions' -Tag Lifecycle {
    It 'talks to /<Version> when connected with -ApiVersion <Version>' -TestCases @(@{ Version = 'beta' }, @{ Version = 'v1.0' }) {
        param($Version)
        Connect-XtTestEmulator $script:Emulator -ApiVersion $Version
        try {
            (Get-XtMigrationContext).ApiVersion | Should -Be $Version
            $verbose = New-XtTestJob -Override @{ Verbose = $true } 4>&1
            $job = $verbose | Where-Object { $_ -is [CrossTenantMigration.MigrationJob] }
            $job.Status | Should -Be 'submitted'
            ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" |
                Should -Match ([regex]::Escape("/$Version/solutions/migrations/crossTenantMigrationJobs"))
            (Get-XtMigrationJob -Id $job.Id).DisplayName | Should -Be $job.DisplayName
        } finally {
            Connect-XtTestEmulator $script:Emulator
        }
    }
}

Describe 'Throttling' -Tag Lifecycle {
    AfterEach { $null = Invoke-XtEmulatorAdmin $script:Emulator 'throttle' -Method DELETE }

    It 'retries 429 answers after Retry-After and succeeds, telling each retry in -Verbose' {
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'throttle' -Method PUT -Body @{ everyNth = 2; retryAfterSeconds = 1 }
        Reset-XtEmulatorStats $script:Emulator
        $out = & { New-XtTestJob -Override @{ Verbose = $true }; Get-XtMigrationJob -Verbose } 4>&1
        $jobs = $out | Where-Object { $_ -is [CrossTenantMigration.MigrationJob] }
        $jobs | Should -Not -BeNullOrEmpty
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match '429.*retrying in 1\.0 s'
        $stats = Get-XtEmulatorStats $script:Emulator
        $stats.duplicateDisplayNames | Should -Be 0
    }

    It 'gives up after the retry limit with a LimitsExceeded error' {
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'throttle' -Method PUT -Body @{ everyNth = 1; retryAfterSeconds = 0 }
        Connect-XtTestEmulator $script:Emulator -Extra @{ MaxRetryCount = 2 }
        try {
            $err = { Get-XtMigrationJob -ErrorAction Stop } | Should -Throw -ErrorId 'Throttled,*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $err.Exception.Message | Should -Match 'request-id'
        } finally {
            Connect-XtTestEmulator $script:Emulator
        }
    }
}
