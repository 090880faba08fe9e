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

Describe 'The wave runbook, run again and again by a schedule' -Tag Reliability {
    BeforeAll {
        Import-Module (Get-XtManifestPath) -Force
        $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 200
        $script:IdentityHeader = [guid]::NewGuid().ToString()
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'managed-identity' -Method PUT -Body @{ secret = $script:IdentityHeader; roles = @('CrossTenantContentMigration.ReadWrite.All') }
        $script:Runbook = Join-Path (Get-XtRepoRoot) 'examples/Invoke-MigrationWave.ps1'

        # One run as Azure Automation starts it: a fresh pwsh, the managed identity from
        # IDENTITY_ENDPOINT and IDENTITY_HEADER, no connection made beforehand.
        function Start-Run([string] $Wave, [hashtable] $Source, [double] $MaxRunMinutes = 0.5, [string] $Prelude = '') {
            $merged = @{ BatchSize = 5 }
            foreach ($key in $Source.Keys) { $merged[$key] = $Source[$key] }
            $arguments = ($merged.GetEnumerator() | ForEach-Object { "-$($_.Key) '$($_.Value)'" }) -join ' '
            $command = "$Prelude Import-Module '$(Get-XtManifestPath)'; & '$script:Runbook' -WaveName '$Wave' -SourceTenantId '$(Get-XtTestSourceTenant)' $arguments " +
                "-CompleteAfterDateTime ([DateTimeOffset]::UtcNow.AddDays(1)) -Workload Teams, ODSP -CutoverNow -PollIntervalSec 0.2 " +
                "-MaxRunMinutes $MaxRunMinutes -Endpoint '$($script:Emulator.Url)' -InformationAction Continue"
            $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $command)) { $info.ArgumentList.Add($a) }
            $info.Environment['IDENTITY_ENDPOINT'] = "$($script:Emulator.Url)/msi/token"
            $info.Environment['IDENTITY_HEADER'] = $script:IdentityHeader
            $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
            [System.Diagnostics.Process]::Start($info)
        }
        function Wait-Run($Process) {
            $out = $Process.StandardOutput.ReadToEndAsync(); $err = $Process.StandardError.ReadToEndAsync()
            $Process.WaitForExit()
            [pscustomobject]@{ ExitCode = $Process.ExitCode; Output = $out.Result + $err.Result; Bytes = $out.Result.Length + $err.Result.Length }
        }
        function New-WaveCsv([int] $Count) {
            $path = Join-Path $TestDrive "wave-$([guid]::NewGuid().ToString('N').Substring(0, 6)).csv"
            New-XtTestUserId $Count | ForEach-Object { [pscustomobject]@{ ExternalDirectoryObjectId = $_ } } | Export-Csv $path -NoTypeInformation
            $path
        }
    }
    AfterAll {
        Disconnect-XtMigration
        Stop-XtEmulatorHost $script:Emulator
    }

    It 'converges across runs of a bounded length, one killed midway: every job completed, none twice' {
        $wave = New-XtTestJobName 'runbook'
        $csv = New-WaveCsv 25
        # First run: killed once some jobs exist, as Automation stops a job that ran too long.
        $first = Start-Run $wave @{ CsvPath = $csv }
        $deadline = (Get-Date).AddSeconds(60)
        do { Start-Sleep -Milliseconds 100; $stats = Get-XtEmulatorStats $script:Emulator } while ($stats.creates -lt 3 -and (Get-Date) -lt $deadline)
        $first.Kill($true)
        $first.WaitForExit()
        $stats.creates | Should -BeGreaterOrEqual 3

        # Then the schedule: runs of a few seconds each until the wave has ended.
        $runs = 0
        do {
            $runs++
            $run = Wait-Run (Start-Run $wave @{ CsvPath = $csv } -MaxRunMinutes 0.1)
            $run.ExitCode | Should -Be 0 -Because $run.Output
        } until ($run.Output -match 'The wave has ended' -or $runs -ge 12)
        $run.Output | Should -Match 'The wave has ended' -Because $run.Output
        $run.Output | Should -Match '5 completed'

        Connect-XtTestEmulator $script:Emulator
        $jobs = Get-XtMigrationJob -DisplayName "$wave-*"
        $jobs.DisplayName | Sort-Object | Should -Be (1..5 | ForEach-Object { '{0}-{1:d3}' -f $wave, $_ })
        $jobs.Status | Sort-Object -Unique | Should -Be 'completed'
        (Get-XtEmulatorStats $script:Emulator).duplicateDisplayNames | Should -Be 0
        $users = $jobs | Get-XtMigrationJobUser
        $users | Should -HaveCount 25
        ($users.Id | Sort-Object -Unique) | Should -HaveCount 25
    }

    It 'stops itself before its budget without failing, and says the next run goes on' {
        $wave = New-XtTestJobName 'budget'
        # Statuses that take a minute each: validation outlasts a budget of three seconds.
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'options' -Method PATCH -Body @{ stepMilliseconds = 60000 }
        try {
            $run = Wait-Run (Start-Run $wave @{ CsvPath = (New-WaveCsv 5) } -MaxRunMinutes 0.05)
        } finally {
            $null = Invoke-XtEmulatorAdmin $script:Emulator 'options' -Method PATCH -Body @{ stepMilliseconds = 200 }
        }
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'stopping before the 0.05-minute budget'
        $run.Output | Should -Match 'Run again later'
    }

    It 'reads its users from an Automation variable, and reports users who failed validation, in its output and in a report file' {
        $wave = New-XtTestJobName 'variable'
        $rows = @(New-XtTestUserId 3) + @(New-XtTestUserId 1 -Prefix 'bad0') | ForEach-Object { [pscustomobject]@{ ObjectId = $_ } }
        $csvText = ($rows | ConvertTo-Csv -NoTypeInformation) -join "`n"
        # Automation gives runbooks Get-AutomationVariable; here a function stands in for it.
        $prelude = "function Get-AutomationVariable([string] `$Name) { if (`$Name -ne 'wave-users') { throw 'no such variable' }; [IO.File]::ReadAllText('$(Join-Path $TestDrive 'variable.txt')') };"
        Set-Content (Join-Path $TestDrive 'variable.txt') $csvText -NoNewline
        $report = Join-Path $TestDrive "$wave.html"
        $run = Wait-Run (Start-Run $wave @{ CsvVariableName = 'wave-users'; ReportPath = $report } -MaxRunMinutes 0.2 -Prelude $prelude)
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'validateFailed'
        $run.Output | Should -Match ($rows[-1].ObjectId)
        $run.Output | Should -Match 'IM-003'
        $run.Output | Should -Match ([regex]::Escape("$wave.html")) -Because 'the report file is written to output'
        $html = Get-Content -Raw $report
        $html | Should -Match ('data-user-id="{0}"' -f $rows[-1].ObjectId)
        [regex]::Matches($html, '<tr data-job-id=').Count | Should -Be 1 -Because 'one user failed validation, on one workload'
    }

    It 'reads its users from a URL' {
        $wave = New-XtTestJobName 'url'
        $listener = [System.Net.HttpListener]::new()
        $port = Get-Random -Minimum 20000 -Maximum 60000
        $listener.Prefixes.Add("http://127.0.0.1:$port/")
        $listener.Start()
        try {
            $csv = [Text.Encoding]::UTF8.GetBytes((Get-Content (New-WaveCsv 4) -Raw))
            $process = Start-Run $wave @{ CsvUri = "http://127.0.0.1:$port/wave.csv" } -MaxRunMinutes 0.2
            # Serve the one request the run makes, here, while it waits for it.
            $request = $listener.GetContextAsync()
            $request.Wait([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'the runbook asks for its CSV first'
            $request.Result.Request.Url.AbsolutePath | Should -Be '/wave.csv'
            $request.Result.Response.ContentType = 'text/csv'
            $request.Result.Response.OutputStream.Write($csv, 0, $csv.Length)
            $request.Result.Response.Close()
            $run = Wait-Run $process
            $run.ExitCode | Should -Be 0 -Because $run.Output
            $run.Output | Should -Match "Wave $wave`: 1 job\(s\)"
        } finally {
            $listener.Stop()
        }
    }

    It 'keeps its streams small: a run over a 50-job wave writes far less than Automation''s 1 MiB per stream' {
        $wave = New-XtTestJobName 'streams'
        $run = Wait-Run (Start-Run $wave @{ CsvPath = (New-WaveCsv 50); BatchSize = 1 } -MaxRunMinutes 0.3)
        $run.Output | Should -Match "Wave $wave`: 50 job\(s\)"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Bytes | Should -BeLessThan 64KB
    }
}
