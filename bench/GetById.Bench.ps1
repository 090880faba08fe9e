<#
.SYNOPSIS
    Steady state: 1,000 Get-XtMigrationJob -Id, as one call with 1,000 ids and as a loop of 1,000 calls,
    against 1,000 GETs of the same URLs with a bare System.Net.Http.HttpClient (bearer header, body read
    as a string, one request at a time as the cmdlet sends them) in the same process. They run interleaved after
    a warm-up, each repetition in its own order (Get-BenchOrder: -Runs a multiple of 10 balances the five sides);
    medians of -Runs repetitions each.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Count = 1000, [int] $Runs = 10, [int] $WarmUp = 8, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force

# The baseline loop in C#, so that it pays nothing for PowerShell's own interpretation.
Add-Type -TypeDefinition @'
using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
public static class BareHttpClientBench
{
    public static double GetEach(HttpClient client, string[] urls)
    {
        var watch = Stopwatch.StartNew();
        foreach (var url in urls)
        {
            using (var response = client.GetAsync(url).GetAwaiter().GetResult())
            {
                var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (!response.IsSuccessStatusCode || body.Length == 0) throw new InvalidOperationException(url + ": " + (int)response.StatusCode);
            }
        }
        return watch.Elapsed.TotalMilliseconds;
    }

    // The module's MigrationClient.GetJobAsync (protocol, transport, handlers, JSON reading) without a cmdlet
    // around it; called by reflection because its assembly is the module's.
    public static double ClientEach(object migrationClient, string[] ids)
    {
        var get = migrationClient.GetType().GetMethod("GetJobAsync");
        var watch = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            var task = (System.Threading.Tasks.Task)get.Invoke(migrationClient, new object[] { id, System.Threading.CancellationToken.None });
            task.GetAwaiter().GetResult();
        }
        return watch.Elapsed.TotalMilliseconds;
    }
}
'@

$emulator = Start-BenchEmulator -StepMilliseconds 0
try {
    $ids = @(New-BenchJobs $emulator -Count $Count -Prefix 'get-by-id')
    $urls = [string[]]@($ids | ForEach-Object { "$(Get-BenchJobsUrl $emulator)/$_" })
    Import-Module (Get-XtManifestPath)
    Connect-BenchModule $emulator
    $client = [System.Net.Http.HttpClient]::new()
    $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $emulator.Token)

    $oneCall = { $watch = [Diagnostics.Stopwatch]::StartNew(); $jobs = Get-XtMigrationJob -Id $ids; $ms = $watch.Elapsed.TotalMilliseconds; if (@($jobs).Count -ne $ids.Count) { throw "One call read $(@($jobs).Count) jobs." }; $ms }
    $loop = { $watch = [Diagnostics.Stopwatch]::StartNew(); foreach ($id in $ids) { $null = Get-XtMigrationJob -Id $id }; $watch.Elapsed.TotalMilliseconds }
    $bare = { [BareHttpClientBench]::GetEach($client, $urls) }
    # Diagnostics, not compared with a target: the module's client without the cmdlet, and HttpClient driven
    # from a PowerShell loop.
    $migrationClient = (Get-Command Get-XtMigrationJob).ImplementingType.Assembly.GetType('CrossTenantMigration.ModuleSession').GetProperty('Current', [Reflection.BindingFlags]'Static,Public,NonPublic').GetValue($null)
    $clientOnly = { [BareHttpClientBench]::ClientEach($migrationClient, [string[]]$ids) }
    $scriptLoop = {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        foreach ($url in $urls) { $response = $client.GetAsync($url).GetAwaiter().GetResult(); $null = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult(); $response.Dispose() }
        $watch.Elapsed.TotalMilliseconds
    }

    # Warm-up: rounds of each (JIT, tiered compilation, connections); not counted.
    for ($w = 0; $w -lt $WarmUp; $w++) { $null = & $oneCall; $null = & $loop; $null = & $bare; $null = & $clientOnly; $null = & $scriptLoop }
    Reset-XtEmulatorStats $emulator
    # Each repetition runs the five in its own order (Get-BenchOrder), so that none always follows the same one (whose
    # garbage and background compiling it would otherwise inherit); each starts from a collected heap.
    $sides = @($oneCall, $loop, $bare, $clientOnly, $scriptLoop)
    $times = @(foreach ($side in $sides) { , [System.Collections.Generic.List[double]]::new() })
    foreach ($i in 1..$Runs) {
        foreach ($n in Get-BenchOrder -Count $sides.Count -Round $i) {
            [GC]::Collect()
            [GC]::WaitForPendingFinalizers()
            $times[$n].Add((& $sides[$n]))
        }
    }
    $a = $times[0].ToArray(); $b = $times[1].ToArray(); $c = $times[2].ToArray(); $d = $times[3].ToArray(); $e = $times[4].ToArray()
    $stats = Get-XtEmulatorStats $emulator
    $expected = 5 * $Runs * $ids.Count
    if ($stats.total -ne $expected) { throw "The emulator counted $($stats.total) requests, not ${expected}: a side sent more or fewer than one GET per job." }
    $client.Dispose()
} finally {
    Stop-XtEmulatorHost $emulator
}

