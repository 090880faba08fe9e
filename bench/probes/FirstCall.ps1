# Probe, run in a fresh pwsh by FirstCall.Bench.ps1: a stopwatch per stage of the first call, with the
# JIT time (all threads) and the assemblies each stage loaded.
param([Parameter(Mandatory)] [string] $Manifest)
$watch = [Diagnostics.Stopwatch]::StartNew()
$stages = [System.Collections.Generic.List[object]]::new()
$seen = [System.Collections.Generic.HashSet[string]]::new()
foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) { $null = $seen.Add($a.FullName) }
$last = @{ Ms = 0.0; Jit = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds; Methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) }
function Stage([string] $name) {
    $ms = $watch.Elapsed.TotalMilliseconds
    $jit = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
    $methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    $new = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $seen.Add($_.FullName) } | ForEach-Object { $_.GetName().Name })
    "STAGE $name|$($ms - $last.Ms)|$($jit - $last.Jit)|$($methods - $last.Methods)|$($new -join ',')"
    # The bookkeeping above is not charged to the next stage.
    $script:last = @{ Ms = $watch.Elapsed.TotalMilliseconds; Jit = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds; Methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) }
}
Import-Module $Manifest
Stage 'import'
$token = [Net.NetworkCredential]::new('', $env:XT_BENCH_TOKEN).SecurePassword
Connect-XtMigration -AccessToken $token -Endpoint $env:XT_BENCH_URL
Stage 'connect'
$null = Get-XtMigrationJob -Id $env:XT_BENCH_JOB
Stage 'first request'
$null = Get-XtMigrationJob -Id $env:XT_BENCH_JOB
Stage 'second request'
$null = Get-XtMigrationJob
Stage 'first list'
