<#
.SYNOPSIS
    Peak working set of the pwsh process that runs the wave runbook (examples/Invoke-MigrationWave.ps1)
    for a -Users wave (20,000 users in 10 jobs made by -AutoSplit), against the emulator host over HTTP
    with instant status changes, signed in with the managed identity as in Azure Automation, whose
    sandbox allows 400 MB. The runbook runs again (as a schedule would) until the wave has ended, at most
    -MaxRuns times.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Users = 20000, [int] $Jobs = 10, [int] $MaxRuns = 6, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$runbook = Join-Path (Get-XtRepoRoot) 'examples/Invoke-MigrationWave.ps1'
$batch = [int][Math]::Ceiling($Users / $Jobs)
$emulator = Start-XtEmulatorHost -StepMilliseconds 0
$csv = New-BenchUserCsv -Count $Users -Path (Join-Path ([IO.Path]::GetTempPath()) "xt-bench-runbook-$PID.csv")
$probe = Join-Path ([IO.Path]::GetTempPath()) "xt-bench-runbook-$PID.ps1"
try {
    $header = [guid]::NewGuid().ToString()
    $null = Invoke-XtEmulatorAdmin $emulator 'managed-identity' -Method PUT -Body @{ secret = $header; roles = @('CrossTenantContentMigration.ReadWrite.All') }
    $wave = "memory-$([guid]::NewGuid().ToString('N').Substring(0, 6))"
    Set-Content -Path $probe -Encoding utf8NoBOM -Value (
        "Import-Module '$manifest'; & '$runbook' -WaveName '$wave' -SourceTenantId $(Get-BenchSourceTenant) -CsvPath '$csv' " +
        "-CompleteAfterDateTime ([DateTimeOffset]::UtcNow.AddDays(1)) -Workload Teams, ODSP -BatchSize $batch -CutoverNow -PollIntervalSec 0.5 " +
        "-MaxRunMinutes 10 -Endpoint '$($emulator.Url)' | Select-Object -Last 1; " +
        "'PEAK_MB ' + ([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB)")
    $environment = @{ IDENTITY_ENDPOINT = "$($emulator.Url)/msi/token"; IDENTITY_HEADER = $header }
    $samples = @()
    for ($i = 1; $i -le $MaxRuns; $i++) {
        $out = Invoke-BenchPwsh $probe -Environment $environment
        $summary = $out.Lines | Where-Object { $_ -like "Wave $wave*" } | Select-Object -Last 1
        $samples += [pscustomobject]@{ Run = $i; Seconds = $out.WallMs / 1000; PeakMB = [double](Get-BenchValue $out.Lines 'PEAK_MB'); Summary = $summary }
        if ($summary -match 'The wave has ended') { break }
    }
} finally {
    Stop-XtEmulatorHost $emulator
    Remove-Item $csv, $probe -ErrorAction SilentlyContinue
}
$ended = [bool]($samples[-1].Summary -match 'The wave has ended')
$worst = ($samples.PeakMB | Measure-Object -Maximum).Maximum
$figure = New-BenchFigure -Figure ('the wave runbook (`examples/Invoke-MigrationWave.ps1`, managed identity), {0:N0} users in {1} jobs, instant transitions: peak working set' -f $Users, $Jobs) `
    -Measured ('{0:0} MB (the largest of {1} run(s); {2})' -f $worst, $samples.Count, $(if ($ended) { 'the wave ended' } else { 'the wave did NOT end' })) `
    -Target '≤ 400 MB (Azure Automation''s sandbox)' -Met ($ended -and $worst -le 400) -Value $worst
$details = @"
The runbook as a schedule runs it, each run a fresh ``pwsh -NoProfile -NonInteractive -File``, signed in with the emulator's
managed identity (``IDENTITY_ENDPOINT``/``IDENTITY_HEADER``), ``-CutoverNow -PollIntervalSec 0.5``, until it says the wave has ended.

| run | process wall (s) | peak working set (MB) | the runbook's last line |
|---|---|---|---|
$(($samples | ForEach-Object { '| {0} | {1:0.0} | {2:0} | {3} |' -f $_.Run, $_.Seconds, $_.PeakMB, $_.Summary }) -join "`n")
"@
Save-BenchResult -Bench 'Wave runbook memory' -Figures $figure -Details $details -Path $ResultPath
