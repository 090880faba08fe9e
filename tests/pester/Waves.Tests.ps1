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

Describe 'The wave runbook reads its CSV from a URL as Azure Automation runs it' -Tag Waves {
    BeforeAll {
        $script:IdentityHeader = [guid]::NewGuid().ToString()
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'managed-identity' -Method PUT -Body @{ secret = $script:IdentityHeader; roles = @('CrossTenantContentMigration.ReadWrite.All') }

        # One pass of the runbook in a fresh pwsh, signed in with the managed identity. Its parameters come from
        # environment variables, so that no command line shows the CSV's address. A failure is written as the
        # ErrorRecord's id, category, target and messages (the inner ones too), then rethrown as pwsh shows it.
        # A look every hour within a budget of a minute: the pass creates the jobs, submits their validation and
        # stops, without waiting.
        $script:RunCommand = @'
Import-Module $env:XT_MANIFEST
try {
    & $env:XT_RUNBOOK -WaveName $env:XT_WAVE -SourceTenantId $env:XT_TENANT -CsvUri $env:XT_CSV_URI -Endpoint $env:XT_ENDPOINT `
        -CompleteAfterDateTime ([DateTimeOffset]::UtcNow.AddDays(1)) -Workload Teams -BatchSize 5 -PollIntervalSec 3600 -MaxRunMinutes 1
} catch {
    "ERROR_ID=$($_.FullyQualifiedErrorId)"
    "ERROR_CATEGORY=$($_.CategoryInfo.Category)"
    "ERROR_TARGET=$($_.TargetObject)"
    for ($e = $_.Exception; $e; $e = $e.InnerException) { "ERROR_MESSAGE=$($e.Message)" }
    throw
}
'@

        # Runs one pass while a web server on 127.0.0.1 (a free port) answers its request for the CSV with
        # -Status, -ContentType (none when empty) and -Body; with -Status 0, nothing listens on that port.
        function Invoke-WaveRun([string] $Wave, [string] $PathAndQuery, [int] $Status, [string] $ContentType, [byte[]] $Body) {
            $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
            $server = [System.Net.HttpListener]::new()
            $server.Prefixes.Add("http://127.0.0.1:$port/")
            if ($Status) { $server.Start() }
            $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $script:RunCommand)) { $info.ArgumentList.Add($a) }
            $variables = @{
                XT_MANIFEST = Get-XtManifestPath; XT_RUNBOOK = Join-Path (Get-XtRepoRoot) 'examples/Invoke-MigrationWave.ps1'
                XT_WAVE = $Wave; XT_TENANT = Get-XtTestSourceTenant; XT_CSV_URI = "http://127.0.0.1:$port$PathAndQuery"; XT_ENDPOINT = $script:Emulator.Url
                IDENTITY_ENDPOINT = "$($script:Emulator.Url)/msi/token"; IDENTITY_HEADER = $script:IdentityHeader
            }
            foreach ($key in $variables.Keys) { $info.Environment[$key] = $variables[$key] }
            $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
            $process = [System.Diagnostics.Process]::Start($info)
            $out = $process.StandardOutput.ReadToEndAsync(); $err = $process.StandardError.ReadToEndAsync()
            try {
                if ($Status) {
                    $request = $server.GetContextAsync()
                    $request.Wait([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'the runbook asks for its CSV first'
                    $request.Result.Request.RawUrl | Should -Be $PathAndQuery
                    $response = $request.Result.Response
                    $response.StatusCode = $Status
                    if ($ContentType) { $response.ContentType = $ContentType }
                    $response.OutputStream.Write($Body, 0, $Body.Length)
                    $response.Close()
                }
                $process.WaitForExit(120000) | Should -BeTrue -Because 'one pass ends within two minutes'
            } finally {
                if (-not $process.HasExited) { $process.Kill($true); $process.WaitForExit() }
                $server.Close()
            }
            [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $out.Result + $err.Result }
        }
    }
    BeforeEach { Reset-XtEmulator $script:Emulator }

    It 'creates the wave''s jobs of exactly the CSV''s users, served <Served>, <Bom> byte order mark' -TestCases @(
        @{ Served = 'as application/octet-stream'; ContentType = 'application/octet-stream'; Bom = 'with a' }
        @{ Served = 'as application/octet-stream'; ContentType = 'application/octet-stream'; Bom = 'without a' }
        @{ Served = 'with no Content-Type'; ContentType = ''; Bom = 'with a' }
        @{ Served = 'with no Content-Type'; ContentType = ''; Bom = 'without a' }
    ) {
        param($Served, $ContentType, $Bom)
        $wave = New-XtTestJobName 'csvuri'
        $users = @(New-XtTestUserId 7)
        $text = (@('ExternalDirectoryObjectId') + $users) -join "`r`n"
        $bytes = [System.Text.UTF8Encoding]::new($Bom -eq 'with a').GetPreamble() + [System.Text.Encoding]::UTF8.GetBytes($text)
        $run = Invoke-WaveRun $wave '/waves/users.csv' 200 $ContentType $bytes
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $jobs = @(Get-XtMigrationJob -DisplayName "$wave*")
        $jobs.DisplayName | Sort-Object | Should -Be "$wave-001", "$wave-002"
        ($jobs | Get-XtMigrationJobUser).Id | Sort-Object | Should -Be ($users | Sort-Object)
    }

    It 'fails with CsvDownloadFailed when <Case>, and nothing it writes shows the SAS signature' -TestCases @(
        @{ Case = 'the answer is 403'; Status = 403; Category = 'ReadError' }
        @{ Case = 'the answer is 404'; Status = 404; Category = 'ReadError' }
        @{ Case = 'nothing answers'; Status = 0; Category = 'ConnectionError' }) {
        param($Case, $Status, $Category)
        $query = '?sv=2024-08-04&sr=b&sig=SECRETSIG'
        # The answer's body repeats the address, as some servers' error pages do.
        $body = [System.Text.Encoding]::UTF8.GetBytes("<Error><Code>Refused</Code><Message>/waves/users.csv$query</Message></Error>")
        $run = Invoke-WaveRun (New-XtTestJobName 'csvuri') "/waves/users.csv$query" $Status 'application/xml' $body
        $run.ExitCode | Should -Not -Be 0 -Because $run.Output
        $run.Output | Should -Not -Match 'SECRETSIG'
        $run.Output | Should -Not -Match 'sig='
        $run.Output | Should -Match 'ERROR_ID=CsvDownloadFailed,' -Because $run.Output
        $run.Output | Should -Match "ERROR_CATEGORY=$Category"
        $run.Output | Should -Match ('(?m)^ERROR_TARGET=http://127\.0\.0\.1:\d+/waves/users\.csv\r?$')
        $run.Output | Should -Match 'ERROR_MESSAGE=[^\n]*http://127\.0\.0\.1:\d+/waves/users\.csv'
        if ($Status) { $run.Output | Should -Match "ERROR_MESSAGE=[^\n]*\b$Status\b" }
        (Get-XtEmulatorStats $script:Emulator).creates | Should -Be 0
    }
}
