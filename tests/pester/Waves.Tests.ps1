# Waves at the speed of the service: the actions of a wave go out together and one wait covers them all.
# The emulator's steps take an hour here, so that nothing moves unless a test moves its clock.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 3600000
    Connect-XtTestEmulator $script:Emulator

    # Runs a script in another runspace of this process, connected to the emulator.
    function Start-Background([scriptblock] $Script, [object[]] $Arguments = @()) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript('param($Manifest, $Url, $Token) Import-Module $Manifest; Connect-XtMigration -AccessToken $Token -Endpoint $Url').
            AddArgument((Get-XtManifestPath)).AddArgument($script:Emulator.Url).AddArgument((New-XtEmulatorToken $script:Emulator)).Invoke()
        $ps.Commands.Clear()
        $null = $ps.AddScript($Script)
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        [pscustomobject]@{ Shell = $ps; Output = $output; Async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output) }
    }
    function Wait-Until([scriptblock] $Condition) {
        $deadline = (Get-Date).AddSeconds(60)
        while (-not (& $Condition) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        & $Condition | Should -BeTrue -Because 'the condition should hold within a minute'
    }
    function Step { Step-XtEmulatorClock $script:Emulator -Seconds 3600 }
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
}

Describe 'A wave''s actions go out together' -Tag Waves {
    BeforeEach { Reset-XtEmulator $script:Emulator }

    It 'sends every validation before waiting for any, then one wait covers them all' {
        $jobs = 1..3 | ForEach-Object { New-XtTestJob }
        Reset-XtEmulatorStats $script:Emulator
        $run = Start-Background { param($Ids) $Ids | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Test-XtMigrationJob -Wait -PollIntervalSec 0.1 -Confirm:$false } @(, $jobs.Id)
        try {
            # No job can settle before the clock moves: a cmdlet that waited for each in turn would stop at one.
            Wait-Until { (Get-XtEmulatorStats $script:Emulator).byMethod.POST -eq 3 }
            Step; Step; Step
            $null = $run.Shell.EndInvoke($run.Async)
            $out = $run.Output
            $out.Status | Should -Be @('validatePassed', 'validatePassed', 'validatePassed')
            ($out.Id | Sort-Object) | Should -Be ($jobs.Id | Sort-Object)
        } finally { $run.Shell.Dispose() }
    }

    It 'writes each job as it settles, or in input order with -Ordered' {
        $slow = New-XtTestJob
        $quick = New-XtTestJob
        # The second job stops at its first step (an administrator must act), the first goes on.
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'options' -Method PATCH -Body @{ adminActionRequired = @($quick.DisplayName) }
        try {
            foreach ($ordered in $false, $true) {
                $fresh = @((New-XtTestJob), (New-XtTestJob @{ DisplayName = $quick.DisplayName + $ordered }))
                $null = Invoke-XtEmulatorAdmin $script:Emulator 'options' -Method PATCH -Body @{ adminActionRequired = @($fresh[1].DisplayName) }
                $run = Start-Background { param($Ids, $Ordered) $Ids | ForEach-Object { [pscustomobject]@{ Id = $_ } } |
                        Test-XtMigrationJob -Wait -Ordered:$Ordered -PollIntervalSec 0.1 -Confirm:$false -WarningAction SilentlyContinue } @($fresh.Id, $ordered)
                try {
                    Wait-Until { ($fresh | ForEach-Object { (Get-XtMigrationJob -Id $_.Id).Status }) -notcontains 'submitted' }
                    Step # the second job stops for an administrator; the first is one step into validation
                    if (-not $ordered) { Wait-Until { $run.Output.Count -eq 1 } } # written as it settled
                    Step; Step
                    $null = $run.Shell.EndInvoke($run.Async)
                    $out = $run.Output
                    $expected = if ($ordered) { $fresh.Id } else { $fresh[1].Id, $fresh[0].Id }
                    $out.Id | Should -Be $expected -Because "-Ordered:$ordered"
                } finally { $run.Shell.Dispose() }
            }
        } finally {
            $null = Invoke-XtEmulatorAdmin $script:Emulator 'options' -Method PATCH -Body @{ adminActionRequired = @() }
        }
    }

    It 'creates the jobs of a split side by side and writes them in order' {
        $users = New-XtTestUserId 25
        $name = New-XtTestJobName 'split'
        $jobs = $users | New-XtMigrationJob -DisplayName $name -AutoSplit -BatchSize 5 -ThrottleLimit 3 -SourceTenantId (Get-XtTestSourceTenant) `
            -CompleteAfterDateTime (Get-Date).AddDays(3) -Workload Teams -Confirm:$false
        $jobs.DisplayName | Should -Be (1..5 | ForEach-Object { '{0}-{1:d3}' -f $name, $_ })
        (Get-XtEmulatorStats $script:Emulator).creates | Should -Be 5
    }

    It 'reads the users of many jobs, each job''s users complete' {
        $jobs = 1..4 | ForEach-Object { New-XtTestJob @{ Resource = New-XtTestUserId 25 } }
        $users = $jobs | Get-XtMigrationJobUser -ThrottleLimit 2
        $users | Should -HaveCount 100
        ($users | Group-Object JobId).Count | Should -Be 4
    }

    It 'polls fifty jobs with a few list pages, not fifty requests' {
        $jobs = 1..50 | ForEach-Object { New-XtTestJob @{ Resource = New-XtTestUserId 1 } }
        $null = $jobs | Test-XtMigrationJob -Confirm:$false
        Reset-XtEmulatorStats $script:Emulator
        $err = $null
        $null = $jobs | Wait-XtMigrationJob -PollIntervalSec 60 -TimeoutSec 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 50 -Because 'nothing moves, so every job times out'
        # Two looks (at the start and at the deadline), each three pages of twenty.
        (Get-XtEmulatorStats $script:Emulator).byMethod.GET | Should -Be 6
    }
}
