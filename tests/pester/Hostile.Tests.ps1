# What the service answers can never hurt the user: the real cmdlets over real HTTP against a hostile service. The
# host's hostile layer rewrites, refuses, trickles or bloats the emulator's answers as each test asks, and its capture
# servers show whether a link to elsewhere was followed (and a token sent there).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtHostileEmulatorHost -StepMilliseconds 100
    $script:JobsPath = '/solutions/migrations/crossTenantMigrationJobs'
    # A page of the job list, the first or a later one; and one job read by its id.
    $script:ListPage = 'crossTenantMigrationJobs(\?|$)'
    $script:JobRead = 'crossTenantMigrationJobs/[0-9a-f-]{36}$'

    function Connect-Hostile([hashtable] $Extra = @{}) { Connect-XtTestEmulator $script:Emulator -Extra $Extra }
    # Each test starts from an empty service, no rule, an empty capture and a fresh connection.
    function Reset-Hostile([hashtable] $Connect = @{}) {
        Clear-XtHostileRule $script:Emulator
        Clear-XtHostileCapture $script:Emulator
        Reset-XtEmulator $script:Emulator
        Connect-Hostile $Connect
    }
    function Set-Rule([object[]] $Rule) { Set-XtHostileRule $script:Emulator $Rule }
    function Get-Rule { Get-XtHostileRule $script:Emulator }
    function Get-RequestCount { Get-XtHostileRequestCount $script:Emulator }

    function Get-ErrorId($Record) { "$($Record.FullyQualifiedErrorId)".Split(',')[0] }

    # Jobs that have passed validation, of a single user each.
    function New-ValidatedJob([int] $Count, [double] $CompleteAfterSec = 3600) {
        $jobs = 1..$Count | ForEach-Object { New-XtTestJob @{ Resource = New-XtTestUserId 1; CompleteAfterDateTime = (Get-Date).AddSeconds($CompleteAfterSec) } }
        $validated = @($jobs | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 60 -Confirm:$false)
        $validated | Should -HaveCount $Count
        $validated
    }

    function Wait-Until([scriptblock] $Condition, [double] $TimeoutSec = 30) {
        $deadline = (Get-Date).AddSeconds($TimeoutSec)
        while (-not (& $Condition) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        & $Condition | Should -BeTrue -Because "it should hold within $TimeoutSec s"
    }

    # Nothing was under way when the command returned, and nothing arrives afterwards (fifteen poll intervals).
    function Assert-NothingSentAfter($Returned) {
        $Returned.inFlight | Should -Be 0 -Because 'no request may still be under way once the command has returned'
        Start-Sleep -Milliseconds 1500
        (Get-RequestCount).total | Should -Be $Returned.total -Because 'no request may arrive after the command has returned'
    }

    # Each action the service accepted (the job has moved past validatePassed) was written or named in a warning.
    function Assert-AcceptedAccountedFor([object[]] $Jobs, [object[]] $Written, [string[]] $Warnings) {
        $accepted = @(Get-XtMigrationJob -Id $Jobs.Id | Where-Object Status -NE 'validatePassed')
        foreach ($job in $accepted) {
            $told = ($Written.Id -contains $job.Id) -or @($Warnings | Where-Object { $_ -match $job.Id }).Count -gt 0
            $told | Should -BeTrue -Because "the service accepted the migration of job $($job.Id), so the user must learn of it"
        }
    }
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'A list page that points somewhere else' -Tag Hostile {
    BeforeEach { Reset-Hostile @{ MaxRetryCount = 0 } } # a link that is tried fails fast instead of being retried

    It '<Command> refuses a nextLink to <Case>, and sends nothing there' -ForEach @(
        foreach ($command in 'Get-XtMigrationJob', 'Get-XtMigrationJobUser') {
            @{ Command = $command; Case = 'another host (127.0.0.2)'; Link = '{capture}{pathAndQuery}' }
            @{ Command = $command; Case = 'another port of 127.0.0.1'; Link = '{captureLoopback}{pathAndQuery}' }
            @{ Command = $command; Case = 'another scheme'; Link = 'https://<authority>{pathAndQuery}' }
            @{ Command = $command; Case = 'another API version'; Link = '{origin}/beta<path>?$skiptoken=next' }
            @{ Command = $command; Case = 'plain http to a name that is not loopback'; Link = 'http://graph.example.invalid/v1.0<path>?$skiptoken=next' }
            @{ Command = $command; Case = 'a relative address'; Link = '/v1.0<path>?$skiptoken=next' }
            @{ Command = $command; Case = 'a file'; Link = 'file:///etc/passwd' }
            @{ Command = $command; Case = 'garbage'; Link = 'ht!tp:://[not a link' }
        }) {
        $job = New-XtTestJob
        $path = if ($Command -eq 'Get-XtMigrationJob') { $script:JobsPath } else { "$script:JobsPath/$($job.Id)/users" }
        $link = $Link.Replace('<authority>', ([uri]$script:Emulator.Url).Authority).Replace('<path>', $path)
        Set-Rule @(
            @{ name = 'link'; method = 'GET'; path = "$([regex]::Escape($path))(\?|$)"; times = 1; action = 'nextLink'; nextLink = $link }
            @{ name = 'other version'; path = '^/beta/'; action = 'forward' })
        $before = (Get-RequestCount).total
        $thrown = $null
        try {
            if ($Command -eq 'Get-XtMigrationJob') { $null = Get-XtMigrationJob -ErrorAction SilentlyContinue }
            else { $null = Get-XtMigrationJobUser -JobId $job.Id -ErrorAction SilentlyContinue }
        } catch { $thrown = $_ }

        (Get-XtHostileRule $script:Emulator -Name 'link').fired | Should -Be 1
        (Get-XtHostileCapture $script:Emulator).count | Should -Be 0 -Because 'the token must never leave the connection''s endpoint'
        (Get-XtHostileRule $script:Emulator -Name 'other version').matched | Should -Be 0
        (Get-RequestCount).total - $before | Should -Be 1 -Because 'only the first page was asked for'
        $thrown | Should -Not -BeNullOrEmpty -Because 'a listing that cannot go on ends with a terminating error'
        Get-ErrorId $thrown | Should -Be 'UntrustedNextLink' -Because "$thrown"
        $thrown.CategoryInfo.Category | Should -Be 'SecurityError'
    }
}

Describe 'A list page that points back to itself' -Tag Hostile {
    BeforeEach { Reset-Hostile }

    It '<Command> ends with RepeatedNextLink after a handful of requests' -ForEach @(
        @{ Command = 'Get-XtMigrationJob' }
        @{ Command = 'Get-XtMigrationJobUser' }
        @{ Command = 'Export-XtMigrationReport' }) {
        $job = New-XtTestJob
        $path = if ($Command -eq 'Get-XtMigrationJob') { $script:JobsPath } else { "$script:JobsPath/$($job.Id)/users" }
        Set-Rule @(@{ method = 'GET'; path = "$([regex]::Escape($path))(\?|$)"; action = 'nextLink'; nextLink = '{self}' })
        $before = (Get-RequestCount).total
        $run = Start-XtBackgroundCommand $script:Emulator {
            param($Command, $JobId, $Report)
            switch ($Command) {
                'Get-XtMigrationJob' { $null = Get-XtMigrationJob }
                'Get-XtMigrationJobUser' { $null = Get-XtMigrationJobUser -JobId $JobId }
                'Export-XtMigrationReport' { $null = Export-XtMigrationReport -Id $JobId -Path $Report }
            }
        } -ArgumentList $Command, $job.Id, (Join-Path $TestDrive "looping-$($job.Id).json")
        # Bounded: a listing that follows the loop would never end by itself.
        $result = Wait-XtBackgroundCommand $run -TimeoutSec 10
        $sent = (Get-RequestCount).total - $before

        $result.Ended | Should -BeTrue -Because "the listing must stop by itself (it sent $sent requests in 10 s)"
        $sent | Should -BeLessOrEqual 5
        $repeated = @($result.Errors | Where-Object { (Get-ErrorId $_) -eq 'RepeatedNextLink' })
        $repeated | Should -Not -BeNullOrEmpty -Because ($result.Errors | Out-String)
        $repeated[0].CategoryInfo.Category | Should -Be 'InvalidResult'
    }
}

Describe 'An answer that comes too slowly or is too large' -Tag Hostile {
    BeforeEach { Reset-Hostile }

    It 'gives up on a body that trickles after quick headers, within -RequestTimeoutSec' {
        $job = New-XtTestJob
        Connect-Hostile @{ RequestTimeoutSec = 2; MaxRetryCount = 0 }
        # One byte every 200 ms; the whole answer would take 12 s.
        Set-Rule @(@{ method = 'GET'; path = "$($job.Id)$"; action = 'trickle'; intervalMs = 200; maxSeconds = 12 })
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $thrown = { Get-XtMigrationJob -Id $job.Id -ErrorAction Stop } | Should -Throw -PassThru
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 8 -Because 'the timeout covers the whole answer, not only its headers'
        Get-ErrorId $thrown | Should -Be 'ConnectionFailed' -Because "$thrown"
        $thrown.CategoryInfo.Category | Should -Be 'OperationTimeout'
        (Get-Rule).fired | Should -Be 1
    }

    It 'refuses a 50 MB answer <Case> as it arrives, without reading it all' -ForEach @(
        @{ Case = 'with a Content-Length'; ContentLength = $true }
        @{ Case = 'without a Content-Length'; ContentLength = $false }) {
        Set-Rule @(@{ method = 'GET'; path = $script:ListPage; action = 'oversized'; sizeBytes = 50MB; contentLength = $ContentLength })
        { Get-XtMigrationJob -ErrorAction Stop } | Should -Throw -ErrorId 'ResponseTooLarge,*'
        Wait-Until { (Get-RequestCount).inFlight -eq 0 } -TimeoutSec 20
        $rule = Get-Rule
        $rule.fired | Should -BeGreaterOrEqual 1
        $rule.bytesSent / $rule.fired | Should -BeLessThan 25MB -Because 'the client stops reading at its limit (the rest is socket buffers)'
    }
}

Describe 'Waits survive the service''s bad minutes' -Tag Hostile {
    BeforeEach { Reset-Hostile @{ MaxRetryCount = 1 } }

    It 'writes all five validated jobs when one poll of the wait answers <Status>' -ForEach @(@{ Status = 500 }, @{ Status = 502 }) {
        $jobs = 1..5 | ForEach-Object { New-XtTestJob }
        # The actions read each job by its id; the wait of several jobs polls the list: its second poll fails.
        Set-Rule @(@{ method = 'GET'; path = $script:ListPage; skip = 1; times = 1; action = 'status'; status = $Status })
        $err = $null
        $done = @($jobs | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 60 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue)
        $err | Should -BeNullOrEmpty -Because ($err | Out-String)
        $done.Id | Sort-Object | Should -Be ($jobs.Id | Sort-Object)
        $done.Status | Sort-Object -Unique | Should -Be 'validatePassed'
        (Get-Rule).fired | Should -Be 1
    }

    It 'warns once per job when polls fail after every retry, and goes on waiting until each job settles' {
        $jobs = 1..3 | ForEach-Object { New-XtTestJob }
        $null = $jobs | Test-XtMigrationJob -Confirm:$false
        # Every poll fails for a while (list or single job): six answers, more than the one retry each poll has.
        Set-Rule @(@{ method = 'GET'; path = 'crossTenantMigrationJobs(/[0-9a-f-]{36})?(\?|$)'; times = 6; action = 'status'; status = 500 })
        $err = $null
        $warnings = $null
        $done = @($jobs | Wait-XtMigrationJob -PollIntervalSec 0.1 -TimeoutSec 60 -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue -WarningVariable warnings)
        $err | Should -BeNullOrEmpty -Because ($err | Out-String)
        $done.Id | Sort-Object | Should -Be ($jobs.Id | Sort-Object)
        $done.Status | Sort-Object -Unique | Should -Be 'validatePassed'
        (Get-Rule).fired | Should -Be 6
        $text = @($warnings | ForEach-Object { "$_" })
        @($text | Where-Object { $line = $_; @($jobs.Id | Where-Object { $line -match $_ }).Count -gt 0 }) | Should -Not -BeNullOrEmpty -Because 'a failed poll names the job'
        foreach ($job in $jobs) {
            @($text | Where-Object { $_ -match $job.Id }).Count | Should -BeLessOrEqual 1 -Because "job $($job.Id) is warned about at most once: $($text -join ' | ')"
        }
    }

    It 'migrates and writes all twenty jobs of a wait whose polls fail now and then' {
        $jobs = New-ValidatedJob 20 -CompleteAfterSec 3
        # The wait's second and third polls of the list fail; so do three reads of single jobs, should it read them
        # one by one (past the twenty reads of the actions themselves).
        Set-Rule @(
            @{ method = 'GET'; path = $script:ListPage; skip = 1; times = 1; action = 'status'; status = 500 }
            @{ method = 'GET'; path = $script:ListPage; skip = 1; times = 1; action = 'status'; status = 502 }
            @{ method = 'GET'; path = $script:JobRead; skip = 20; times = 3; action = 'status'; status = 503; retryAfter = 0 })
        $err = $null
        $done = @($jobs | Start-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 90 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue)
        $err | Should -BeNullOrEmpty -Because ($err | Out-String)
        $done | Should -HaveCount 20
        $done.Id | Sort-Object | Should -Be ($jobs.Id | Sort-Object)
        $done.Status | Sort-Object -Unique | Should -Be 'completed'
        $fired = (Get-Rule).fired
        $fired[0] | Should -Be 1
        ($fired | Measure-Object -Sum).Sum | Should -BeGreaterOrEqual 2
    }

    It 'ends the wait of a job that disappears with JobNotFound, and writes the others' {
        $jobs = 1..3 | ForEach-Object { New-XtTestJob }
        $gone = $jobs[1]
        # Read twice (by the action, then on the first list), then gone: 404, and off the list.
        Set-Rule @(@{ method = 'GET'; jobId = $gone.Id; skip = 2; action = 'gone' })
        $err = $null
        $done = @($jobs | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 60 -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err)
        $err | Should -HaveCount 1
        Get-ErrorId $err[0] | Should -Be 'JobNotFound'
        "$($err[0].TargetObject) $($err[0].Exception.Message)" | Should -Match $gone.Id
        $done.Id | Sort-Object | Should -Be ($jobs.Id | Where-Object { $_ -ne $gone.Id } | Sort-Object)
        $done.Status | Sort-Object -Unique | Should -Be 'validatePassed'
        (Get-Rule).isGone | Should -BeTrue
    }
}

Describe 'A command that stops early stops cleanly' -Tag Hostile {
    BeforeEach { Reset-Hostile }

    It 'Start-XtMigrationJob -ErrorAction Stop on an unknown job: each accepted migration is written or warned of, and nothing is sent after' {
        $jobs = New-ValidatedJob 20
        $ids = @($jobs[0].Id, $jobs[1].Id, [guid]::NewGuid().ToString()) + @($jobs[2..19].Id)
        $written = [System.Collections.Generic.List[object]]::new()
        $warnings = $null
        $thrown = $null
        try {
            $ids | ForEach-Object { [pscustomobject]@{ Id = $_ } } |
                Start-XtMigrationJob -Confirm:$false -ThrottleLimit 4 -ErrorAction Stop -WarningAction SilentlyContinue -WarningVariable warnings |
                ForEach-Object { $written.Add($_) }
        } catch { $thrown = $_ }
        $returned = Get-RequestCount

        Get-ErrorId $thrown | Should -Be 'JobNotFound' -Because "$thrown"
        Assert-NothingSentAfter $returned
        Assert-AcceptedAccountedFor $jobs $written @($warnings | ForEach-Object { "$_" })
    }

    It 'Test-XtMigrationJob -Wait -ErrorAction Stop ending on a job that disappears sends nothing after' {
        $jobs = 1..3 | ForEach-Object { New-XtTestJob }
        Set-Rule @(@{ method = 'GET'; jobId = $jobs[0].Id; skip = 2; action = 'gone' })
        { $jobs | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -TimeoutSec 60 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound,*'
        Assert-NothingSentAfter (Get-RequestCount)
    }

    It 'Start-XtMigrationJob -Wait stopped by Ctrl+C while polling sends nothing after' {
        $jobs = New-ValidatedJob 4
        Set-Rule @(@{ method = 'GET'; path = $script:ListPage; action = 'forward' }) # counts the wait's polls
        $run = Start-XtBackgroundCommand $script:Emulator {
            param($Ids)
            $Ids | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Start-XtMigrationJob -Wait -PollIntervalSec 0.1 -Confirm:$false
        } -ArgumentList (, $jobs.Id)
        Wait-Until { (Get-Rule).fired -ge 3 }
        $result = Wait-XtBackgroundCommand $run -Stop # what Ctrl+C does; returns once the pipeline has stopped
        $stopped = Get-RequestCount
        $result.Stopped | Should -BeTrue
        Assert-NothingSentAfter $stopped
    }

    It 'Start-XtMigrationJob | Select-Object -First 1: each accepted migration is written or warned of, and nothing is sent after' {
        $jobs = New-ValidatedJob 12
        $warnings = $null
        $first = @($jobs.Id | ForEach-Object { [pscustomobject]@{ Id = $_ } } |
                Start-XtMigrationJob -Confirm:$false -ThrottleLimit 4 -WarningAction SilentlyContinue -WarningVariable warnings |
                Select-Object -First 1)
        $returned = Get-RequestCount

        $first | Should -HaveCount 1
        Assert-NothingSentAfter $returned
        Assert-AcceptedAccountedFor $jobs $first @($warnings | ForEach-Object { "$_" })
    }
}

Describe 'A report is complete or not written' -Tag Hostile {
    BeforeEach { Reset-Hostile @{ MaxRetryCount = 1 } }

    It 'leaves the earlier <Format> report byte for byte when one job''s users <Case>' -ForEach @(
        foreach ($format in 'csv', 'html', 'json') {
            @{ Format = $format; Case = 'answer 500'; Fault = 'status' }
            @{ Format = $format; Case = 'are gone with their job'; Fault = 'gone' }
        }) {
        $jobs = 1..3 | ForEach-Object { New-XtTestJob }
        $path = Join-Path $TestDrive "wave-$Fault.$Format"
        $null = $jobs | Export-XtMigrationReport -Path $path # the earlier report
        $earlier = (Get-FileHash $path).Hash
        $broken = $jobs[1]
        Set-Rule @(if ($Fault -eq 'status') { @{ path = "$($broken.Id)/users"; action = 'status'; status = 500 } }
            else { @{ method = 'GET'; jobId = $broken.Id; action = 'gone' } })

        $err = $null
        $out = $null
        $thrown = $null
        try { $out = $jobs | Export-XtMigrationReport -Path $path -PassThru -ErrorAction SilentlyContinue -ErrorVariable err } catch { $thrown = $_ }

        (Get-FileHash $path).Hash | Should -Be $earlier -Because 'a report without one of its jobs must not replace the earlier one'
        Get-ChildItem $TestDrive -Filter "wave-$Fault.$Format*" | Should -HaveCount 1 -Because 'no partial file is left'
        $out | Should -BeNullOrEmpty
        Get-ErrorId $thrown | Should -Be 'ReportIncomplete' -Because "$thrown"
        $named = @($err | Where-Object { (Get-ErrorId $_) -ne 'ReportIncomplete' } |
                Where-Object { "$($_.TargetObject) $($_.Exception.Message)" -match "$($broken.Id)|$([regex]::Escape($broken.DisplayName))" })
        $named | Should -Not -BeNullOrEmpty -Because "an error names the job that could not be read: $($err | Out-String)"
        (Get-Rule).fired | Should -BeGreaterOrEqual 1
    }
}

Describe 'Retry-After from a hostile service' -Tag Hostile {
    BeforeEach { Reset-Hostile }

    It 'fails at once on a Retry-After beyond -MaxRetryWaitSec, and holds the next command for at most that' {
        Set-Rule @(@{ method = 'GET'; path = $script:ListPage; times = 1; action = 'status'; status = 429; retryAfter = 100000 })
        $run = Start-XtBackgroundCommand $script:Emulator -Connect @{ MaxRetryWaitSec = 5 } {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $first = try { $null = Get-XtMigrationJob -ErrorAction Stop; $null } catch { $_ }
            $firstSec = $clock.Elapsed.TotalSeconds
            $clock.Restart()
            $null = Get-XtMigrationJob -ErrorAction Stop
            [pscustomobject]@{ First = $first; FirstSec = $firstSec; NextSec = $clock.Elapsed.TotalSeconds }
        }
        # Bounded: the next command must not wait anything like 100000 s (nor the 60 s a single wait may last).
        $result = Wait-XtBackgroundCommand $run -TimeoutSec 20

        $result.Ended | Should -BeTrue -Because 'the next command may be held for -MaxRetryWaitSec (5 s) at most'
        $result.Errors | Should -BeNullOrEmpty -Because ($result.Errors | Out-String)
        $timing = $result.Output[0]
        $timing.First | Should -Not -BeNullOrEmpty
        Get-ErrorId $timing.First | Should -Be 'Throttled'
        $timing.FirstSec | Should -BeLessThan 5 -Because 'waiting 100000 s could not help, so the command fails at once'
        $timing.NextSec | Should -BeLessThan 10
        (Get-Rule).fired | Should -Be 1
    }
}

Describe 'A list whose items are not objects' -Tag Hostile {
    BeforeEach { Reset-Hostile }

    It '<Command> fails with ServiceError and writes no object without an id' -ForEach @(
        @{ Command = 'Get-XtMigrationJob' }
        @{ Command = 'Get-XtMigrationJobUser' }) {
        $job = New-XtTestJob
        $path = if ($Command -eq 'Get-XtMigrationJob') { $script:JobsPath } else { "$script:JobsPath/$($job.Id)/users" }
        Set-Rule @(@{ method = 'GET'; path = "$([regex]::Escape($path))(\?|$)"; action = 'items'; items = @($null, 1, 'x') })
        $err = $null
        $out = $null
        $thrown = $null
        try {
            $out = if ($Command -eq 'Get-XtMigrationJob') { Get-XtMigrationJob -ErrorAction SilentlyContinue -ErrorVariable err }
            else { Get-XtMigrationJobUser -JobId $job.Id -ErrorAction SilentlyContinue -ErrorVariable err }
        } catch { $thrown = $_ }

        $errors = @($err) + @($thrown | Where-Object { $_ })
        @($errors | ForEach-Object { Get-ErrorId $_ }) | Should -Contain 'ServiceError' -Because ($errors | Out-String)
        @($out | Where-Object { [string]::IsNullOrEmpty($_.Id) }) | Should -BeNullOrEmpty
        (Get-Rule).fired | Should -Be 1
    }
}

Describe 'An endpoint with a password in it' -Tag Hostile {
    BeforeEach { Reset-Hostile }

    It 'is refused with InvalidEndpoint, and the password shows nowhere' {
        $endpoint = "http://user:p4ssw0rd@$(([uri]$script:Emulator.Url).Authority)"
        $thrown = { Connect-XtMigration -AccessToken (New-XtEmulatorToken $script:Emulator) -Endpoint $endpoint -ErrorAction Stop } |
            Should -Throw -PassThru
        Get-ErrorId $thrown | Should -Be 'InvalidEndpoint'
        $thrown.Exception.Message | Should -Not -Match 'p4ssw0rd'
        "$($thrown.TargetObject)" | Should -Not -Match 'p4ssw0rd'
        ($thrown | Format-List * -Force | Out-String) | Should -Not -Match 'p4ssw0rd'
        (Get-XtMigrationContext | Format-List * -Force | Out-String) | Should -Not -Match 'p4ssw0rd'
    }
}
