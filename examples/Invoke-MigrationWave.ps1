<#
.SYNOPSIS
    Advances a migration wave and exits: an Azure Automation runbook that a schedule runs again until
    the wave has ended.
.DESCRIPTION
    A wave lasts days: validation, then mailbox synchronization until the cutover date. A cloud job of
    Azure Automation runs at most three hours, so each run does what is due now, and exits:

    1. creates the wave's jobs that do not exist yet: the users come from a CSV file at a URL, in an
       Automation variable or on disk, split into jobs of -BatchSize named <WaveName>-001, -002, ...
       (just <WaveName> when one job holds them all);
    2. validates the jobs that were never validated (with -RevalidateFailed, also those whose
       validation failed, once you have fixed their users);
    3. migrates the jobs whose validation passed (with -RetryFailedUsers, also the failed users of
       jobs that ended with errors; with -CutoverNow, a rehearsal in the sandbox, it brings their
       cutover forward to now);
    4. while jobs are in statuses that change within minutes (being validated, set up, cut over), looks
       again every -PollIntervalSec and does what has become due;
    5. writes every job's status, and each user who failed with what to do about it (the remedy of the
       workload's first error), as output; with -ReportPath, also a report file of the whole wave for
       people who will not read the output (Export-XtMigrationReport). With -ResolveUserName, the failed
       users and the report name each user by user principal name as well as by id.

    It stops itself before -MaxRunMinutes (150 by default, inside Automation's three hours) without
    failing, and ends normally when nothing more can happen now (a job syncing until its cutover date,
    a failed validation that needs you). Running it again at any point converges: nothing is created or
    started twice, and nothing is lost.

    Sign-in: the Automation account's managed identity (Connect-XtMigration -Identity), unless the
    session is connected already. Grant the identity the application permission
    CrossTenantContentMigration.ReadWrite.All on Microsoft Graph.

    Waits write no progress records in Automation: each job's status changes are Information records.
.PARAMETER CsvUri
    The address of a CSV file of the users (a storage blob with a SAS token, for example), with a
    column ExternalDirectoryObjectId, ObjectId, Id or UserId: the target users' object ids; or a
    column UserPrincipalName, the users' names, where New-XtMigrationJob accepts them. Whatever the
    columns, the rows go to New-XtMigrationJob as they are. The file
    is read as UTF-8 text (a byte order mark is dropped) whatever Content-Type it is served with, as
    application/octet-stream or with none, as blobs often are. The download may take five minutes.
    When it fails, the error (CsvDownloadFailed) names the address without its query, so that a SAS
    token's signature never shows in the job's output.
.PARAMETER CsvVariableName
    The name of an Automation variable (a string) that holds the CSV text, with the columns -CsvUri
    describes.
.PARAMETER CsvPath
    The path of the CSV file, with the columns -CsvUri describes (a hybrid runbook worker, or a test on
    your computer).
.PARAMETER ReportPath
    Where to write a report of the wave at the end of the run: a web page (.html), a spreadsheet (.csv)
    or JSON (.json), by the extension. The file is written to output as well. In Azure Automation the
    sandbox's disk goes away with the job: write under $env:TEMP and copy the file somewhere that
    lasts, as the third example does.
.PARAMETER ResolveUserName
    Looks up the failed users' names in the target tenant's directory (Get-XtMigrationJobUser
    -ResolveUserName), so that each CrossTenantMigration.WaveFailedUser carries its UserPrincipalName;
    with -ReportPath, the report names every user too (Export-XtMigrationReport -ResolveUserName). The
    identity then also needs permission to read the users in the directory. On a version of the module
    that cannot look names up, the runbook warns once and names users by id, as without the switch.
.OUTPUTS
    CrossTenantMigration.WaveJobReport: Wave, Job, Id, Status, CompleteAfterDateTime, Message; one per job.
    CrossTenantMigration.WaveFailedUser: Wave, Job, UserId, UserPrincipalName (with -ResolveUserName, else
    empty), Workload, Status, Code, Message and Remedy (what to do, for the workload's first error); one per
    failed or invalid workload of a user.
    System.IO.FileInfo: the report, with -ReportPath.
    A line of text that sums the wave up.
.EXAMPLE
    # The runbook of an Automation account (PowerShell 7.4 runtime, CrossTenantMigration imported),
    # scheduled every hour:
    ./Invoke-MigrationWave.ps1 -WaveName wave-07 -SourceTenantId 12345678-1234-1234-1234-123456789012 `
        -CsvVariableName wave-07-users -CompleteAfterDateTime 2026-12-12T22:00Z `
        -TargetDeliveryDomain fabrikam.onmicrosoft.com -SourceEndpoint EXOHandler
.EXAMPLE
    # A rehearsal in the sandbox, on your computer: each run advances the wave; run it until it ends.
    Connect-XtMigration -Sandbox
    ./Invoke-MigrationWave.ps1 -WaveName rehearsal -SourceTenantId 12345678-1234-1234-1234-123456789012 `
        -CsvPath ./users.csv -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Teams, ODSP -CutoverNow -PollIntervalSec 1
.EXAMPLE
    # In Automation: the wave's report as a web page, kept in a storage container (a SAS URL with
    # write permission, held in an encrypted Automation variable).
    $report = ./Invoke-MigrationWave.ps1 -WaveName wave-07 -SourceTenantId 12345678-1234-1234-1234-123456789012 `
        -CsvVariableName wave-07-users -CompleteAfterDateTime 2026-12-12T22:00Z -ReportPath "$env:TEMP/wave-07.html" |
        Where-Object { $_ -is [System.IO.FileInfo] }
    $container = [uri] (Get-AutomationVariable -Name report-container-sas)
    $blob = '{0}://{1}{2}/wave-07.html{3}' -f $container.Scheme, $container.Authority, $container.AbsolutePath, $container.Query
    Invoke-RestMethod -Method Put -Uri $blob -InFile $report.FullName -ContentType 'text/html; charset=utf-8' -Headers @{ 'x-ms-blob-type' = 'BlockBlob' }
#>
[CmdletBinding(DefaultParameterSetName = 'Uri')]
param(
    [Parameter(Mandatory)] [string] $WaveName,
    [Parameter(Mandatory)] [string] $SourceTenantId,
    [Parameter(Mandatory, ParameterSetName = 'Uri')] [uri] $CsvUri,
    [Parameter(Mandatory, ParameterSetName = 'Variable')] [string] $CsvVariableName,
    [Parameter(Mandatory, ParameterSetName = 'Path')] [string] $CsvPath,
    # When cutover may start for the wave's jobs; it must be in the future when a job is created.
    [Parameter(Mandatory)] [DateTimeOffset] $CompleteAfterDateTime,
    # Exchange, ODSP, Teams; none named migrates every workload, Teams meetings included.
    [string[]] $Workload = @(),
    [string] $TargetDeliveryDomain,
    [string] $SourceEndpoint,
    [ValidateRange(1, 2000)] [int] $BatchSize = 100,
    [ValidateRange(0.05, 170)] [double] $MaxRunMinutes = 150,
    [ValidateRange(0.1, 3600)] [double] $PollIntervalSec = 60,
    # Validate again the jobs whose validation failed, once their users have been fixed.
    [switch] $RevalidateFailed,
    # Migrate again the users who failed in a job that ended completedWithErrors or failed.
    [switch] $RetryFailedUsers,
    # Rehearsals only: bring each migrating job's cutover forward to now.
    [switch] $CutoverNow,
    # Where Connect-XtMigration -Identity connects (the service root), when not connected already.
    [uri] $Endpoint,
    # A report of the wave written at the end of the run: .html, .csv or .json.
    [ValidatePattern('\.(html?|csv|json)$')] [string] $ReportPath,
    # Name the failed users (and the report's users) by user principal name, from the target tenant's directory.
    [switch] $ResolveUserName
)
$ErrorActionPreference = 'Stop'
$deadline = [DateTimeOffset]::UtcNow.AddMinutes($MaxRunMinutes)
# Stop looking a little before the budget ends: a tenth of it, at most two minutes.
$margin = [TimeSpan]::FromMinutes([Math]::Min(2, $MaxRunMinutes / 10))
function Test-TimeLeft { [DateTimeOffset]::UtcNow.AddSeconds($PollIntervalSec) + $margin -lt $deadline }

if (-not (Get-Module CrossTenantMigration)) {
    $beside = Join-Path $PSScriptRoot '../CrossTenantMigration.psd1' # the module this example ships in
    if (Test-Path $beside) { Import-Module $beside } else { Import-Module CrossTenantMigration }
}
if (-not (Get-XtMigrationContext)) {
    $connect = @{ Identity = $true }
    if ($Endpoint) { $connect.Endpoint = $Endpoint }
    Connect-XtMigration @connect
}

# Statuses that change within minutes: worth looking at again in this run.
$moving = 'submitted', 'approved', 'validateSubmitted', 'validateProcessing', 'validateInProgress', 'validatePassed', 'processing', 'cuttingOver', 'pendingCancel'
$ended = 'completed', 'completedWithErrors', 'failed', 'cancelled', 'deleted'
$namePattern = '^' + [regex]::Escape($WaveName) + '(-\d{3,})?$'
function Get-WaveJob { @(Get-XtMigrationJob -DisplayName "$WaveName*" | Where-Object { $_.DisplayName -match $namePattern } | Sort-Object DisplayName) }

# The text of the CSV file at -CsvUri. The bytes are read as UTF-8 whatever the Content-Type: served as
# application/octet-stream, or with none, .Content would be a byte array. A failure names the address without its
# query, where a SAS token's signature is: never the request, the answer's body or the original error, which may
# hold the whole address.
function Read-CsvUri([uri] $Uri) {
    $shown = if ($Uri.IsAbsoluteUri) { '{0}://{1}{2}' -f $Uri.Scheme, $Uri.Authority, $Uri.AbsolutePath } else { ($Uri.OriginalString -split '[?#]')[0] }
    try {
        $ProgressPreference = 'SilentlyContinue'
        $response = Invoke-WebRequest -Uri $Uri -UseBasicParsing -TimeoutSec 300 -Verbose:$false -ErrorAction Stop
    } catch {
        $failure = $_.Exception
        $status = if ($failure.PSObject.Properties['Response'] -and $failure.Response) { $failure.Response.StatusCode } else { $null }
        $reason = if ($null -ne $status) { "the server answered $([int] $status) ($status)" }
        else { 'no answer: ' + ($failure.Message -replace '\?[^\s''"]*', '') }
        $category = if ($null -ne $status) { 'ReadError' } else { 'ConnectionError' }
        $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.Net.WebException]::new("The CSV file of the users could not be downloaded from $shown`: $reason."),
                'CsvDownloadFailed', $category, $shown))
    }
    $reader = [System.IO.StreamReader]::new([System.IO.MemoryStream]::new($response.RawContentStream.ToArray()), [System.Text.UTF8Encoding]::new($false), $true)
    try { $reader.ReadToEnd() } finally { $reader.Dispose() }
}

