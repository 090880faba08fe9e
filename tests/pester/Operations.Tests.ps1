# Rescheduling, cancelling, removing, per-user status, splitting, -WhatIf, formatting and Ctrl+C.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 150
    Connect-XtTestEmulator $script:Emulator
    function Get-WriteCount { $s = (Get-XtEmulatorStats $script:Emulator).byMethod; [int]($s.POST) + [int]($s.PATCH) + [int]($s.DELETE) }
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'Set-XtMigrationJob' -Tag Operations {
    It 'reschedules the cutover, and the next Get shows it' {
        $job = New-XtTestJob
        $when = [DateTimeOffset]::UtcNow.AddDays(21)
        $after = $job | Set-XtMigrationJob -CompleteAfterDateTime $when -PassThru -Confirm:$false
        $after.CompleteAfterDateTime.UtcDateTime | Should -BeGreaterThan $when.UtcDateTime.AddSeconds(-1)
        (Get-XtMigrationJob -Id $job.Id).CompleteAfterDateTime.UtcDateTime | Should -BeLessThan $when.UtcDateTime.AddSeconds(1)
    }

    It 'brings a cutover forward: a job waiting for its date completes once it is set to now' {
        $job = New-XtTestJob
        $null = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 | Start-XtMigrationJob -Confirm:$false
        Set-XtMigrationJob -DisplayName $job.DisplayName -CompleteAfterDateTime (Get-Date) -Confirm:$false -WarningAction SilentlyContinue
        (Wait-XtMigrationJob -Id $job.Id -PollIntervalSec 0.2 -TimeoutSec 60).Status | Should -Be 'completed'
    }
}

