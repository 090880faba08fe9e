<#
.SYNOPSIS
    A migration wave the way an administrator scripts it with Invoke-RestMethod, one job after another:
    create the job, validate it, poll it every -PollIntervalSec until validated, migrate it, bring its
    cutover forward to now, poll it until it has completed. The baseline of bench/Wave.Bench.ps1.
.EXAMPLE
    ./Invoke-RestWave.ps1 -Endpoint https://graph.microsoft.com -Token $token -CsvPath ./wave.csv -WaveName wave-07 -SourceTenantId $source
#>
param(
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Token,
    [Parameter(Mandatory)] [string] $CsvPath,
    [Parameter(Mandatory)] [string] $WaveName,
    [Parameter(Mandatory)] [string] $SourceTenantId,
    [int] $BatchSize = 2000,
    [double] $PollIntervalSec = 1,
    [string[]] $Workload = @('Teams')
)
$ErrorActionPreference = 'Stop'
$headers = @{ Authorization = "Bearer $Token" }
$jobsUrl = "$Endpoint/v1.0/solutions/migrations/crossTenantMigrationJobs"
$users = @((Import-Csv $CsvPath).ExternalDirectoryObjectId)

$number = 0
for ($first = 0; $first -lt $users.Count; $first += $BatchSize) {
    $number++
    $batch = $users[$first..([Math]::Min($first + $BatchSize, $users.Count) - 1)]
    $body = @{
        displayName           = '{0}-{1:000}' -f $WaveName, $number
        completeAfterDateTime = [DateTime]::UtcNow.AddDays(1).ToString('o')
        sourceTenantId        = $SourceTenantId
        resourceType          = 'Users'
        resources             = @($batch)
        workloads             = $Workload
    } | ConvertTo-Json
    $job = Invoke-RestMethod -Method Post -Uri $jobsUrl -Headers $headers -Body $body -ContentType 'application/json'
    $jobUrl = "$jobsUrl/$($job.id)"

    $null = Invoke-RestMethod -Method Post -Uri "$jobUrl/validate" -Headers $headers
    do {
        Start-Sleep -Seconds $PollIntervalSec
        $job = Invoke-RestMethod -Uri $jobUrl -Headers $headers
    } while ($job.status -notin 'validatePassed', 'validateFailed')
    if ($job.status -ne 'validatePassed') {
        Write-Warning "$($job.displayName): $($job.status). $($job.message)"
        $job
        continue
    }

    $null = Invoke-RestMethod -Method Post -Uri "$jobUrl/migrate" -Headers $headers
    $cutover = @{ completeAfterDateTime = [DateTime]::UtcNow.ToString('o') } | ConvertTo-Json
    $null = Invoke-RestMethod -Method Patch -Uri $jobUrl -Headers $headers -Body $cutover -ContentType 'application/json'
    do {
        Start-Sleep -Seconds $PollIntervalSec
        $job = Invoke-RestMethod -Uri $jobUrl -Headers $headers
    } while ($job.status -notin 'completed', 'completedWithErrors', 'failed')
    $job
}
