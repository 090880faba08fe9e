# Export-XtMigrationReport against the emulator host: a wave with validation and migration failures, its
# report's counts checked against the users the service returns, rendered by headless Chromium when it is on the PATH.
# The emulator's steps take an hour here and the tests move its clock, so nothing depends on the wall clock.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
    $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 3600000
    Connect-XtTestEmulator $script:Emulator
    $script:Out = Join-Path ([IO.Path]::GetTempPath()) "xt-report-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory $script:Out

    # Moves the emulator's clock an hour at a time until the job reaches one of the statuses.
    function Step-Until($Job, [string[]] $Status) {
        for ($i = 0; $i -lt 60; $i++) {
            $now = Get-XtMigrationJob -Id $Job.Id
            if ($now.Status -in $Status) { return $now }
            Step-XtEmulatorClock $script:Emulator -Seconds 3600
        }
        throw "Job $($Job.DisplayName) is $($now.Status), not $($Status -join ' or '), after 60 steps."
    }

    # The report's buckets, written out here from the documented workload statuses.
    function Get-Bucket([string] $Status) {
        switch ($Status) {
            'completed' { 'completed' }
            { $_ -in 'failed', 'error' } { 'failed' }
            'invalid' { 'invalid' }
            { $_ -in 'cancelled', 'pendingCancel' } { 'cancelled' }
            { $_ -in '', 'notStarted', 'valid' } { 'notstarted' }
            default { 'inprogress' }
        }
    }

    # The wave: validation failures (with markup in the job's name), migration failures (one with a message
    # that a spreadsheet would run, one with a code on Microsoft's list), a job that passed validation, and one migrating.
    $wave = New-XtTestJobName 'report'
    $script:Scripted = "$wave-A <script>alert('x')</script> & co"
    $script:Invalid = New-XtTestUserId 2 -Prefix 'bad0'
    $script:Failing = New-XtTestUserId 2 -Prefix 'fa11'
    $script:Formula = [string] (New-XtTestUserId 1)
    $null = Invoke-XtEmulatorAdmin $script:Emulator "users/$script:Formula/failure" -Method PUT -Body @{
        phase = 'migrate'; workload = 'Exchange'; code = '=cmd|'' /C calc''!A0'; message = '=HYPERLINK("http://attacker.example","Click")'
    }
    $script:Documented = [string] (New-XtTestUserId 1)
    $null = Invoke-XtEmulatorAdmin $script:Emulator "users/$script:Documented/failure" -Method PUT -Body @{
        phase = 'migrate'; workload = 'Exchange'; code = 'EXCH-08'; message = 'The mailbox move''s setup check failed.'
    }
    $cutover = (Get-Date).AddHours(3)
    $a = New-XtTestJob @{ DisplayName = $script:Scripted; Resource = @(New-XtTestUserId 3) + $script:Invalid }
    $b = New-XtTestJob @{ DisplayName = "$wave-B"; Resource = @(New-XtTestUserId 3) + $script:Failing + $script:Formula + $script:Documented; CompleteAfterDateTime = $cutover }
    $c = New-XtTestJob @{ DisplayName = "$wave-C"; Resource = New-XtTestUserId 4; Workload = 'Teams' }
    $null = $a, $b, $c | Test-XtMigrationJob -Confirm:$false
    $null = Step-Until $a 'validateFailed'
    $null = Step-Until $b 'validatePassed'
    $null = Step-Until $c 'validatePassed'
    $null = $b | Start-XtMigrationJob -Confirm:$false
    $null = Step-Until $b 'completedWithErrors'
    $d = New-XtTestJob @{ DisplayName = "$wave-D"; Resource = New-XtTestUserId 3; CompleteAfterDateTime = (Get-Date).AddDays(30) }
    $null = $d | Test-XtMigrationJob -Confirm:$false
    $null = Step-Until $d 'validatePassed'
    $null = $d | Start-XtMigrationJob -Confirm:$false
    Step-XtEmulatorClock $script:Emulator -Seconds 7200
    $script:Jobs = @($a, $b, $c, $d | ForEach-Object { Get-XtMigrationJob -Id $_.Id })
    $script:Users = @($script:Jobs | Get-XtMigrationJobUser -ThrottleLimit 1)
    $script:Wave = $wave

    # A time as the report writes it for people, and for tools: in this computer's zone, with the offset.
    function Format-Shown([DateTimeOffset] $Time) { $Time.ToLocalTime().ToString('yyyy-MM-dd HH:mm zzz', [cultureinfo]::InvariantCulture) }
    function Format-Iso([DateTimeOffset] $Time) { $Time.ToLocalTime().ToString('yyyy-MM-dd''T''HH:mm:ss.FFFFFFFzzz', [cultureinfo]::InvariantCulture) }
    $script:IsoWithOffset = '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$'
    function Get-Remedy([string] $Code) { [CrossTenantMigration.UserErrorRemedies]::For($Code) }

    # Runs a script in a fresh pwsh whose local time zone is -TimeZone (TZ: Linux and macOS), connected to the emulator.
    function Invoke-InZone([string] $TimeZone, [string] $Script, [hashtable] $Variables = @{}) {
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        $prelude = '$ErrorActionPreference = "Stop"; Import-Module $env:XT_MANIFEST; ' +
            'Connect-XtMigration -AccessToken (ConvertTo-SecureString $env:XT_TOKEN -AsPlainText -Force) -Endpoint $env:XT_ENDPOINT; '
        foreach ($a in @((Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command', $prelude + $Script)) { $info.ArgumentList.Add($a) }
        $info.Environment['TZ'] = $TimeZone
        $info.Environment['NO_COLOR'] = '1'
        $info.Environment['XT_MANIFEST'] = Get-XtManifestPath
        $info.Environment['XT_ENDPOINT'] = $script:Emulator.Url
        $info.Environment['XT_TOKEN'] = ConvertFrom-SecureString (New-XtEmulatorToken $script:Emulator) -AsPlainText
        foreach ($key in $Variables.Keys) { $info.Environment[$key] = $Variables[$key] }
        $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($info)
        $out = $process.StandardOutput.ReadToEndAsync(); $err = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit(120000) | Should -BeTrue -Because 'the fresh pwsh ends within two minutes'
        $err.Result | Should -BeNullOrEmpty
        $process.ExitCode | Should -Be 0
        $out.Result
    }
}

AfterAll {
    Disconnect-XtMigration
    Stop-XtEmulatorHost $script:Emulator
    Remove-Item -Recurse -Force $script:Out -ErrorAction SilentlyContinue
}

Describe 'The wave the reports are made of' -Tag Report {
    It 'has validation failures, migration failures, and jobs waiting and migrating' {
        $script:Jobs.Status | Should -Be @('validateFailed', 'completedWithErrors', 'validatePassed', (Get-XtMigrationJob -Id $script:Jobs[3].Id).Status)
        $script:Jobs[3].Status | Should -Not -BeIn 'validatePassed', 'completed', 'completedWithErrors', 'failed'
        $script:Users | Should -HaveCount 19
    }
}

Describe 'The HTML report' -Tag Report {
    BeforeAll {
        $script:Html = Join-Path $script:Out 'wave.html'
        $script:File = Export-XtMigrationReport -DisplayName "$script:Wave-*", "$script:Wave-A*" -Path $script:Html -PassThru
        $script:Text = Get-Content -Raw $script:Html
    }

    It 'returns the file with -PassThru and leaves no partial file' {
        $script:File | Should -BeOfType System.IO.FileInfo
        $script:File.FullName | Should -Be $script:Html
        Test-Path "$script:Html.partial" | Should -BeFalse
    }

    It 'holds each job once, in name order, with its users' {
        $sections = [regex]::Matches($script:Text, '<section class="job" data-job-id="([^"]+)" data-users="(\d+)"')
        $sections.ForEach({ $_.Groups[1].Value }) | Should -Be ($script:Jobs.Id)
        foreach ($s in $sections) {
            [int] $s.Groups[2].Value | Should -Be @($script:Users | Where-Object JobId -eq $s.Groups[1].Value).Count
        }
    }

    It 'counts each workload''s users by status as the service reports them' {
        foreach ($workload in 'Exchange', 'ODSP', 'Teams', 'Meeting') {
            $section = [regex]::Match($script:Text, "(?s)<section class=""workload"" data-workload=""$workload"">.*?</section>").Value
            $section | Should -Not -BeNullOrEmpty -Because "the $workload bar is there"
            $expected = @{}
            foreach ($user in $script:Users) {
                $state = $user.Workloads | Where-Object Workload -eq $workload
                if ($state) { $expected[(Get-Bucket $state.Status)] += 1 }
            }
            foreach ($bucket in 'completed', 'inprogress', 'failed', 'invalid', 'notstarted', 'cancelled') {
                $shown = [regex]::Match($section, "data-progress=""$bucket"" data-count=""(\d+)""")
                $shown.Success | Should -BeTrue -Because "the $workload legend shows $bucket"
                [int] $shown.Groups[1].Value | Should -Be ([int] $expected[$bucket]) -Because "$workload $bucket"
            }
        }
        # The wave has users in every bucket that matters, so the check above compares real numbers.
        $all = $script:Users.Workloads | ForEach-Object { Get-Bucket $_.Status } | Sort-Object -Unique
        foreach ($bucket in 'completed', 'inprogress', 'failed', 'invalid', 'notstarted') { $all | Should -Contain $bucket }
    }

    It 'summarises the jobs by status' {
        foreach ($group in $script:Jobs | Group-Object Status) {
            $script:Text | Should -Match ([regex]::Escape("<tr data-job-status=""$($group.Name)"" data-count=""$($group.Count)"">"))
        }
        [regex]::Matches($script:Text, '<tr data-job-status=').Count | Should -Be @($script:Jobs | Group-Object Status).Count
    }

    It 'lists exactly the users who failed or are invalid, per workload, with the code' {
        $rows = [regex]::Matches($script:Text, '<tr data-job-id="([^"]+)" data-user-id="([^"]+)" data-workload="([^"]+)">(.*?)</tr>')
        $shown = $rows.ForEach({ '{0}/{1}/{2}' -f $_.Groups[1].Value, $_.Groups[2].Value, $_.Groups[3].Value }) | Sort-Object
        $expected = foreach ($user in $script:Users) {
            foreach ($w in $user.Workloads | Where-Object { (Get-Bucket $_.Status) -in 'failed', 'invalid' }) { '{0}/{1}/{2}' -f $user.JobId, $user.Id, $w.Workload }
        }
        $shown | Should -Be ($expected | Sort-Object)
        $failedUsers = $rows.ForEach({ $_.Groups[2].Value }) | Sort-Object -Unique
        $failedUsers | Should -Be (@($script:Invalid) + $script:Failing + $script:Formula + $script:Documented | Sort-Object)
        $script:Text | Should -Match ([regex]::Escape("Users who failed or are invalid ($($rows.Count))"))
        ($rows.Where({ $_.Groups[2].Value -eq $script:Formula }).ForEach({ $_.Groups[4].Value }) -join ' ') | Should -Match '=cmd'
    }

    It 'shows a display name with markup as text' {
        $script:Text | Should -Not -Match '<script'
        $script:Text | Should -Match ([regex]::Escape('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co'))
    }

    It 'has a What to do column with the remedy of a documented code and a link to Microsoft''s page for it' {
        $script:Text | Should -Match ([regex]::Escape('<th>Error code</th><th>Message</th><th>What to do</th>'))
        $row = [regex]::Match($script:Text, "<tr data-job-id=""[^""]+"" data-user-id=""$script:Documented"" data-workload=""Exchange"">(.*?)</tr>").Groups[1].Value
        $row | Should -Match '<code>EXCH-08</code>'
        $remedy = Get-Remedy 'EXCH-08'
        $remedy.IsListed | Should -BeTrue
        $row | Should -Match ([regex]::Escape("<td class=""remedy"">$([System.Net.WebUtility]::HtmlEncode($remedy.Text)) <a href=""$($remedy.HelpUri)"" rel=""noreferrer"">"))
    }

    It 'says that the module''s list has no remedy for a code it does not know, escaped, with a link to Microsoft''s whole list' {
        $row = [regex]::Match($script:Text, "<tr data-job-id=""[^""]+"" data-user-id=""$script:Formula"" data-workload=""Exchange"">(.*?)</tr>").Groups[1].Value
        $remedy = Get-Remedy '=cmd|'' /C calc''!A0'
        $remedy.IsListed | Should -BeFalse
        $remedy.Text | Should -Match 'list has no remedy for code'
        $row | Should -Match ([regex]::Escape("<td class=""remedy"">$([System.Net.WebUtility]::HtmlEncode($remedy.Text)) <a href=""$([CrossTenantMigration.UserErrorRemedies]::PageUri)"""))
    }

    It 'gives every failed row a remedy' {
        $rows = [regex]::Matches($script:Text, '<tr data-job-id="[^"]+" data-user-id="[^"]+" data-workload="[^"]+">(.*?)</tr>')
        $rows.Count | Should -BeGreaterThan 0
        foreach ($row in $rows) { $row.Groups[1].Value | Should -Match '<td class="remedy">[^<]{20,} <a href="https://learn\.microsoft\.com/' }
    }

    It 'is self-contained: no script, and nothing that loads from elsewhere; the only addresses are links to click' {
        # What a browser loads by itself: scripts, style sheets, fonts, images, frames, objects, a base address, a refresh.
        $script:Text | Should -Not -Match '<script|<link|<img|<iframe|<frame|<object|<embed|<video|<audio|<source|<svg|<base|<form|http-equiv|@import|@font-face|url\(|src=|srcset=|poster=|action='
        [regex]::Matches($script:Text, '<style[\s>]').Count | Should -Be 1
        # Every address is the target of an anchor: an https link that loads only when the reader follows it.
        $anchors = [regex]::Matches($script:Text, '<a href="(https://[^"<>]+)" rel="noreferrer">')
        $anchors.Count | Should -BeGreaterThan 0
        [regex]::Matches($script:Text, 'href=').Count | Should -Be $anchors.Count
        $anchors.ForEach({ $_.Groups[1].Value }) | Sort-Object -Unique | ForEach-Object { $_ | Should -Match '^https://learn\.microsoft\.com/' }
        $withoutAnchors = [regex]::Replace($script:Text, '<a href="https://[^"<>]+" rel="noreferrer">', '<a>')
        $withoutAnchors | Should -Not -Match 'https?://(?!127\.0\.0\.1|attacker\.example)'
    }

    It 'shows each status by label and symbol as well as colour, and has print rules' {
        $script:Text | Should -Match 'title="Failed">✖ failed</span>'
        $script:Text | Should -Match 'title="Invalid">⚠ invalid</span>'
        $script:Text | Should -Match 'title="Completed">✔ completed</span>'
        $script:Text | Should -Match '@media print'
        $script:Text | Should -Match '@page'
    }

    It 'writes the header: the time, the tenant and the API version' {
        $context = Get-XtMigrationContext
        $script:Text | Should -Match ([regex]::Escape("tenant <code>$($context.TenantId)</code>"))
        $script:Text | Should -Match 'Microsoft Graph <code>v1\.0</code>'
        $script:Text | Should -Match "Generated $((Get-Date).ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture)) \d\d:\d\d [+-]\d\d:\d\d"
    }

    It 'states the time zone of its times, this computer''s, with the offset' {
        $zone = [TimeZoneInfo]::Local
        $now = [DateTimeOffset]::Now
        $offset = $now.ToString('zzz', [cultureinfo]::InvariantCulture)
        $name = if ($zone.IsDaylightSavingTime($now)) { $zone.DaylightName } else { $zone.StandardName }
        $statement = [regex]::Match($script:Text, '<p class="time-zone" data-time-zone="([^"]+)" data-utc-offset="([^"]+)">([^<]+)</p>')
        $statement.Success | Should -BeTrue
        $statement.Groups[1].Value | Should -Be $zone.Id
        $statement.Groups[2].Value | Should -Be $offset
        $statement.Groups[3].Value | Should -Match ('^Times are in UTC' + [regex]::Escape("$offset ($name"))
    }

    It 'shows each job''s cutover in this computer''s zone with the offset' {
        foreach ($job in $script:Jobs) {
            $script:Text | Should -Match ([regex]::Escape("cutover after $(Format-Shown $job.CompleteAfterDateTime) ·"))
        }
    }
}

# Tests install nothing: without Chromium on the PATH this is skipped, and the test command names it as skipped.
Describe 'The report rendered by a browser' -Tag Report, Render {
    BeforeAll {
        $script:Chromium = Find-XtChromium
        $script:Html = Join-Path $script:Out 'render.html'
        $script:Jobs | Export-XtMigrationReport -Path $script:Html
    }

    It 'renders to a picture that is not blank' {
        if (-not $script:Chromium) { Set-ItResult -Skipped -Because 'no Chromium on the PATH (.ci/run installs it)' }
        $png = Join-Path $script:Out 'render.png'
        $pixels = Invoke-XtChromiumScreenshot -Chromium $script:Chromium -Html $script:Html -Png $png
        Test-Path $png | Should -BeTrue
        (Get-Item $png).Length | Should -BeGreaterThan 5kb
        $pixels.Width | Should -Be 1200
        # A blank page is one colour; the report has white, text, and the bars' greens, reds and blues.
        $pixels.DistinctColours | Should -BeGreaterThan 20
        $pixels.NonWhiteFraction | Should -BeGreaterThan 0.02
        $pixels.Has('#cf222e') | Should -BeTrue -Because 'the failed part of a bar is drawn in red'
        $pixels.Has('#1a7f37') | Should -BeTrue -Because 'the completed part of a bar is drawn in green'
    }
}

Describe 'The CSV report' -Tag Report {
    BeforeAll {
        $script:Csv = Join-Path $script:Out 'wave.csv'
        $script:Jobs | Export-XtMigrationReport -Path $script:Csv
        $script:Rows = @(Import-Csv $script:Csv)
    }

    It 'starts with a UTF-8 byte order mark, for Excel' {
        $bytes = [IO.File]::ReadAllBytes($script:Csv)
        $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
    }

    It 'round-trips through Import-Csv with one row per user per job and the same counts' {
        $script:Rows | Should -HaveCount $script:Users.Count
        ($script:Rows[0].PSObject.Properties.Name) | Should -Be @('JobName', 'JobId', 'UserId', 'UserPrincipalName', 'DisplayName', 'ExchangeStatus', 'ODSPStatus', 'TeamsStatus', 'MeetingStatus',
            'ErrorWorkload', 'ErrorCode', 'ErrorMessage', 'Remedy', 'CompleteAfterDateTime', 'LastUpdatedDateTime')
        foreach ($job in $script:Jobs) {
            @($script:Rows | Where-Object JobId -eq $job.Id).Count | Should -Be @($script:Users | Where-Object JobId -eq $job.Id).Count
            @($script:Rows | Where-Object JobId -eq $job.Id).JobName | Sort-Object -Unique | Should -Be $job.DisplayName
        }
        foreach ($column in 'ExchangeStatus', 'ODSPStatus', 'TeamsStatus', 'MeetingStatus') {
            $fromCsv = $script:Rows | Group-Object $column | ForEach-Object { "$($_.Name)=$($_.Count)" } | Sort-Object
            $fromService = $script:Users | Group-Object { "$($_.$column)" } | ForEach-Object { "$($_.Name)=$($_.Count)" } | Sort-Object
            $fromCsv | Should -Be $fromService -Because $column
        }
        @($script:Rows | Where-Object ErrorCode).Count | Should -Be (@($script:Invalid) + $script:Failing + $script:Formula + $script:Documented).Count
    }

    It 'has the remedy of each user''s first error, and none for a user without one' {
        ($script:Rows | Where-Object UserId -eq $script:Documented).Remedy | Should -Be (Get-Remedy 'EXCH-08').Text
        ($script:Rows | Where-Object UserId -eq $script:Formula).Remedy | Should -Be (Get-Remedy '=cmd|'' /C calc''!A0').Text
        foreach ($row in $script:Rows) {
            if ($row.ErrorCode) { $row.Remedy | Should -Not -BeNullOrEmpty } else { $row.Remedy | Should -BeNullOrEmpty }
        }
    }

    It 'leaves the name columns empty when the names were not looked up' {
        $script:Rows.UserPrincipalName | Sort-Object -Unique | Should -Be ''
        $script:Rows.DisplayName | Sort-Object -Unique | Should -Be ''
    }

    It 'gives the times in ISO 8601 with this computer''s offset' {
        foreach ($job in $script:Jobs) {
            $rows = @($script:Rows | Where-Object JobId -eq $job.Id)
            $rows.CompleteAfterDateTime | Sort-Object -Unique | Should -Be (Format-Iso $job.CompleteAfterDateTime)
        }
        $updated = @($script:Rows | Where-Object LastUpdatedDateTime)
        foreach ($row in $updated) {
            $row.LastUpdatedDateTime | Should -Match $script:IsoWithOffset
            $user = $script:Users | Where-Object { $_.Id -eq $row.UserId -and $_.JobId -eq $row.JobId }
            $row.LastUpdatedDateTime | Should -Be (Format-Iso $user.LastUpdatedDateTime)
        }
    }

    It 'neutralises a code and a message that a spreadsheet would run' {
        $row = $script:Rows | Where-Object UserId -eq $script:Formula
        $row.ErrorCode | Should -Be "'=cmd|' /C calc'!A0"
        $row.ErrorMessage | Should -Be '''=HYPERLINK("http://attacker.example","Click")'
        $row.ErrorWorkload | Should -Be 'Exchange'
        foreach ($r in $script:Rows) { foreach ($p in $r.PSObject.Properties) { $p.Value | Should -Not -Match '^[=+\-@]' } }
    }

    It 'keeps the job name with markup as it is: a spreadsheet shows text' {
        @($script:Rows | Where-Object JobName -eq $script:Scripted).Count | Should -Be 5
    }
}

Describe 'The JSON report' -Tag Report {
    It 'holds the CSV''s data nested by job' {
        $path = Join-Path $script:Out 'wave.json'
        $script:Jobs | Export-XtMigrationReport -Path $path
        $report = Get-Content -Raw $path | ConvertFrom-Json
        $report.tenantId | Should -Be (Get-XtMigrationContext).TenantId
        $report.apiVersion | Should -Be 'v1.0'
        $report.jobs.jobId | Should -Be $script:Jobs.Id
        $report.jobs.jobName | Should -Be $script:Jobs.DisplayName
        $report.jobs.status | Should -Be $script:Jobs.Status
        foreach ($job in $report.jobs) {
            $users = @($script:Users | Where-Object JobId -eq $job.jobId)
            $job.users | Should -HaveCount $users.Count
            ($job.users.userId | Sort-Object) | Should -Be ($users.Id | Sort-Object)
        }
        $formula = $report.jobs.users | Where-Object userId -eq $script:Formula
        $formula.errorCode | Should -Be '=cmd|'' /C calc''!A0' -Because 'JSON is for tools, which get the value as the service gave it'
    }

    It 'has each user''s names, the remedy of the first error, and every error with its remedy and page' {
        $path = Join-Path $script:Out 'remedies.json'
        $script:Jobs | Export-XtMigrationReport -Path $path
        $report = Get-Content -Raw $path | ConvertFrom-Json -DateKind String
        $users = @($report.jobs.users)
        $users | ForEach-Object { $_.PSObject.Properties.Name | Should -Contain 'userPrincipalName'; $_.PSObject.Properties.Name | Should -Contain 'displayName' }
        $documented = $users | Where-Object userId -eq $script:Documented
        $documented.remedy | Should -Be (Get-Remedy 'EXCH-08').Text
        $documented.errors | Should -HaveCount @(($script:Users | Where-Object Id -eq $script:Documented).Errors).Count
        $documented.errors[0].workload | Should -Be 'Exchange'
        $documented.errors[0].code | Should -Be 'EXCH-08'
        $documented.errors[0].remedy | Should -Be (Get-Remedy 'EXCH-08').Text
        $documented.errors[0].helpUri | Should -Be (Get-Remedy 'EXCH-08').HelpUri
        foreach ($user in $users) { @($user.errors).Count | Should -Be @(($script:Users | Where-Object { $_.Id -eq $user.userId }).Errors).Count }
    }

    It 'names its zone and gives every time in ISO 8601 with this computer''s offset' {
        $path = Join-Path $script:Out 'times.json'
        $script:Jobs | Export-XtMigrationReport -Path $path
        $report = Get-Content -Raw $path | ConvertFrom-Json -DateKind String
        $report.timeZone | Should -Be ([TimeZoneInfo]::Local.Id)
        $report.generatedAt | Should -Match $script:IsoWithOffset
        ([DateTimeOffset] $report.generatedAt).Offset | Should -Be ([TimeZoneInfo]::Local.GetUtcOffset([DateTimeOffset] $report.generatedAt))
        $report.jobs.completeAfterDateTime | Should -Be ($script:Jobs | ForEach-Object { Format-Iso $_.CompleteAfterDateTime })
        foreach ($time in @($report.jobs.lastUpdatedDateTime) + @($report.jobs.users.lastUpdatedDateTime) | Where-Object { $_ }) { $time | Should -Match $script:IsoWithOffset }
    }
}

Describe 'The report in another time zone' -Tag Report {
    # TZ names the local zone of a .NET process on Linux and macOS, not on Windows.
    It 'in New York, states the zone and gives every time at New York''s offset, in a fresh pwsh' -Skip:$IsWindows {
        $html = Join-Path $script:Out 'new-york.html'
        $json = Join-Path $script:Out 'new-york.json'
        $csv = Join-Path $script:Out 'new-york.csv'
        $null = Invoke-InZone 'America/New_York' 'Export-XtMigrationReport -Id $env:XT_JOB -Path $env:XT_HTML; Export-XtMigrationReport -Id $env:XT_JOB -Path $env:XT_JSON; Export-XtMigrationReport -Id $env:XT_JOB -Path $env:XT_CSV' @{
            XT_JOB = $script:Jobs[1].Id; XT_HTML = $html; XT_JSON = $json; XT_CSV = $csv
        }
        $newYork = [TimeZoneInfo]::FindSystemTimeZoneById('America/New_York')
        function Format-NewYork([DateTimeOffset] $Time, [string] $Format) { [TimeZoneInfo]::ConvertTime($Time, $newYork).ToString($Format, [cultureinfo]::InvariantCulture) }
        $report = Get-Content -Raw $json | ConvertFrom-Json -DateKind String
        $generated = [DateTimeOffset] $report.generatedAt
        $offset = Format-NewYork $generated 'zzz'
        $offset | Should -BeIn '-05:00', '-04:00'
        $name = if ($newYork.IsDaylightSavingTime($generated)) { 'Eastern Daylight Time' } else { 'Eastern Standard Time' }
        $report.timeZone | Should -Be 'America/New_York'
        $report.generatedAt | Should -Match "$([regex]::Escape($offset))$"
        $cutover = $script:Jobs[1].CompleteAfterDateTime
        $report.jobs[0].completeAfterDateTime | Should -Be (Format-NewYork $cutover 'yyyy-MM-dd''T''HH:mm:ss.FFFFFFFzzz')
        $text = Get-Content -Raw $html
        $text | Should -Match ([regex]::Escape("Times are in UTC$offset ($name, America/New_York)"))
        $text | Should -Match ([regex]::Escape("cutover after $(Format-NewYork $cutover 'yyyy-MM-dd HH:mm zzz') ·"))
        (Import-Csv $csv).CompleteAfterDateTime | Sort-Object -Unique | Should -Be (Format-NewYork $cutover 'yyyy-MM-dd''T''HH:mm:ss.FFFFFFFzzz')
    }
}

# Export-XtMigrationReport -ResolveUserName comes with the directory lookup of Get-XtMigrationJobUser, another change:
# until that is merged, these tests fail (the parameter does not exist).
Describe 'The report with the users'' names from the directory' -Tag Report, Names {
    BeforeAll {
        # The target tenant's directory holds the wave's users, and the token may read them.
        $directory = @($script:Users | ForEach-Object { @{ id = $_.Id; userPrincipalName = "user-$($_.Id.Substring(0, 8))@fabrikam.onmicrosoft.com"; displayName = "User $($_.Id.Substring(0, 4))" } })
        $null = Invoke-XtEmulatorAdmin $script:Emulator 'directory/users' -Method PUT -Body $directory
        Connect-XtMigration -AccessToken (New-XtEmulatorToken $script:Emulator -Scopes 'CrossTenantContentMigration.ReadWrite.All', 'User.ReadBasic.All') -Endpoint $script:Emulator.Url
    }
    AfterAll { Connect-XtTestEmulator $script:Emulator }

    It 'with -ResolveUserName, names each user in the CSV, and each failed user in the HTML by name' {
        $csv = Join-Path $script:Out 'names.csv'
        $html = Join-Path $script:Out 'names.html'
        Export-XtMigrationReport -Id $script:Jobs[1].Id -Path $csv -ResolveUserName
        Export-XtMigrationReport -Id $script:Jobs[1].Id -Path $html -ResolveUserName
        $rows = @(Import-Csv $csv)
        $rows | Should -HaveCount @($script:Users | Where-Object JobId -eq $script:Jobs[1].Id).Count
        foreach ($row in $rows) { $row.UserPrincipalName | Should -Not -BeNullOrEmpty -Because "the directory names user $($row.UserId)" }
        $text = Get-Content -Raw $html
        foreach ($row in $rows | Where-Object ErrorCode) {
            $text | Should -Match ([regex]::Escape("<span class=""upn"" title=""$([System.Net.WebUtility]::HtmlEncode($row.UserId))"">$([System.Net.WebUtility]::HtmlEncode($row.UserPrincipalName))</span>"))
        }
    }
}

Describe 'Choosing what to write' -Tag Report {
    It 'takes the format from -Format over the extension' {
        $path = Join-Path $script:Out 'wave.report'
        Export-XtMigrationReport -Id $script:Jobs[0].Id -Path $path -Format Csv
        (Get-Content $path -TotalCount 1) | Should -Match '^\uFEFF?JobName,JobId,UserId,UserPrincipalName'
    }

    It 'refuses a path with no known extension and no -Format, naming the parameter, before anything is sent' {
        Reset-XtEmulatorStats $script:Emulator
        $err = { Export-XtMigrationReport -Id $script:Jobs[0].Id -Path (Join-Path $script:Out 'wave.txt') -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidReportFormat,*' -PassThru
        $err.Exception.Message | Should -Match '-Path'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-XtEmulatorStats $script:Emulator).total | Should -Be 0
        Test-Path (Join-Path $script:Out 'wave.txt') | Should -BeFalse
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $script:Out 'whatif.html'
        $script:Jobs | Export-XtMigrationReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'names a job that does not exist and writes no report without it' {
        $path = Join-Path $script:Out 'missing.csv'
        $missing = [guid]::NewGuid().ToString()
        $err = $null; $written = $null; $incomplete = $null
        try { $written = Export-XtMigrationReport -Id $missing, $script:Jobs[2].Id -Path $path -PassThru -ErrorVariable err -ErrorAction SilentlyContinue }
        catch { $incomplete = $_ }
        $incomplete.FullyQualifiedErrorId | Should -BeLike 'ReportIncomplete,*'
        $incomplete.CategoryInfo.Category | Should -Be 'ReadError'
        $incomplete.Exception.Message | Should -Match $missing
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound,*'
        $written | Should -BeNullOrEmpty
        Test-Path $path | Should -BeFalse
        Test-Path "$path.partial" | Should -BeFalse
    }

    It 'reads each job given by -Id once, whatever its case, and writes them in the order given' {
        $path = Join-Path $script:Out 'ids.json'
        Reset-XtEmulatorStats $script:Emulator
        Export-XtMigrationReport -Id $script:Jobs[1].Id, $script:Jobs[0].Id -Path $path
        $once = (Get-XtEmulatorStats $script:Emulator).byMethod.GET
        Reset-XtEmulatorStats $script:Emulator
        Export-XtMigrationReport -Id $script:Jobs[1].Id, $script:Jobs[0].Id.ToUpperInvariant(), $script:Jobs[0].Id -Path $path -ThrottleLimit 2
        (Get-XtEmulatorStats $script:Emulator).byMethod.GET | Should -Be $once -Because 'a job named twice is read and written once'
        (Get-Content -Raw $path | ConvertFrom-Json).jobs.jobId | Should -Be @($script:Jobs[1].Id, $script:Jobs[0].Id)
    }

    It 'writes Information records, not progress, in a non-interactive host' {
        $path = Join-Path $script:Out 'quiet.json'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($Manifest, $Url, $Token, $Ids, $Path) Import-Module $Manifest; Connect-XtMigration -AccessToken $Token -Endpoint $Url; $Ids | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Export-XtMigrationReport -Path $Path').
                AddArgument((Get-XtManifestPath)).AddArgument($script:Emulator.Url).AddArgument((New-XtEmulatorToken $script:Emulator)).AddArgument($script:Jobs.Id).AddArgument($path)
            $null = $ps.Invoke()
            $ps.HadErrors | Should -BeFalse
            $ps.Streams.Progress | Should -HaveCount 0
            $news = @($ps.Streams.Information | Where-Object { $_.Tags -contains 'Report' })
            $news | Should -HaveCount $script:Jobs.Count
            $news[0].MessageData | Should -Match "Reading the users of job '.*' \(1 of 4\)"
            (Get-Content -Raw $path | ConvertFrom-Json).jobs | Should -HaveCount 4
        } finally { $ps.Dispose() }
    }

    It 'leaves the earlier report as it was, and no partial file, when the new one cannot be written' {
        $path = Join-Path $script:Out 'kept.csv'
        'earlier report' | Set-Content $path
        # A folder where the partial file would go: the writer cannot create it.
        $null = New-Item -ItemType Directory "$path.partial"
        try {
            $err = { $script:Jobs | Export-XtMigrationReport -Path $path -ErrorAction Stop } | Should -Throw -ErrorId 'ReportNotWritten,*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'WriteError'
            $err.TargetObject | Should -Be $path
        } finally { Remove-Item "$path.partial" -Force }
        Get-Content $path | Should -Be 'earlier report'
    }

    It 'replaces an earlier report once the new one is complete' {
        $path = Join-Path $script:Out 'replaced.csv'
        'earlier report' | Set-Content $path
        $script:Jobs | Export-XtMigrationReport -Path $path
        @(Import-Csv $path) | Should -HaveCount $script:Users.Count
        Get-ChildItem $script:Out -Filter 'replaced.csv*' | Should -HaveCount 1
    }
}