# 1. The wave's jobs: found as an earlier run left them, the missing ones created.
$rows = @(switch ($PSCmdlet.ParameterSetName) {
        'Uri' { Read-CsvUri $CsvUri | ConvertFrom-Csv }
        'Variable' { Get-AutomationVariable -Name $CsvVariableName | ConvertFrom-Csv }
        'Path' { Import-Csv $CsvPath }
    })
$expected = [Math]::Ceiling($rows.Count / $BatchSize)
$jobs = Get-WaveJob
if ($jobs.Count -lt $expected) {
    $newJob = @{
        DisplayName = $WaveName; AutoSplit = $true; BatchSize = $BatchSize; SourceTenantId = $SourceTenantId
        CompleteAfterDateTime = $CompleteAfterDateTime; Confirm = $false; WarningAction = 'SilentlyContinue'
    }
    if ($Workload) { $newJob.Workload = $Workload }
    if ($TargetDeliveryDomain) { $newJob.TargetDeliveryDomain = $TargetDeliveryDomain }
    if ($SourceEndpoint) { $newJob.SourceEndpoint = $SourceEndpoint }
    $null = $rows | New-XtMigrationJob @newJob
    $jobs = Get-WaveJob
}

# 2-4. Validate what is due, migrate what is validated, and look again while something moves.
while ($true) {
    $toValidate = @($jobs | Where-Object { $_.Status -eq 'submitted' -or ($RevalidateFailed -and $_.Status -eq 'validateFailed') })
    if ($toValidate) { $null = $toValidate | Test-XtMigrationJob -Confirm:$false -WarningAction SilentlyContinue -ErrorAction Continue }
    $toMigrate = @($jobs | Where-Object { $_.Status -eq 'validatePassed' -or ($RetryFailedUsers -and $_.Status -in 'completedWithErrors', 'failed') })
    if ($toMigrate) { $null = $toMigrate | Start-XtMigrationJob -Confirm:$false -WarningAction SilentlyContinue -ErrorAction Continue }
    if ($CutoverNow) {
        $now = [DateTimeOffset]::UtcNow
        $late = @($jobs | Where-Object { $_.Status -in 'processing', 'inProgress' -and $_.CompleteAfterDateTime -gt $now })
        if ($late) { $null = $late | Set-XtMigrationJob -CompleteAfterDateTime $now -Confirm:$false -WarningAction SilentlyContinue }
    }
    $jobs = Get-WaveJob
    if (-not ($jobs | Where-Object Status -in $moving)) { break }
    if (-not (Test-TimeLeft)) {
        Write-Output "Wave $WaveName`: stopping before the $MaxRunMinutes-minute budget; the next run goes on from here."
        break
    }
    Start-Sleep -Milliseconds ([int]($PollIntervalSec * 1000))
    $jobs = Get-WaveJob
}

