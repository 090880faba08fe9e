<#
.SYNOPSIS
    Fault soak: jobs go through create, validate, migrate and wait, several at a time, while the
    emulator host answers 20% of requests with 429 (Retry-After 1), 503 or 504, drops the connection
    before or after committing, or stalls 2 seconds. Every job must end completed, no display name
    may exist twice, and no error may reach the caller. Prints its totals; exits 1 on any failure.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Soak          # 200 jobs of 50 users, 8 at a time
#>
param(
    [int] $Jobs = 200,
    [int] $UsersPerJob = 50,
    [int] $ThrottleLimit = 8,
    [double] $FaultRate = 0.2,
    [int] $Seed = 20261127,
    [string] $Configuration = 'Release',
    # A running emulator host to use; one is started when none is given.
    [string] $EmulatorUrl
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../pester/TestHelpers.psm1') -Force
$env:XT_TEST_CONFIGURATION = $Configuration
$manifest = Get-XtManifestPath
Import-Module $manifest

$ownHost = $null
if ($EmulatorUrl) { $emulator = [pscustomobject]@{ Url = $EmulatorUrl } } else { $emulator = $ownHost = Start-XtEmulatorHost -StepMilliseconds 100 }
$watch = [Diagnostics.Stopwatch]::StartNew()
try {
    # Enough retries that a request fails only if the service keeps failing (0.2^11 per request).
    Connect-XtMigration -AccessToken (New-XtEmulatorToken $emulator) -Endpoint $emulator.Url -MaxRetryCount 10
    Reset-XtEmulatorStats $emulator
    $null = Invoke-XtEmulatorAdmin $emulator 'faults' -Method PUT -Body @{
        rate = $FaultRate; seed = $Seed; stallMilliseconds = 2000; retryAfterSeconds = 1
        kinds = @('throttle', 'unavailable', 'gatewayTimeout', 'dropBeforeCommit', 'dropAfterCommit', 'stall')
    }
    $prefix = "soak-$([guid]::NewGuid().ToString('N').Substring(0, 6))"
    $tenant = Get-XtTestSourceTenant
    # Users the emulator lets through: the soak is about faults on the wire, not users that fail.
    $usersOfJob = @{}
    foreach ($number in 1..$Jobs) { $usersOfJob[$number] = @(New-XtTestUserId -Count $UsersPerJob) }

    $results = 1..$Jobs | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
        $name = '{0}-{1:d4}' -f $using:prefix, $_
        try {
            Import-Module $using:manifest
            $users = ($using:usersOfJob)[$_]
            $job = New-XtMigrationJob -DisplayName $name -SourceTenantId $using:tenant -CompleteAfterDateTime ([DateTimeOffset]::Now.AddHours(1)) `
                -Resource $users -Workload Exchange, Teams, ODSP -TargetDeliveryDomain fabrikam.onmicrosoft.com -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue
            $null = $job | Test-XtMigrationJob -Wait -PollIntervalSec 0.5 -TimeoutSec 600 -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue
            $null = $job | Start-XtMigrationJob -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue
            $job | Set-XtMigrationJob -CompleteAfterDateTime ([DateTimeOffset]::Now) -Confirm:$false -ErrorAction Stop -WarningAction SilentlyContinue
            $done = $job | Wait-XtMigrationJob -PollIntervalSec 0.5 -TimeoutSec 600 -ErrorAction Stop
            [pscustomobject]@{ Name = $name; Status = $done.Status; Error = $null }
        } catch {
            [pscustomobject]@{ Name = $name; Status = $null; Error = "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }
        }
    }

    $null = Invoke-XtEmulatorAdmin $emulator 'faults' -Method DELETE
    $stats = Get-XtEmulatorStats $emulator
    $listed = @(Get-XtMigrationJob -DisplayName "$prefix-*")
    $summary = [pscustomobject]@{
        Jobs                  = $Jobs
        UsersPerJob           = $UsersPerJob
        Parallel              = $ThrottleLimit
        Completed             = @($results | Where-Object Status -eq 'completed').Count
        Errors                = @($results | Where-Object Error).Count
        JobsInService         = $listed.Count
        DuplicateDisplayNames = $stats.duplicateDisplayNames
        Requests              = $stats.total
        FaultsInjected        = $stats.faultsInjected
        Throttled             = $stats.throttled
        Seconds               = [math]::Round($watch.Elapsed.TotalSeconds, 1)
    }
    $summary | Format-List | Out-String | Write-Host
    $results | Where-Object Error | Select-Object -First 10 | ForEach-Object { Write-Host "  $($_.Name): $($_.Error)" }
    $ok = $summary.Completed -eq $Jobs -and $summary.Errors -eq 0 -and $summary.JobsInService -eq $Jobs -and $summary.DuplicateDisplayNames -eq 0
    if (-not $ok) { exit 1 }
} finally {
    if ($ownHost) { Stop-XtEmulatorHost $ownHost }
}
