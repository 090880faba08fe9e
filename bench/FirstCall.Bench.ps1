<#
.SYNOPSIS
    Where the first call's time goes in a fresh pwsh: a stopwatch per stage (import; Connect-XtMigration
    -AccessToken; the first request, Get-XtMigrationJob -Id; a second request; the first list), with the
    JIT time of each stage (System.Runtime.JitInfo, all threads) and the assemblies it loaded. Medians
    of -Runs fresh processes.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Runs = 7, [int] $WarmUp = 1, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force
$manifest = Get-XtManifestPath
$probe = Join-Path $PSScriptRoot 'probes/FirstCall.ps1'

$emulator = Start-BenchEmulator -StepMilliseconds 0
try {
    $jobId = @(New-BenchJobs $emulator -Count 10 -Prefix 'first-call')[0]
    $environment = @{ XT_BENCH_TOKEN = $emulator.Token; XT_BENCH_URL = $emulator.Url; XT_BENCH_JOB = $jobId }
    for ($w = 0; $w -lt $WarmUp; $w++) { $null = Invoke-BenchPwsh $probe @('-Manifest', $manifest) -Environment $environment } # warm the file cache; not counted
    # A first run without the split finds the assemblies Connect-XtMigration loads; the measured runs load
    # those (the engine aside) before it, as a stage of their own.
    $discovery = Invoke-BenchPwsh $probe @('-Manifest', $manifest) -Environment $environment
    $connectLine = $discovery.Lines | Where-Object { $_ -like 'STAGE connect|*' } | Select-Object -First 1
    $connectAssemblies = @((($connectLine -split '\|', 6)[5] -split ',') | Where-Object { $_ -and $_ -ne 'CrossTenantMigration.Engine' })
    $preload = $connectAssemblies -join ','
    $samples = foreach ($i in 1..$Runs) {
        $out = Invoke-BenchPwsh $probe @('-Manifest', $manifest, '-Split', '-Preload', $preload) -Environment $environment
        foreach ($line in $out.Lines | Where-Object { $_ -like 'STAGE *' }) {
            $name, $ms, $jit, $methods, $http, $assemblies = $line.Substring(6) -split '\|', 6
            [pscustomobject]@{
                Run = $i; Stage = $name; Ms = [double]$ms; JitMs = [double]$jit; Methods = [int]$methods
                HttpMs = if ($http) { [double]$http } else { [double]::NaN }; Assemblies = @($assemblies -split ',' | Where-Object { $_ })
            }
        }
    }
} finally {
    Stop-XtEmulatorHost $emulator
}

$stageNames = @($samples | Select-Object -ExpandProperty Stage -Unique)
$figures = @()
$rows = @()
foreach ($name in $stageNames) {
    $these = @($samples | Where-Object Stage -eq $name)
    $ms = Get-Median $these.Ms
    $jit = Get-Median $these.JitMs
    $methods = Get-Median $these.Methods
    $http = if ([double]::IsNaN($these[0].HttpMs)) { $null } else { Get-Median $these.HttpMs }
    $assemblies = @($these | Select-Object -Last 1).Assemblies
    $sdk = @($assemblies | Where-Object { $_ -match '^(Microsoft\.Graph|Microsoft\.Kiota|Azure\.|Microsoft\.Identity|Std\.UriTemplate)' })
    $figures += New-BenchFigure -Figure "first-call breakdown: $name" `
        -Measured ('{0} (JIT {1}, {2} methods compiled{5}; {3} assemblies loaded{4})' -f (Format-Ms $ms), (Format-Ms $jit), $methods, $assemblies.Count,
            $(if ($sdk) { ", $($sdk.Count) of them SDK" } else { '' }), $(if ($null -ne $http) { "; the HTTP exchange as the module timed it $(Format-Ms $http)" } else { '' })) `
        -Target 'report each stage' -Value $ms
    $rows += '| {0} | {1:0.0} | {2:0.0} | {3} | {4} | {5} |' -f $name, $ms, $jit, $methods, $(if ($null -ne $http) { '{0:0}' -f $http } else { '—' }), $(if ($assemblies) { $assemblies -join ', ' } else { '—' })
}
function StageMedian([string] $pattern) { ($stageNames | Where-Object { $_ -like $pattern } | ForEach-Object { $n = $_; Get-Median @($samples | Where-Object Stage -eq $n).Ms } | Measure-Object -Sum).Sum }
$total = (StageMedian 'import') + (StageMedian 'connect*') + (StageMedian 'first request') + (StageMedian 'second request')
$connect = StageMedian 'connect*'

$details = @"
A fresh ``pwsh -NoProfile -NonInteractive -File bench/probes/FirstCall.ps1`` per run; each stage's time is a
stopwatch's, its JIT time and method count come from ``System.Runtime.JitInfo`` (summed over all threads, so it can
exceed the stage's time where PowerShell or the thread pool compile in parallel), and its assemblies are those that
appeared in the process during that stage (in any load context). ``Connect-XtMigration -AccessToken`` is split in
three: the probe first loads the engine assembly by name, which goes through the module's AssemblyLoadContext
(``load context``, made then unless the warm-up below made it first); then the assemblies that a first, unsplit run saw
``Connect-XtMigration`` load ($(if ($connectAssemblies) { $connectAssemblies -join ', ' } else { 'none: the warm-up below had loaded what it needs' })), into that
context (``assemblies``); then runs ``Connect-XtMigration`` itself (``the rest``: JIT and type loading of the connect
path, reading the token's claims, building the HTTP pipeline and the transport). Together: $(Format-Ms $connect).
The first and second requests are ``Get-XtMigrationJob -Id`` of the same job with ``-Verbose``, whose message gives the
time the module's outermost HTTP handler measured (the handler pipeline and the exchange with the emulator); the
last stage lists the jobs (one page). Medians of $Runs fresh processes; import through the second request:
$(Format-Ms $total). On PowerShell 7 the import starts the first call's warm-up on a thread-pool thread (the load
context, the engine and a list through an offline connection, see the README's Performance section): it runs beside
the stages that follow, so they find part of their work done, their stopwatch time includes waiting for it where the
pipeline thread needs what it is still doing, and the JIT figures count its compiling too.

| stage | ms | JIT ms | methods compiled | HTTP, as the module timed it (ms) | assemblies loaded (last run) |
|---|---|---|---|---|---|
$($rows -join "`n")
"@
Save-BenchResult -Bench 'First-call breakdown' -Figures $figures -Details $details -Path $ResultPath