Describe 'Cancelling and removing' -Tag Operations {
    It 'cancels a job, writes the service''s answer, then removes it; a later Get is ObjectNotFound' {
        $job = New-XtTestJob
        $answer = $job | Stop-XtMigrationJob -Confirm:$false
        $answer.PSObject.TypeNames[0] | Should -Be 'CrossTenantMigration.MigrationCancelResult'
        $answer.JobId | Should -Be $job.Id
        $answer.Status | Should -Be 'pendingCancel'
        $answer.Message | Should -Not -BeNullOrEmpty
        (Wait-XtMigrationJob -Id $job.Id -PollIntervalSec 0.2 -TimeoutSec 30).Status | Should -Be 'cancelled'

        $removed = $job | Remove-XtMigrationJob -PassThru -Confirm:$false
        $removed.Status | Should -Be 'pendingDelete'
        Step-XtEmulatorClock $script:Emulator -Seconds 1 # past the deletion's step
        $err = { Get-XtMigrationJob -Id $job.Id -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound,*' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses to remove a job that is not finished, saying to cancel or wait, and sends no DELETE' {
        $job = New-XtTestJob
        Reset-XtEmulatorStats $script:Emulator
        $err = { $job | Remove-XtMigrationJob -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'JobStatusNotDeletable,*' -PassThru
        $err.Exception.Message | Should -Match 'submitted'
        $err.Exception.Message | Should -Match 'Stop-XtMigrationJob'
        (Get-XtEmulatorStats $script:Emulator).byMethod.DELETE | Should -BeNullOrEmpty
    }

    It 'cancelling a user twice answers with the cancellation, and names a missing job' {
        $job = New-XtTestJob
        $null = Stop-XtMigrationJobUser -JobId $job.Id -Id $job.Resources[0] -Confirm:$false
        $again = Stop-XtMigrationJobUser -JobId $job.Id -Id $job.Resources[0] -Confirm:$false -WarningAction SilentlyContinue
        $again.UserId | Should -Be $job.Resources[0]
        { Stop-XtMigrationJobUser -JobId ([guid]::NewGuid()) -Id $job.Resources[0] -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound,*'
    }

    It 'cancels one user out of a job, leaving the others' {
        $users = New-XtTestUserId 3
        $job = New-XtTestJob @{ Resource = $users }
        $answer = Stop-XtMigrationJobUser -JobId $job.Id -Id $users[1] -Confirm:$false
        $answer.UserId | Should -Be $users[1]
        $answer.Status | Should -Be 'pendingCancel'
        Step-XtEmulatorClock $script:Emulator -Seconds 1 # past the cancellation's step
        $cancelled = Get-XtMigrationJobUser -JobId $job.Id -Status cancelled
        $cancelled.Id | Should -Be $users[1]
        (Get-XtMigrationJobUser -JobId $job.Id -Id $users[0]).ExchangeStatus | Should -Not -Be 'cancelled'
    }
}

Describe 'Get-XtMigrationJobUser' -Tag Operations {
    BeforeAll {
        $script:Users = @(New-XtTestUserId 2) + @(New-XtTestUserId 1 -Prefix 'fa11')
        $script:UserJob = New-XtTestJob @{ Resource = $script:Users; CompleteAfterDateTime = (Get-Date).AddSeconds(3) }
        $null = $script:UserJob | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 |
            Start-XtMigrationJob -Wait -Confirm:$false -PollIntervalSec 0.2 -TimeoutSec 120
    }

    It 'writes one object per user with a status per workload' {
        $users = $script:UserJob | Get-XtMigrationJobUser
        $users | Should -HaveCount 3
        $users[0].PSObject.TypeNames[0] | Should -Be 'CrossTenantMigration.MigrationUser'
        $users | ForEach-Object { $_.JobId | Should -Be $script:UserJob.Id }
        ($users | Where-Object Id -eq $script:Users[0]).ExchangeStatus | Should -Be 'completed'
        ($users | Where-Object Id -eq $script:Users[0]).TeamsStatus | Should -Be 'completed'
    }

    It 'filters on a workload status and shows the failing user''s errors' {
        $failed = Get-XtMigrationJobUser -JobId $script:UserJob.Id -Status failed
        $failed | Should -HaveCount 1
        $failed.Id | Should -Be $script:Users[2]
        $failed.Errors | Should -Not -BeNullOrEmpty
        $failed.Errors[0].Workload | Should -Be 'Exchange'
        $failed.Errors[0].Code | Should -Not -BeNullOrEmpty
    }

    It 'shows users as a 120-column table with a first error and no SDK internals' {
        $text = Get-XtMigrationJobUser -JobId $script:UserJob.Id | Format-Table | Out-String -Width 120
        $text | Should -Match 'Exchange'
        $text | Should -Match 'failed'
        $text | Should -Not -Match 'BackingStore|AdditionalData|OdataType'
        ($text -split "`n" | Measure-Object -Maximum -Property Length).Maximum | Should -BeLessOrEqual 120
    }

    It 'is an error for a user who is not in the job' {
        { Get-XtMigrationJobUser -JobId $script:UserJob.Id -Id ([guid]::NewGuid()) -ErrorAction Stop } | Should -Throw -ErrorId 'UserNotFound,*'
    }
}

Describe 'Tables' -Tag Operations {
    BeforeAll {
        function Get-Widest([string] $Text) { ($Text -split "`n" | Measure-Object -Maximum -Property Length).Maximum }
    }

    It 'shows a job''s cutover and last update in local time with the offset, within 120 columns' {
        $job = New-XtTestJob @{ DisplayName = "$(New-XtTestJobName 'table')-with-a-name-longer-than-its-column" }
        $job = Get-XtMigrationJob -Id $job.Id
        $text = $job | Format-Table | Out-String -Width 120
        $local = { param($t) $t.ToLocalTime().ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture) }
        $text | Should -Match ([regex]::Escape((& $local $job.CompleteAfterDateTime)))
        $text | Should -Match ([regex]::Escape((& $local $job.LastUpdatedDateTime)))
        Get-Widest $text | Should -BeLessOrEqual 120
    }

    # TZ names the local zone of a .NET process on Linux and macOS, not on Windows.
    It 'shows a cutover of 22:00 UTC as 17:00 -05:00 in New York, in a fresh pwsh' -Skip:$IsWindows {
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $show = '$ErrorActionPreference = "Stop"; Import-Module $env:XT_MANIFEST; ' +
            '[CrossTenantMigration.MigrationJob] @{ DisplayName = "wave-07"; Status = "inProgress"; JobType = "migrate"; Resources = @("a"); ' +
            'CompleteAfterDateTime = [DateTimeOffset] "2026-12-20T22:00:00Z"; LastUpdatedDateTime = [DateTimeOffset] "2026-07-01T12:00:00Z" } | Format-Table | Out-String -Width 120'
        foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $show)) { $info.ArgumentList.Add($a) }
        $info.Environment['TZ'] = 'America/New_York'
        $info.Environment['XT_MANIFEST'] = Get-XtManifestPath
        $info.Environment['NO_COLOR'] = '1'
        $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($info)
        $out = $process.StandardOutput.ReadToEndAsync(); $err = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit(60000) | Should -BeTrue
        $err.Result | Should -BeNullOrEmpty
        $out.Result | Should -Match '2026-12-20 17:00 -05:00'
        $out.Result | Should -Match '2026-07-01 08:00 -04:00' -Because 'a summer time has the summer offset'
        Get-Widest $out.Result | Should -BeLessOrEqual 120
    }

    It 'shows a user by user principal name where the directory gave one, else by id, within 120 columns' {
        $named = [CrossTenantMigration.MigrationUser] @{ Id = [guid]::NewGuid().ToString(); UserPrincipalName = 'adele.vance@fabrikam.onmicrosoft.com' }
        $unnamed = [CrossTenantMigration.MigrationUser] @{ Id = [guid]::NewGuid().ToString() }
        $text = $named, $unnamed | Format-Table | Out-String -Width 120
        $text | Should -Match '(?m)^User\s'
        $text | Should -Match '(?m)^adele\.vance@fabrikam\.onmicrosoft\.com\s'
        $text | Should -Not -Match $named.Id
        $text | Should -Match "(?m)^$($unnamed.Id)\s"
        Get-Widest $text | Should -BeLessOrEqual 120
    }
}

Describe 'Test-XtMigrationJob -Quiet' -Tag Operations {
    It 'returns only $true when validation passes' {
        $result = New-XtTestJob | Test-XtMigrationJob -Quiet -PollIntervalSec 0.2 -TimeoutSec 60 -Confirm:$false
        $result | Should -BeOfType [bool]
        $result | Should -BeTrue
    }

    It 'returns only $false when it fails' {
        $job = New-XtTestJob @{ Resource = @(New-XtTestUserId 1 -Prefix 'bad0') }
        $job | Test-XtMigrationJob -Quiet -PollIntervalSec 0.2 -TimeoutSec 60 -Confirm:$false | Should -BeExactly $false
    }
}

Describe 'Users in, jobs out' -Tag Operations {
    It 'makes one job of every id in a CSV file (ObjectId column)' {
        $ids = New-XtTestUserId 5
        $csv = Join-Path $TestDrive 'users.csv'
        $ids | ForEach-Object { [pscustomobject]@{ UserPrincipalName = "$_@contoso.com"; ObjectId = $_ } } | Export-Csv $csv -NoTypeInformation
        $job = Import-Csv $csv | New-XtMigrationJob -DisplayName (New-XtTestJobName csv) -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddDays(10) -Workload Teams, ODSP -Confirm:$false
        $job | Should -HaveCount 1
        $job.Resources | Should -Be $ids
    }

    It 'makes one job of user objects (ExternalDirectoryObjectId) and of plain strings' {
        $ids = New-XtTestUserId 3
        $fromObjects = $ids | ForEach-Object { [pscustomobject]@{ ExternalDirectoryObjectId = $_ } } |
            New-XtMigrationJob -DisplayName (New-XtTestJobName obj) -SourceTenantId (Get-XtTestSourceTenant) -CompleteAfterDateTime (Get-Date).AddDays(10) -Workload Teams -Confirm:$false
        $fromObjects.Resources | Should -Be $ids
        $more = New-XtTestUserId 2
        $fromStrings = $more | New-XtMigrationJob -DisplayName (New-XtTestJobName str) -SourceTenantId (Get-XtTestSourceTenant) -CompleteAfterDateTime (Get-Date).AddDays(10) -Workload Teams -Confirm:$false
        $fromStrings.Resources | Should -Be $more
    }

    It 'splits 250 users into jobs of 100 named -001 to -003, in order' {
        $ids = New-XtTestUserId 250
        $name = New-XtTestJobName split
        $jobs = $ids | New-XtMigrationJob -DisplayName $name -AutoSplit -BatchSize 100 -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddDays(10) -Workload Teams -Confirm:$false
        $jobs.DisplayName | Should -Be @("$name-001", "$name-002", "$name-003")
        $jobs[0].Resources | Should -Be $ids[0..99]
        $jobs[1].Resources | Should -Be $ids[100..199]
        $jobs[2].Resources | Should -Be $ids[200..249]
    }

    It 'splits with -BatchSize alone' {
        $jobs = New-XtMigrationJob -DisplayName (New-XtTestJobName bs) -Resource (New-XtTestUserId 5) -BatchSize 2 -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddDays(10) -Workload Teams -Confirm:$false
        $jobs | Should -HaveCount 3
        $jobs[2].Resources | Should -HaveCount 1
    }

    It 'splits 2,500 users into two jobs with the default batch size of 2,000' {
        $ids = New-XtTestUserId 2500
        $jobs = New-XtMigrationJob -DisplayName (New-XtTestJobName big) -Resource $ids -AutoSplit -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddDays(10) -Workload Teams -Confirm:$false
        $jobs | Should -HaveCount 2
        $jobs[0].Resources | Should -HaveCount 2000
        $jobs[1].Resources | Should -HaveCount 500
    }
}

Describe '-WhatIf sends no write' -Tag Operations {
    BeforeAll { $script:Target = New-XtTestJob }
    BeforeEach { Reset-XtEmulatorStats $script:Emulator }

    It '<Name> -WhatIf sends no POST, PATCH or DELETE' -TestCases @(
        @{ Name = 'New-XtMigrationJob'; Command = { New-XtTestJob @{ WhatIf = $true; Confirm = $false } } }
        @{ Name = 'Test-XtMigrationJob'; Command = { $script:Target | Test-XtMigrationJob -WhatIf } }
        @{ Name = 'Start-XtMigrationJob'; Command = { Start-XtMigrationJob -Id (New-XtTestJob | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60).Id -WhatIf; Reset-XtEmulatorStats $script:Emulator; Start-XtMigrationJob -Id $script:Target.Id -WhatIf -ErrorAction SilentlyContinue } }
        @{ Name = 'Set-XtMigrationJob'; Command = { $script:Target | Set-XtMigrationJob -CompleteAfterDateTime (Get-Date).AddDays(30) -WhatIf } }
        @{ Name = 'Stop-XtMigrationJob'; Command = { $script:Target | Stop-XtMigrationJob -WhatIf } }
        @{ Name = 'Remove-XtMigrationJob'; Command = { $script:Target | Remove-XtMigrationJob -WhatIf -ErrorAction SilentlyContinue } }
        @{ Name = 'Stop-XtMigrationJobUser'; Command = { Stop-XtMigrationJobUser -JobId $script:Target.Id -Id $script:Target.Resources[0] -WhatIf } }
    ) {
        param($Name, $Command)
        $null = & $Command
        Get-WriteCount | Should -Be 0
        (Get-XtMigrationJob -Id $script:Target.Id).Status | Should -Be 'submitted'
    }

    It 'states the impact: migrate, cancel and delete are High, so they ask by default' -TestCases @(
        @{ Name = 'Start-XtMigrationJob' }, @{ Name = 'Stop-XtMigrationJob' }, @{ Name = 'Remove-XtMigrationJob' }, @{ Name = 'Stop-XtMigrationJobUser' }) {
        param($Name)
        $type = (Get-Command $Name).ImplementingType
        $attribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }
}

Describe 'Waiting where nobody watches' -Tag Operations {
    It 'writes no progress records, and one Information record per status change of each job' {
        $ps = [powershell]::Create() # its host is not a console: nobody sees progress there
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Url, $Token, $Users, $Tenant)
                    Import-Module $Manifest
                    Connect-XtMigration -AccessToken $Token -Endpoint $Url
                    $jobs = 1..2 | ForEach-Object {
                        New-XtMigrationJob -DisplayName "quiet-$_-$([guid]::NewGuid().ToString('N').Substring(0, 6))" -SourceTenantId $Tenant `
                            -CompleteAfterDateTime (Get-Date).AddDays(3) -Resource ([guid]::NewGuid()) -Workload Teams -Confirm:$false
                    }
                    $null = $jobs | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 60 -Confirm:$false -InformationVariable info
                    $info
                }).AddArgument((Get-XtManifestPath)).AddArgument($script:Emulator.Url).AddArgument((New-XtEmulatorToken $script:Emulator)).AddArgument($null).AddArgument((Get-XtTestSourceTenant))
            $info = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $ps.Streams.Progress | Should -HaveCount 0
            $info | Should -Not -BeNullOrEmpty
            $info | ForEach-Object { $_.Tags | Should -Contain 'JobStatus' }
            foreach ($group in $info | Group-Object { ($_.MessageData -split '[()]')[1] }) {
                $statuses = @($group.Group | ForEach-Object { ($_.MessageData -split '\): ')[1].Split(':')[0] })
                $statuses[-1] | Should -Be 'validatePassed'
                for ($i = 1; $i -lt $statuses.Count; $i++) { $statuses[$i] | Should -Not -Be $statuses[$i - 1] -Because 'a record is written only when the status changes' }
            }
            @($info | Group-Object { ($_.MessageData -split '[()]')[1] }) | Should -HaveCount 2
        } finally {
            $ps.Dispose()
        }
    }
}

Describe 'Ctrl+C' -Tag Operations {
    It 'stops a running wait and leaves nothing polling' {
        $job = New-XtTestJob
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Url, $Token, $JobId)
                    Import-Module $Manifest
                    Connect-XtMigration -AccessToken $Token -Endpoint $Url
                    Wait-XtMigrationJob -Id $JobId -PollIntervalSec 0.1
                }).AddArgument((Get-XtManifestPath)).AddArgument($script:Emulator.Url).AddArgument((New-XtEmulatorToken $script:Emulator)).AddArgument($job.Id)
            $async = $ps.BeginInvoke()
            $deadline = (Get-Date).AddSeconds(20)
            do { Start-Sleep -Milliseconds 200; $gets = (Get-XtEmulatorStats $script:Emulator).byMethod.GET } while ($gets -lt 5 -and (Get-Date) -lt $deadline)
            $ps.Stop() # returns once the pipeline has stopped
            $async.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            Start-Sleep -Milliseconds 300 # a request already on the wire may still land
            $before = (Get-XtEmulatorStats $script:Emulator).byMethod.GET
            Start-Sleep -Milliseconds 800 # eight poll intervals
            (Get-XtEmulatorStats $script:Emulator).byMethod.GET | Should -Be $before -Because 'no poll may go on after the stop'
        } finally {
            $ps.Dispose()
        }
    }
}

Describe 'Tab completion' -Tag Operations {
    It 'completes <Parameter> of <Command> from <Word> to <Expected>' -TestCases @(
        @{ Command = 'New-XtMigrationJob'; Parameter = 'Workload'; Word = 'ex'; Expected = 'Exchange' }
        @{ Command = 'New-XtMigrationJob'; Parameter = 'Workload'; Word = 'O'; Expected = 'ODSP' }
        @{ Command = 'Get-XtMigrationJob'; Parameter = 'Status'; Word = 'validateP'; Expected = 'validatePassed' }
        @{ Command = 'Get-XtMigrationJobUser -JobId x'; Parameter = 'Status'; Word = 'fin'; Expected = 'finalizing' }) {
        param($Command, $Parameter, $Word, $Expected)
        $line = "$Command -$Parameter $Word"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $Expected
    }

    It 'offers exactly the workloads a job may name for -Workload' {
        $line = 'New-XtMigrationJob -Workload '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('Exchange', 'ODSP', 'Teams')
    }

    It 'shows each constrained parameter''s validator in Get-Command' {
        $parameters = (Get-Command New-XtMigrationJob).Parameters
        $validators = @{}
        foreach ($name in $parameters.Keys) {
            $validators[$name] = @($parameters[$name].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateArgumentsAttribute] } | ForEach-Object { $_.GetType().Name })
        }
        $validators.DisplayName | Should -Contain 'ValidateNotWhiteSpaceAttribute'
        $validators.SourceTenantId | Should -Contain 'ValidateGuidAttribute'
        $validators.CompleteAfterDateTime | Should -Contain 'ValidateFutureDateAttribute'
        $validators.Workload | Should -Contain 'ValidateSetAttribute'
        $validators.ResourceType | Should -Contain 'ValidateSetAttribute'
        $validators.TargetDeliveryDomain | Should -Contain 'ValidateDomainNameAttribute'
        $validators.SourceEndpoint | Should -Contain 'ValidateEndpointNameAttribute'
        $validators.BatchSize | Should -Contain 'ValidateRangeAttribute'
        ($parameters.Workload.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }).ValidValues | Should -Be @('Exchange', 'ODSP', 'Teams')
        $validators.Resource | Should -BeNullOrEmpty -Because 'the users are checked as a whole, once the pipeline has ended'
        foreach ($command in 'Test-XtMigrationJob', 'Start-XtMigrationJob', 'Stop-XtMigrationJob', 'Remove-XtMigrationJob', 'Set-XtMigrationJob', 'Wait-XtMigrationJob', 'Get-XtMigrationJob') {
            ((Get-Command $command).Parameters.Id.Attributes | ForEach-Object { $_.GetType().Name }) | Should -Contain 'ValidateGuidAttribute' -Because "$command -Id"
        }
    }

    It 'completes job display names and ids from the service' {
        $job = New-XtTestJob @{ DisplayName = New-XtTestJobName 'completion' }
        $line = "Get-XtMigrationJob -DisplayName $($job.DisplayName.Substring(0, 14))"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $job.DisplayName
        $line = "Test-XtMigrationJob -Id $($job.Id.Substring(0, 8))"
        $matches = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $matches.CompletionText | Should -Contain $job.Id
        ($matches | Where-Object CompletionText -eq $job.Id).ToolTip | Should -Match ([regex]::Escape($job.DisplayName))
    }
}
