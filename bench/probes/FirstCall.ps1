# Probe, run in a fresh pwsh by FirstCall.Bench.ps1: a stopwatch per stage of the first call, with the
# JIT time (all threads) and the assemblies each stage loaded. With -Split, Connect-XtMigration's work is split
# in three: the module's load context (the engine assembly loaded through it), the assemblies of -Preload (the
# names of those Connect-XtMigration loads besides the engine, comma-separated; there may be none) loaded into
# the engine's context, and the rest of Connect-XtMigration. The requests say how long the module's own diagnostics
# handler timed the HTTP exchange (-Verbose).
param([Parameter(Mandatory)] [string] $Manifest, [switch] $Split, [string] $Preload = '')
$watch = [Diagnostics.Stopwatch]::StartNew()
$seen = [System.Collections.Generic.HashSet[string]]::new()
foreach ($a in [AppDomain]::CurrentDomain.GetAssemblies()) { $null = $seen.Add($a.FullName) }
$last = @{ Ms = 0.0; Jit = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds; Methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) }
function Stage([string] $name, $records = $null) {
    $ms = $watch.Elapsed.TotalMilliseconds
    $jit = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
    $methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    $http = if ($null -ne $records) { HttpMs $records } else { '' }
    $new = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $seen.Add($_.FullName) } | ForEach-Object { $_.GetName().Name })
    "STAGE $name|$($ms - $last.Ms)|$($jit - $last.Jit)|$($methods - $last.Methods)|$http|$($new -join ',')"
    # The bookkeeping above is not charged to the next stage.
    $script:last = @{ Ms = $watch.Elapsed.TotalMilliseconds; Jit = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds; Methods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) }
}
function HttpMs($records) { (@($records | ForEach-Object { "$_" } | Where-Object { $_ -match ', (\d+) ms\)$' } | ForEach-Object { [double]$Matches[1] }) | Measure-Object -Sum).Sum }

Import-Module $Manifest
Stage 'import'
if ($Split) {
    # What Connect-XtMigration does first: the engine, through the module's AssemblyLoadContext.
    $engine = [Reflection.Assembly]::Load('CrossTenantMigration.Engine')
    Stage 'connect: load context (engine)'
    # Then the assemblies Connect-XtMigration goes on to load, into the engine's context (or the default one,
    # where the module leaves the platform's copy), in the order it loads them.
    $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)
    foreach ($name in $Preload -split ',' | Where-Object { $_ }) {
        try { $null = $context.LoadFromAssemblyName([Reflection.AssemblyName]::new($name)) } catch { $null = [Reflection.Assembly]::Load($name) }
    }
    Stage 'connect: assemblies'
}
$token = [Net.NetworkCredential]::new('', $env:XT_BENCH_TOKEN).SecurePassword
Connect-XtMigration -AccessToken $token -Endpoint $env:XT_BENCH_URL
Stage $(if ($Split) { 'connect: the rest' } else { 'connect' })
$records = Get-XtMigrationJob -Id $env:XT_BENCH_JOB -Verbose 4>&1
Stage 'first request' $records
$records = Get-XtMigrationJob -Id $env:XT_BENCH_JOB -Verbose 4>&1
Stage 'second request' $records
$records = Get-XtMigrationJob -Verbose 4>&1
Stage 'first list' $records
