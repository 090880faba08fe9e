#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the CrossTenantMigration module.
.DESCRIPTION
    Build   (default) compiles the solution and stages the module under module/, so that
            Import-Module ./CrossTenantMigration.psd1 loads what was just built.
    Test    builds and packages, runs every xunit project and the Pester suite (in a fresh pwsh,
            against the emulator host over HTTP on 127.0.0.1, and the package installed from a local
            repository), and ends with two lines: the skipped tests by name, then "N passed, N failed, N skipped"
            (xunit's counts from its TRX files, Pester's from its result object). It installs nothing: without
            Chromium on the PATH the report's rendering test is skipped (.ci/run installs it for CI).
    Demo    builds and runs the whole job lifecycle against the in-memory sandbox.
    Bench   builds and runs the benchmarks in bench/*.Bench.ps1 against the emulator host over HTTP, in PowerShell
            compiled ReadyToRun as Microsoft releases it (out/bench-pwsh, made from the dotnet tool), and writes
            bench/results.md: each figure against its target, with the machine it ran on.
    Soak    builds and runs the full fault soak: 200 jobs of 50 users, 8 at a time, through 20%
            injected faults (the Test task runs a smaller one).
    Package builds the module as it ships: out/CrossTenantMigration (the layout), the PowerShell
            Gallery package out/CrossTenantMigration.<version>.nupkg and the Azure Automation
            module out/CrossTenantMigration.zip.
    Clean   removes build output.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Soak', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Pester tag filter for a quicker run, e.g. -PesterTag Lifecycle
    [string[]] $PesterTag
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$moduleDir = Join-Path $root 'module'
$dependencyDir = Join-Path $moduleDir 'Dependencies'
$outDir = Join-Path $root 'out'
$sandboxProject = 'CrossTenantMigration.Sandbox'

function Invoke-Native([string] $what, [scriptblock] $command) {
    & $command
    if ($LASTEXITCODE -ne 0) { throw "$what failed (exit code $LASTEXITCODE)." }
}

# A fresh pwsh for tests and demos: this one may have loaded the module already, and a binary
# module cannot be unloaded. As a dotnet tool, pwsh runs as 'dotnet pwsh.dll'.
function Invoke-FreshPwsh([string[]] $Arguments) {
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path $dll) { & dotnet $dll @Arguments } else { & (Get-Process -Id $PID).Path @Arguments }
}

function Get-NuGetPackagesPath {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    return $line.Trim()
}

function Invoke-Build {
    Write-Host "Building ($Configuration)..." -ForegroundColor Cyan
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'CrossTenantMigration.sln') -c $Configuration --nologo -v quiet -clp:ErrorsOnly }

    # Stage: the PowerShell layer at module/, the engine and every third-party assembly in
    # module/Dependencies, which PowerShell never probes by itself (see ModuleInitializer).
    $cmdletBin = Join-Path $root "src/CrossTenantMigration/bin/$Configuration/netstandard2.0"
    $engineBin = Join-Path $root "src/CrossTenantMigration.Engine/bin/$Configuration/netstandard2.0"
    $shared = 'CrossTenantMigration.dll', 'CrossTenantMigration.Model.dll', 'CrossTenantMigration.Protocol.dll'
    Get-ChildItem $moduleDir -Filter '*.dll' -File | Remove-Item -Force
    if (Test-Path $dependencyDir) { Remove-Item $dependencyDir -Recurse -Force }
    New-Item -ItemType Directory $dependencyDir | Out-Null
    foreach ($name in $shared) { Copy-Item (Join-Path $cmdletBin $name) $moduleDir }
    Get-ChildItem $engineBin -Filter '*.dll' -File |
        Where-Object { $_.Name -notin $shared } |
        Copy-Item -Destination $dependencyDir
    # The sandbox: loaded by name for Connect-XtMigration -Sandbox only, with anything it needs beyond the engine's
    # closure (today nothing: its tokens are opaque values of its own), which loads only then.
    $sandboxBin = Join-Path $root "src/$sandboxProject/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $sandboxBin "$sandboxProject.dll") $dependencyDir
    Add-SandboxDependencies $sandboxBin
    Build-Help
    Write-Host "Module staged in $moduleDir" -ForegroundColor Cyan
}

# The sandbox loads beside the engine's closure in module/Dependencies, one copy of each assembly for both: what only
# the sandbox uses is added from its output, and where it was built against a higher version of an assembly the
# engine ships, that copy replaces the engine's (the engine binds to the same or a higher version, as NuGet would
# resolve the two in one project).
function Add-SandboxDependencies([string] $sandboxBin) {
    $deps = Get-Content (Join-Path $sandboxBin "$sandboxProject.deps.json") -Raw | ConvertFrom-Json
    foreach ($target in $deps.targets.PSObject.Properties) {
        foreach ($library in $target.Value.PSObject.Properties) {
            if ($deps.libraries.($library.Name).type -ne 'package' -or -not $library.Value.runtime) { continue }
            foreach ($asset in $library.Value.runtime.PSObject.Properties) {
                $name = Split-Path $asset.Name -Leaf
                $staged = Join-Path $dependencyDir $name
                if (-not (Test-Path $staged)) { Copy-Item (Join-Path $sandboxBin $name) $staged; continue }
                $needed = [version] $asset.Value.assemblyVersion
                $shipped = [System.Reflection.AssemblyName]::GetAssemblyName($staged).Version
                if ($shipped -lt $needed) { Copy-Item (Join-Path $sandboxBin $name) $staged -Force }
            }
        }
    }
}

function Build-Help {
    & (Join-Path $root 'tools/HelpCompiler/HelpCompiler.ps1') -MarkdownPath (Join-Path $root 'docs/help') -OutputPath (Join-Path $moduleDir 'en-US/CrossTenantMigration.dll-Help.xml')
    # Get-Help looks only in <ModuleBase>/<culture>, and the manifest at the repository root makes
    # the root the module base; the packaged layout keeps en-US beside its manifest.
    $rootCulture = Join-Path $root 'en-US'
    New-Item -ItemType Directory -Force $rootCulture | Out-Null
    Copy-Item (Join-Path $moduleDir 'en-US/*') $rootCulture -Force
}

function Invoke-Test {
    Invoke-Package # the Package tests install and import what ships
    $results = Join-Path $outDir 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory $results -Force | Out-Null
    $passed = 0; $failed = 0; $skipped = 0
    $skippedNames = [System.Collections.Generic.List[string]]::new()

    # One test run over the solution: the projects run side by side, each writes a TRX file, and the counts come
    # from those files; the console output is for people only.
    $projects = @(Get-ChildItem (Join-Path $root 'tests') -Recurse -Filter '*.Tests.csproj' | ForEach-Object BaseName)
    Write-Host "xunit: $($projects -join ', ')" -ForegroundColor Cyan
    & dotnet test (Join-Path $root 'CrossTenantMigration.sln') -c $Configuration --no-build --nologo -v quiet --logger 'trx;LogFilePrefix=xunit' --results-directory $results 2>&1 |
        ForEach-Object { Write-Host "$_" }
    $xunit = @{}
    foreach ($trx in Get-ChildItem $results -Filter '*.trx' -File) {
        $run = try { Read-TrxResult $trx.FullName } catch { Write-Host "  $($trx.Name) cannot be read ($_): its run counts as failed" -ForegroundColor Red; $failed++; continue }
        if (-not $run.Project) { Write-Host "  $($trx.Name) names no test assembly: its run counts as failed" -ForegroundColor Red; $failed++; continue }
        if ($xunit.ContainsKey($run.Project)) { Write-Host "  two result files for $($run.Project): its run counts as failed" -ForegroundColor Red; $failed++; continue }
        $xunit[$run.Project] = $run
    }
    foreach ($project in $projects) {
        $run = $xunit[$project]
        if (-not $run) { Write-Host "  no results from $project" -ForegroundColor Red; $failed++; continue }
        $passed += $run.Passed; $failed += $run.Failed; $skipped += $run.Skipped
        foreach ($name in $run.SkippedTests) { $skippedNames.Add($name) }
    }

    Write-Host 'Pester: end-to-end against the emulator host' -ForegroundColor Cyan
    $pester = Join-Path (Get-NuGetPackagesPath) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $pester)) { throw "Pester 5.7.1 is not in the NuGet cache ($pester); 'dotnet restore' of tools/TestPackages brings it." }
    $summary = Join-Path $results 'pester-summary.json'
    $pesterArgs = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/pester/Invoke-PesterSuite.ps1'),
        '-PesterPath', $pester, '-SummaryPath', $summary, '-Configuration', $Configuration)
    if ($PesterTag) { $pesterArgs += @('-Tag', ($PesterTag -join ',')) }
    Invoke-FreshPwsh $pesterArgs | Out-Host
    $p = if (Test-Path $summary) { Get-Content $summary -Raw | ConvertFrom-Json }
    if ($p -and $p.Passed -is [long] -and $p.Failed -is [long] -and $p.Skipped -is [long]) {
        $passed += $p.Passed; $failed += $p.Failed; $skipped += $p.Skipped
        if ($p.PSObject.Properties['SkippedTests']) { foreach ($name in @($p.SkippedTests)) { $skippedNames.Add($name) } }
    } else {
        Write-Host 'Pester wrote no counts: its run counts as failed.' -ForegroundColor Red
        $failed++
    }

    Write-Host ''
    Write-Host "skipped: $(if ($skippedNames.Count) { $skippedNames -join '; ' } else { 'none' })"
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

# The counts of one TRX file (ResultSummary/Counters) and the test assembly it ran. Anything that neither passed
# nor was skipped (failed, error, timeout, aborted...) counts as failed, and so does a run that reported an error
# of its own (a test host that crashed) with no failed test.
function Read-TrxResult([string] $path) {
    [xml] $trx = Get-Content $path -Raw
    $ns = [System.Xml.XmlNamespaceManager]::new($trx.NameTable)
    $ns.AddNamespace('t', 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010')
    $summary = $trx.SelectSingleNode('/t:TestRun/t:ResultSummary', $ns)
    $counters = $summary.SelectSingleNode('t:Counters', $ns)
    $count = { param($name) [int] $counters.GetAttribute($name) }
    $total = & $count 'total'; $passedHere = & $count 'passed'; $notExecuted = & $count 'notExecuted'
    $failedHere = [Math]::Max((& $count 'failed'), $total - $passedHere - $notExecuted)
    if ($failedHere -eq 0 -and $summary.GetAttribute('outcome') -ne 'Completed') { $failedHere = 1 }
    $codeBase = $trx.SelectSingleNode('/t:TestRun/t:TestDefinitions/t:UnitTest/t:TestMethod/@codeBase', $ns)
    [pscustomobject]@{
        Project      = if ($codeBase) { [IO.Path]::GetFileNameWithoutExtension($codeBase.Value) }
        Passed       = $passedHere
        Failed       = $failedHere
        Skipped      = $notExecuted
        SkippedTests = @($trx.SelectNodes('/t:TestRun/t:Results/t:UnitTestResult[@outcome="NotExecuted"]/@testName', $ns) | ForEach-Object Value)
    }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-FreshPwsh @('-NoProfile', '-File', (Join-Path $root 'examples/Sandbox-Lifecycle.ps1'))
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

# The benchmarks in bench/, each in a fresh pwsh (they start their own emulator host and processes), in the order
# of the results table; each writes its figures as JSON, and bench/results.md is made from them with the machine.
# They run in PowerShell as Microsoft's release packages ship it, ReadyToRun, which the targets are for: the dotnet
# tool's PowerShell is IL only, so it is laid out again with its assemblies compiled by the SDK's crossgen2
# (out/bench-pwsh). Import and first list are also measured in the dotnet tool's own, and reported beside.
function Invoke-Bench {
    Invoke-Build
    $benchDir = Join-Path $root 'bench'
    $resultDir = Join-Path $outDir 'bench'
    if (Test-Path $resultDir) { Remove-Item $resultDir -Recurse -Force }
    New-Item -ItemType Directory $resultDir -Force | Out-Null
    Import-Module (Join-Path $benchDir 'BenchCommon.psm1') -Force
    $jitPwshHome = $null
    $benchPwshHome = $PSHOME
    if ((Get-BenchPwshKind $PSHOME) -ne 'ReadyToRun') {
        Write-Host 'Laying out PowerShell as released (ReadyToRun) in out/bench-pwsh...' -ForegroundColor Cyan
        $benchPwshHome = New-BenchReadyToRunPwsh -Destination (Join-Path $outDir 'bench-pwsh')
        $jitPwshHome = $PSHOME
    }
    $benchPwsh = Get-BenchPwsh $benchPwshHome
    # Run order: the figures of a fresh process first, which other load on the machine disturbs most, then the long
    # waves. Report order: the results table's.
    $runOrder = 'Import', 'FirstList', 'FirstCall', 'GetById', 'Polling', 'NameLookup', 'BigWave', 'Report', 'Wave', 'WaveMemory'
    $reportOrder = 'Import', 'FirstList', 'GetById', 'Wave', 'BigWave', 'Polling', 'NameLookup', 'FirstCall', 'WaveMemory', 'Report'
    $rank = { param($order, $name) $i = [array]::IndexOf($order, $name); if ($i -lt 0) { 99 } else { $i } }
    $benches = @(Get-ChildItem $benchDir -Filter '*.Bench.ps1' | Sort-Object { & $rank $runOrder ($_.Name -replace '\.Bench\.ps1$', '') }, Name)
    $load = [System.Collections.Generic.List[string]]::new()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $results = foreach ($bench in $benches) {
        $name = $bench.Name -replace '\.Bench\.ps1$', ''
        $result = Join-Path $resultDir "$name.json"
        Write-Host "Benchmark: $name" -ForegroundColor Cyan
        $before = Get-LoadAverage
        $started = $watch.Elapsed
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $bench.FullName, '-Configuration', $Configuration, '-ResultPath', $result)
        if ($jitPwshHome -and $name -in 'Import', 'FirstList') { $arguments += '-JitPwshHome', $jitPwshHome }
        & $benchPwsh[0] @($benchPwsh | Select-Object -Skip 1) @arguments | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "$($bench.Name) failed." }
        $load.Add(('| {0} | {1:0} s | {2} | {3} |' -f $name, ($watch.Elapsed - $started).TotalSeconds, $before, (Get-LoadAverage)))
        $result
    }
    $notes = @"
The Bench task took $('{0:0}' -f $watch.Elapsed.TotalSeconds) s. Other work on the machine shows in its load average (1, 5 and 15 minutes, from
``/proc/loadavg``), read before and after each benchmark; the benchmarks' own processes count in it too (about 1 while
a wave runs). Figures of a fresh process and the per-request figures move by 10-20% with that load; request counts do not.

| benchmark | took | load before | load after |
|---|---|---|---|
$($load -join "`n")
"@
    $results = @($results | Sort-Object { & $rank $reportOrder ([IO.Path]::GetFileNameWithoutExtension($_)) }, { $_ })
    $figures = Write-BenchReport -ResultFiles $results -Path (Join-Path $benchDir 'results.md') -Notes $notes -PwshHome $benchPwshHome `
        -SummaryPath (Join-Path $benchDir 'README.md')
    Write-Host ''
    Write-Host (Format-BenchTable $figures)
    Write-Host ''
    Write-Host "Wrote $(Join-Path $benchDir 'results.md') ($('{0:0}' -f $watch.Elapsed.TotalSeconds) s)." -ForegroundColor Cyan
}

function Get-LoadAverage {
    if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg -Raw) -split ' ')[0..2] -join ' ' } else { 'n/a' }
}

# The module as it ships: one layout for the Gallery package and the Automation zip, tested as such.
function Invoke-Package {
    Invoke-Build
    $rootManifest = Join-Path $root 'CrossTenantMigration.psd1'
    $data = Import-PowerShellDataFile $rootManifest
    $stage = Join-Path $outDir 'CrossTenantMigration'
    foreach ($old in @($stage) + @(Get-ChildItem $outDir -Filter 'CrossTenantMigration*.nupkg' -ErrorAction SilentlyContinue) + @(Join-Path $outDir 'CrossTenantMigration.zip')) {
        if ($old -and (Test-Path $old)) { Remove-Item $old -Recurse -Force }
    }
    New-Item -ItemType Directory $stage -Force | Out-Null

    Get-ChildItem $moduleDir -Filter 'CrossTenantMigration*.dll' -File | Copy-Item -Destination $stage
    Copy-Item $dependencyDir (Join-Path $stage 'Dependencies') -Recurse
    foreach ($format in $data.FormatsToProcess) { Copy-Item (Join-Path $root $format) $stage }
    New-Item -ItemType Directory (Join-Path $stage 'en-US') | Out-Null
    Copy-Item (Join-Path $moduleDir 'en-US/*') (Join-Path $stage 'en-US')
    # The product only: nothing that describes how the module is developed (the README, docs/ and bench/ stay in the repository).
    Copy-Item (Join-Path $root 'LICENSE'), (Join-Path $root 'CHANGELOG.md') $stage
    New-Item -ItemType Directory (Join-Path $stage 'Examples') | Out-Null
    Copy-Item (Join-Path $root 'examples/Invoke-MigrationWave.ps1'), (Join-Path $root 'examples/Wave.Tests.ps1') (Join-Path $stage 'Examples')

    New-ShippedManifest $data (Join-Path $stage 'CrossTenantMigration.psd1')
    foreach ($manifest in $rootManifest, (Join-Path $stage 'CrossTenantMigration.psd1')) {
        $null = Test-ModuleManifest $manifest -ErrorAction Stop
    }

    Compress-PSResource -Path $stage -DestinationPath $outDir
    # Azure Automation imports a zip named as the module, holding a folder of that name.
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [IO.Compression.ZipFile]::CreateFromDirectory($stage, (Join-Path $outDir 'CrossTenantMigration.zip'), [IO.Compression.CompressionLevel]::Optimal, $true)
    Write-Host "Packaged $($data.ModuleVersion): $(Join-Path $outDir "CrossTenantMigration.$($data.ModuleVersion).nupkg") and $(Join-Path $outDir 'CrossTenantMigration.zip')" -ForegroundColor Cyan
}

# The shipped manifest, made from the root one: the same values, with paths beside it rather than
# under module/, and the release notes of this version from CHANGELOG.md.
function New-ShippedManifest([hashtable] $data, [string] $path) {
    $psData = $data.PrivateData.PSData
    $params = @{
        Path                   = $path
        RootModule             = Split-Path $data.RootModule -Leaf
        ModuleVersion          = $data.ModuleVersion
        CompatiblePSEditions   = $data.CompatiblePSEditions
        GUID                   = $data.GUID
        Author                 = $data.Author
        CompanyName            = $data.CompanyName
        Copyright              = $data.Copyright
        Description            = $data.Description
        PowerShellVersion      = $data.PowerShellVersion
        DotNetFrameworkVersion = $data.DotNetFrameworkVersion
        FormatsToProcess       = @($data.FormatsToProcess | ForEach-Object { Split-Path $_ -Leaf })
        CmdletsToExport        = $data.CmdletsToExport
        FunctionsToExport      = @()
        AliasesToExport        = @()
        VariablesToExport      = @()
        Tags                   = $psData.Tags
        LicenseUri             = $psData.LicenseUri
        ReleaseNotes           = Get-ReleaseNotes $data.ModuleVersion
    }
    New-ModuleManifest @params
}

function Get-ReleaseNotes([string] $version) {
    $text = Get-Content (Join-Path $root 'CHANGELOG.md') -Raw
    $match = [regex]::Match($text, '(?ms)^## ' + [regex]::Escape($version) + '\s*$(.+?)(?=^## |\z)')
    if (-not $match.Success) { throw "CHANGELOG.md has no section '## $version'." }
    $match.Groups[1].Value.Trim()
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Soak' {
        Invoke-Build
        Invoke-FreshPwsh @('-NoProfile', '-File', (Join-Path $root 'tests/soak/Invoke-Soak.ps1'), '-Configuration', $Configuration)
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    'Package' { Invoke-Package }
    'Clean' {
        foreach ($dir in @($outDir) + (Get-ChildItem (Join-Path $root 'src'), (Join-Path $root 'tests'), (Join-Path $root 'tools') -Directory -Recurse -Include bin, obj).FullName) {
            if ($dir -and (Test-Path $dir)) { Remove-Item $dir -Recurse -Force }
        }
        Get-ChildItem $moduleDir -Filter '*.dll' -File | Remove-Item -Force
        if (Test-Path $dependencyDir) { Remove-Item $dependencyDir -Recurse -Force }
    }
}
