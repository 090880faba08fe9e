<#
.SYNOPSIS
    Peak working set of the pwsh process that runs the wave runbook for a 20,000-user wave (10 jobs of
    2,000 made by -AutoSplit), against the emulator host over HTTP with instant status changes, signed
    in with the managed identity as in Azure Automation. Azure Automation's sandbox allows 400 MB.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Users = 20000, [int] $BatchSize = 2000, [int] $MaxRuns = 6)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
$manifest = Get-XtManifestPath
$runbook = Join-Path (Get-XtRepoRoot) 'examples/Invoke-MigrationWave.ps1'
$emulator = Start-XtEmulatorHost -StepMilliseconds 0
try {
    $header = [guid]::NewGuid().ToString()
    $null = Invoke-XtEmulatorAdmin $emulator 'managed-identity' -Method PUT -Body @{ secret = $header; roles = @('CrossTenantContentMigration.ReadWrite.All') }
    $csv = Join-Path ([IO.Path]::GetTempPath()) "wave-$Users.csv"
    1..$Users | ForEach-Object { [pscustomobject]@{ ExternalDirectoryObjectId = [guid]::NewGuid().ToString() } } | Export-Csv $csv -NoTypeInformation
    $wave = "memory-$([guid]::NewGuid().ToString('N').Substring(0, 6))"
    $command = "Import-Module '$manifest'; & '$runbook' -WaveName '$wave' -SourceTenantId 12345678-1234-1234-1234-123456789012 -CsvPath '$csv' " +
        "-CompleteAfterDateTime ([DateTimeOffset]::UtcNow.AddDays(1)) -Workload Teams, ODSP -BatchSize $BatchSize -CutoverNow -PollIntervalSec 0.5 " +
        "-MaxRunMinutes 10 -Endpoint '$($emulator.Url)' | Select-Object -Last 1; " +
        "'PEAK ' + [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64"
    $runs = @()
    for ($i = 1; $i -le $MaxRuns; $i++) {
        $env:IDENTITY_ENDPOINT = "$($emulator.Url)/msi/token"; $env:IDENTITY_HEADER = $header
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $command 2>&1 | ForEach-Object { "$_" }
        $seconds = $watch.Elapsed.TotalSeconds
        $peak = [double](($output | Where-Object { $_ -like 'PEAK *' }) -replace 'PEAK ', '') / 1MB
        $summary = $output | Where-Object { $_ -like "Wave $wave*" } | Select-Object -Last 1
        $runs += [pscustomobject]@{ Run = $i; Seconds = [math]::Round($seconds, 1); PeakWorkingSetMB = [math]::Round($peak, 1); Summary = $summary }
        if ($summary -match 'The wave has ended') { break }
    }
    $runs | Format-Table -AutoSize -Wrap | Out-Host
    $worst = ($runs | Measure-Object -Maximum PeakWorkingSetMB).Maximum
    [pscustomobject]@{
        Users                   = $Users
        Jobs                    = [math]::Ceiling($Users / $BatchSize)
        Runs                    = $runs.Count
        'Peak working set MB'   = $worst
        'Automation limit MB'   = 400
        'Wave ended'            = [bool]($runs[-1].Summary -match 'The wave has ended')
    } | Format-List
} finally {
    Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
    Stop-XtEmulatorHost $emulator
}
