# Faults, retries and re-runs: nothing the service holds is lost or duplicated.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Pwsh = Join-Path $PSHOME 'pwsh.dll'
}

Describe 'Fault soak (CI size)' -Tag Reliability {
    It 'takes every job to completed through 20% faults, with no duplicate and no error' {
        $output = & dotnet $script:Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../soak/Invoke-Soak.ps1') `
            -Jobs 16 -UsersPerJob 10 -ThrottleLimit 8 -Configuration $env:XT_TEST_CONFIGURATION 2>&1 | ForEach-Object { "$_" }
        $text = $output -join "`n"
        $LASTEXITCODE | Should -Be 0 -Because $text
        $text | Should -Match 'Completed\s+: 16'
        $text | Should -Match 'Errors\s+: 0'
        $text | Should -Match 'DuplicateDisplayNames\s+: 0'
        $text | Should -Match 'FaultsInjected\s+: [1-9]'
    }
}

Describe 'A wave script killed midway and run again' -Tag Reliability {
    BeforeAll {
        Import-Module (Get-XtManifestPath) -Force
        $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 200
        $script:Csv = Join-Path $TestDrive 'wave.csv'
        New-XtTestUserId 25 | ForEach-Object { [pscustomobject]@{ ObjectId = $_ } } | Export-Csv $script:Csv -NoTypeInformation
        $script:Wave = New-XtTestJobName 'restart'
        function Start-Wave {
            $issued = Invoke-XtEmulatorAdmin $script:Emulator 'token' -Method POST -Body @{ scopes = @('CrossTenantContentMigration.ReadWrite.All') }
            $command = "Import-Module '$(Get-XtManifestPath)'; Connect-XtMigration -AccessToken (ConvertTo-SecureString '$($issued.access_token)' -AsPlainText -Force) -Endpoint '$($script:Emulator.Url)'; " +
                "& '$(Join-Path (Get-XtRepoRoot) 'examples/Invoke-MigrationWave.ps1')' -CsvPath '$script:Csv' -WaveName '$script:Wave' -SourceTenantId '$(Get-XtTestSourceTenant)' " +
                "-Workload Teams, ODSP -BatchSize 5 -CutoverNow -PollIntervalSec 0.2 -TimeoutSec 120"
            $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($a in @($script:Pwsh, '-NoProfile', '-NonInteractive', '-Command', $command)) { $info.ArgumentList.Add($a) }
            $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
            [System.Diagnostics.Process]::Start($info)
        }
    }
    AfterAll {
        Disconnect-XtMigration
        Stop-XtEmulatorHost $script:Emulator
    }

    It 'converges to the same jobs, all completed, none twice' {
        # First run: killed once some jobs exist and validation is under way.
        $first = Start-Wave
        $deadline = (Get-Date).AddSeconds(60)
        do { Start-Sleep -Milliseconds 100; $stats = Get-XtEmulatorStats $script:Emulator } while ($stats.creates -lt 3 -and (Get-Date) -lt $deadline)
        $first.Kill($true)
        $first.WaitForExit()
        $stats.creates | Should -BeGreaterOrEqual 3
        (Get-XtEmulatorStats $script:Emulator).jobs | Should -BeLessThan 6 -Because 'the first run was stopped before it created every job'

        # Second run: to the end.
        $second = Start-Wave
        $out = $second.StandardOutput.ReadToEnd() + $second.StandardError.ReadToEnd()
        $second.WaitForExit()
        $second.ExitCode | Should -Be 0 -Because $out

        Connect-XtTestEmulator $script:Emulator
        $jobs = Get-XtMigrationJob -DisplayName "$script:Wave-*"
        $jobs.DisplayName | Sort-Object | Should -Be (1..5 | ForEach-Object { '{0}-{1:d3}' -f $script:Wave, $_ })
        $jobs.Status | Sort-Object -Unique | Should -Be 'completed'
        (Get-XtEmulatorStats $script:Emulator).duplicateDisplayNames | Should -Be 0
        $users = $jobs | Get-XtMigrationJobUser
        $users | Should -HaveCount 25
        ($users.Id | Sort-Object -Unique) | Should -HaveCount 25
    }
}
