# The service's undocumented corners, through the real cmdlets over HTTP: a service without the
# alternate key, statuses that need a person or that nobody documented, expired validation, beta.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 150
    Connect-XtTestEmulator $script:Emulator
    function Set-XtEmulatorOption([hashtable] $Options) { $null = Invoke-XtEmulatorAdmin $script:Emulator 'options' -Method PATCH -Body $Options }
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'A service that refuses the alternate key' -Tag Corners {
    BeforeAll { Set-XtEmulatorOption @{ refuseAlternateKey = $true } }
    AfterAll { Set-XtEmulatorOption @{ refuseAlternateKey = $false; refuseDisplayNameFilter = $false } }

    It 'still serves name lookups, wildcards and actions by name, through the filtered list' {
        Connect-XtTestEmulator $script:Emulator # a new connection knows nothing of the service yet
        $job = New-XtTestJob
        Reset-XtEmulatorStats $script:Emulator
        (Get-XtMigrationJob -DisplayName $job.DisplayName).Id | Should -Be $job.Id
        (Get-XtMigrationJob -DisplayName ($job.DisplayName.Substring(0, 8) + '*')).Id | Should -Contain $job.Id
        (Test-XtMigrationJob -DisplayName $job.DisplayName -Confirm:$false).Status | Should -Be 'validateSubmitted'
        # The key was tried once, then the connection went straight to the list.
        (Get-XtEmulatorStats $script:Emulator).byMethod.GET | Should -BeLessOrEqual 6
    }

    It 'still reconciles a create: running it again, or losing its reply, gives the one job' {
        Connect-XtTestEmulator $script:Emulator
        $users = New-XtTestUserId 3
        $first = New-XtTestJob @{ Resource = $users; DisplayName = New-XtTestJobName 'keyless' }
        $again = New-XtMigrationJob -DisplayName $first.DisplayName -Resource $users -SourceTenantId (Get-XtTestSourceTenant) -CompleteAfterDateTime (Get-Date).AddDays(14) `
            -Workload Exchange, ODSP, Teams -TargetDeliveryDomain fabrikam.onmicrosoft.com -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        $again.Id | Should -Be $first.Id
        "$warned" | Should -Match 'already exists with this definition'

        Reset-XtEmulatorStats $script:Emulator
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'faults/next' -Method POST -Body @{ kind = 'dropAfterCommit'; count = 1; method = 'POST' }
        $lost = New-XtTestJob @{ DisplayName = New-XtTestJobName 'lost' } -WarningAction SilentlyContinue
        $stats = Get-XtEmulatorStats $script:Emulator
        $stats.faultsInjected | Should -Be 1
        $stats.creates | Should -Be 1
        $stats.duplicateDisplayNames | Should -Be 0
        (Get-XtMigrationJob -DisplayName $lost.DisplayName).Id | Should -Be $lost.Id
    }

    It 'falls back to the whole list where the service refuses the filter too' {
        Set-XtEmulatorOption @{ refuseDisplayNameFilter = $true }
        Connect-XtTestEmulator $script:Emulator
        $job = New-XtTestJob
        (Get-XtMigrationJob -DisplayName $job.DisplayName).Id | Should -Be $job.Id
        { Get-XtMigrationJob -DisplayName 'no-such-job' -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound,*'
    }
}

Describe 'Statuses that need a person, or that nobody documented' -Tag Corners {
    It 'ends a -Wait within one poll when the job needs an administrator, with a warning, writing the job' {
        $job = New-XtTestJob
        Set-XtEmulatorOption @{ adminActionRequired = @($job.DisplayName) }
        try {
            $err = $null
            $out = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 3600 -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue
            $out.Status | Should -Be 'adminActionRequired'
            "$warned" | Should -Match 'administrator must act on it in the Microsoft 365 admin center'
            $err | Should -BeNullOrEmpty -Because 'it is not a timeout'
        } finally {
            Set-XtEmulatorOption @{ adminActionRequired = @() }
        }
    }

    It 'tells once of a status it does not know, and waits on like a running job' {
        $job = New-XtTestJob
        $null = Invoke-XtEmulatorAdmin $script:Emulator "jobs/$($job.Id)/status" -Method PUT -Body @{ status = 'somethingNew' }
        $err = $null
        $out = Wait-XtMigrationJob -Id $job.Id -PollIntervalSec 0.2 -TimeoutSec 1 -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        @($warned | Where-Object { "$_" -match 'does not know' }) | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
    }
}

Describe 'An expired validation' -Tag Corners {
    AfterAll { Reset-XtEmulator $script:Emulator }

    It 'ends in ValidationExpired, never in success: Start- refuses before sending, Test- reports the service''s refusal and the way out' {
        $job = New-XtTestJob
        ($job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 -Confirm:$false).Status | Should -Be 'validatePassed'
        # Within the seven days, validating again is harmless and sends nothing.
        Reset-XtEmulatorStats $script:Emulator
        ($job | Test-XtMigrationJob -Confirm:$false -WarningAction SilentlyContinue).Status | Should -Be 'validatePassed'
        (Get-XtEmulatorStats $script:Emulator).byMethod.POST | Should -BeNullOrEmpty

        Step-XtEmulatorClock $script:Emulator -Seconds (8 * 86400)
        Reset-XtEmulatorStats $script:Emulator
        $err = { $job | Start-XtMigrationJob -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ValidationExpired,*' -PassThru
        $err.Exception.Message | Should -Match 'Test-XtMigrationJob'
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-XtEmulatorStats $script:Emulator).byMethod.POST | Should -BeNullOrEmpty -Because 'nothing is sent for an expired validation'

        $out = $null
        $err = { $out = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'ValidationExpired,*' -PassThru
        $out | Should -BeNullOrEmpty -Because 'an expired validation is never reported as a success'
        $err.Exception.Message | Should -Match 'refused to validate'
        $err.Exception.Message | Should -Match 'Remove-XtMigrationJob'
        $err.Exception.Message | Should -Match 'New-XtMigrationJob'
        ($job | Test-XtMigrationJob -Quiet -Confirm:$false -ErrorAction SilentlyContinue) | Should -BeFalse
    }
}

Describe 'The beta endpoint' -Tag Corners {
    It 'still connects, and warns that Microsoft deprecated this API''s beta paths' {
        try {
            Connect-XtMigration -AccessToken (New-XtEmulatorToken $script:Emulator) -Endpoint $script:Emulator.Url -ApiVersion beta -WarningVariable warned -WarningAction SilentlyContinue
            "$warned" | Should -Match 'deprecated'
            "$warned" | Should -Match '2026-07-09'
            (Get-XtMigrationContext).ApiVersion | Should -Be 'beta'
            $null = Get-XtMigrationJob
        } finally {
            Connect-XtTestEmulator $script:Emulator
        }
    }
}