$aMed = Get-Median $a; $bMed = Get-Median $b; $cMed = Get-Median $c; $dMed = Get-Median $d; $eMed = Get-Median $e
$base = 'HttpClient, {0} sequential GETs: {1} ({2:0.00} ms each)' -f $Count, (Format-Ms $cMed), ($cMed / $Count)
$figures = @(
    New-BenchFigure -Figure ("{0:N0} ``Get-XtMigrationJob -Id``, one call with {0:N0} ids (the target's figure)" -f $Count) `
        -Measured ('{0} ({1:0.00} ms each) = {2:0.00}× (median of {3})' -f (Format-Ms $aMed), ($aMed / $Count), ($aMed / $cMed), $Runs) `
        -ComparedWith $base -Target '≤ 1.25×' -Met (($aMed / $cMed) -le 1.25) -Value ($aMed / $cMed)
    New-BenchFigure -Figure ("{0:N0} ``Get-XtMigrationJob -Id``, a loop of {0:N0} calls" -f $Count) `
        -Measured ('{0} ({1:0.00} ms each) = {2:0.00}× (median of {3})' -f (Format-Ms $bMed), ($bMed / $Count), ($bMed / $cMed), $Runs) `
        -ComparedWith $base -Target '— (reported; the target applies to the one call)' -Value ($bMed / $cMed)
)
$details = @"
One process: the module connected with ``-AccessToken``, and a ``System.Net.Http.HttpClient`` with the same bearer
header, both to the emulator (instant transitions) holding $Count jobs. Each repetition runs: one
``Get-XtMigrationJob -Id `$ids`` with all $Count ids; a ``foreach`` of $Count ``Get-XtMigrationJob -Id `$id`` calls; and a C#
loop (compiled with ``Add-Type``) of $Count ``GetAsync`` + ``ReadAsStringAsync`` of the same URLs, one at a time as the
cmdlet sends them. The order changes every repetition (a balanced Latin square: over ten repetitions each side goes
in each position, and follows each other side, equally often), and the heap is collected before each side. $WarmUp warm-up round(s) of each first (tiered compilation takes several thousand requests to
settle); the emulator counted exactly one GET per job per side.

The target applies to the one call: it measures what the module adds to each request (request building, the
handler pipeline, JSON into ``MigrationJob``, writing the object) with one cmdlet invocation, as the baseline
has one loop. The loop of calls adds PowerShell's cost of invoking a cmdlet 1,000 times from script (binding,
pipeline set-up), which any cmdlet pays and which depends on how the script is written.

Two more sides run in the same repetitions, as diagnostics (no target): the module's ``MigrationClient.GetJobAsync``
called from a C# loop (the protocol, transport, handlers and JSON reading, without the cmdlet); and the same
``HttpClient`` driven from a PowerShell ``foreach``.

| | median (ms) | per GET (ms) | × bare HttpClient |
|---|---|---|---|
| ``Get-XtMigrationJob -Id`` one call | $('{0:0}' -f $aMed) | $('{0:0.000}' -f ($aMed / $Count)) | $('{0:0.00}' -f ($aMed / $cMed)) |
| ``Get-XtMigrationJob -Id`` loop of calls | $('{0:0}' -f $bMed) | $('{0:0.000}' -f ($bMed / $Count)) | $('{0:0.00}' -f ($bMed / $cMed)) |
| module's ``MigrationClient.GetJobAsync``, C# loop | $('{0:0}' -f $dMed) | $('{0:0.000}' -f ($dMed / $Count)) | $('{0:0.00}' -f ($dMed / $cMed)) |
| bare ``HttpClient``, C# loop | $('{0:0}' -f $cMed) | $('{0:0.000}' -f ($cMed / $Count)) | 1.00 |
| bare ``HttpClient``, PowerShell ``foreach`` | $('{0:0}' -f $eMed) | $('{0:0.000}' -f ($eMed / $Count)) | $('{0:0.00}' -f ($eMed / $cMed)) |

| repetition | one call (ms) | loop of calls (ms) | HttpClient (ms) | MigrationClient (ms) | HttpClient from PowerShell (ms) |
|---|---|---|---|---|---|
$((1..$Runs | ForEach-Object { '| {0} | {1:0} | {2:0} | {3:0} | {4:0} | {5:0} |' -f $_, $a[$_ - 1], $b[$_ - 1], $c[$_ - 1], $d[$_ - 1], $e[$_ - 1] }) -join "`n")
"@
Save-BenchResult -Bench 'Get-XtMigrationJob -Id' -Figures $figures -Details $details -Path $ResultPath