# -ResolveUserName is passed on only when asked for, and only to a module that has it: an older module in an
# Automation account still runs the wave, naming users by id.
$canResolve = $true
function Add-ResolveUserName([string] $Command, [hashtable] $Splat) {
    if (-not $ResolveUserName -or -not $script:canResolve) { return }
    if ((Get-Command $Command).Parameters.ContainsKey('ResolveUserName')) { $Splat.ResolveUserName = $true; return }
    $script:canResolve = $false
    Write-Warning "This version of CrossTenantMigration cannot look up user names ($Command has no -ResolveUserName): users are named by id."
}

# 5. The report: every job, and each user who failed.
foreach ($job in $jobs) {
    [pscustomobject]@{
        PSTypeName            = 'CrossTenantMigration.WaveJobReport'
        Wave                  = $WaveName
        Job                   = $job.DisplayName
        Id                    = $job.Id
        Status                = $job.Status
        CompleteAfterDateTime = $job.CompleteAfterDateTime
        Message               = $job.Message
    }
}
$failedUsers = @{ Status = 'invalid', 'failed', 'error' }
Add-ResolveUserName 'Get-XtMigrationJobUser' $failedUsers
foreach ($job in $jobs | Where-Object Status -in 'validateFailed', 'completedWithErrors', 'failed') {
    foreach ($user in $job | Get-XtMigrationJobUser @failedUsers) {
        foreach ($failure in $user.Workloads | Where-Object Status -in 'invalid', 'failed', 'error') {
            $first = $failure.Errors | Select-Object -First 1
            [pscustomobject]@{
                PSTypeName        = 'CrossTenantMigration.WaveFailedUser'
                Wave              = $WaveName
                Job               = $job.DisplayName
                UserId            = $user.Id
                UserPrincipalName = $user.UserPrincipalName
                Workload          = $failure.Workload
                Status            = $failure.Status
                Code              = $first.Code
                Message           = $failure.Message
                # A failure the service gave no error for gets the remedy for an error without a code: read the message.
                Remedy            = if ($first) { $first.Remedy } else { [CrossTenantMigration.UserErrorRemedies]::For($null).Text }
            }
        }
    }
}
if ($ReportPath) {
    $report = @{ Path = $ReportPath; PassThru = $true }
    Add-ResolveUserName 'Export-XtMigrationReport' $report
    $jobs | Export-XtMigrationReport @report
}
$counts = ($jobs | Group-Object Status | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', '
$done = @($jobs | Where-Object Status -in $ended).Count -eq $jobs.Count -and $jobs.Count -gt 0
Write-Output "Wave $WaveName`: $($jobs.Count) job(s): $counts.$(if ($done) { ' The wave has ended.' } else { ' Run again later to go on.' })"
