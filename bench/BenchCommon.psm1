# Shared by the benchmarks in bench/: the emulator host, fresh pwsh processes, medians, and the
# figures each benchmark hands to the Bench task (which writes bench/results.md from them).
Set-StrictMode -Version 3.0

Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force -Global

$script:SourceTenant = '12345678-1234-1234-1234-123456789012'

function Get-BenchSourceTenant { $script:SourceTenant }

function Get-BenchPwsh {
    <#
    The command line of a fresh pwsh from -PwshHome (by default this one's $PSHOME): a PowerShell laid out as
    a dotnet tool or by New-BenchReadyToRunPwsh runs as 'dotnet pwsh.dll'.
    #>
    param([string] $PwshHome = $PSHOME)
    $dll = Join-Path $PwshHome 'pwsh.dll'
    if (Test-Path $dll) { return @('dotnet', $dll) }
    if ($PwshHome -ne $PSHOME) { throw "There is no pwsh.dll in $PwshHome." }
    return @((Get-Process -Id $PID).Path)
}

function Test-BenchReadyToRun {
    <# Whether a managed assembly carries ReadyToRun code (a managed native header) beside its IL. #>
    param([Parameter(Mandatory)] [string] $Path)
    (Get-BenchAssemblyCode $Path) -eq 'ReadyToRun'
}

function Get-BenchAssemblyCode([string] $Path) {
    # 'ReadyToRun', 'IL' (IL only, compiled by the JIT as it runs), or $null for a file that is not a managed assembly.
    $stream = [IO.File]::OpenRead($Path)
    try {
        $reader = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            $cor = $reader.PEHeaders.CorHeader
            if (-not $cor) { return $null }
            if ($cor.ManagedNativeHeaderDirectory.Size -gt 0) { return 'ReadyToRun' }
            if ($cor.Flags.HasFlag([System.Reflection.PortableExecutable.CorFlags]::ILOnly)) { return 'IL' }
            return $null
        } finally { $reader.Dispose() }
    } catch [System.BadImageFormatException] {
        return $null
    } finally { $stream.Dispose() }
}

function Get-BenchPwshKind {
    <#
    How the PowerShell at -PwshHome runs its own code, for the results: 'ReadyToRun' (as Microsoft's release
    packages ship it) or 'IL only' (as the dotnet tool package ships it: every method JIT-compiled on first use).
    #>
    param([string] $PwshHome = $PSHOME)
    if (Test-BenchReadyToRun (Join-Path $PwshHome 'System.Management.Automation.dll')) { 'ReadyToRun' } else { 'IL only' }
}

function New-BenchControlModule {
    <#
    The control of the fresh-process benchmarks: a binary module of one cmdlet with a manifest, compiled into
    -Directory, which returns the manifest's path. Imported, it shows what importing any binary module costs in a
    fresh pwsh. Get-BenchControl -Uri -Token sends one GET with a bearer token through a bare HttpClient, reads the
    answer's "value" array with JsonDocument and writes its length: the least any binary module does for a first
    list, with none of a real module's checks, retries or objects.
    #>
    param([Parameter(Mandatory)] [string] $Directory)
    New-Item -ItemType Directory -Force $Directory | Out-Null
    Add-Type -OutputAssembly (Join-Path $Directory 'BenchControl.dll') -OutputType Library -TypeDefinition @'
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
namespace BenchControl
{
    [Cmdlet(VerbsCommon.Get, "BenchControl")]
    public sealed class GetBenchControlCommand : PSCmdlet
    {
        [Parameter] public string Uri { get; set; }
        [Parameter] public string Token { get; set; }
        protected override void ProcessRecord()
        {
            if (Uri == null) { WriteObject(1); return; }
            using (var client = new HttpClient())
            using (var request = new HttpRequestMessage(HttpMethod.Get, Uri))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                using (var response = client.SendAsync(request).GetAwaiter().GetResult())
                {
                    response.EnsureSuccessStatusCode();
                    var body = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
                    using (var document = JsonDocument.Parse(body)) { WriteObject(document.RootElement.GetProperty("value").GetArrayLength()); }
                }
            }
        }
    }
}
'@
    New-ModuleManifest -Path (Join-Path $Directory 'BenchControl.psd1') -RootModule 'BenchControl.dll' -CmdletsToExport 'Get-BenchControl' `
        -FunctionsToExport @() -AliasesToExport @() -VariablesToExport @()
    Join-Path $Directory 'BenchControl.psd1'
}

function Get-BenchPwshHomes {
    <#
    The PowerShells a fresh-process benchmark measures: this one (the target's), and -JitPwshHome when given (the
    dotnet tool's IL-only one, reported beside). Each with its kind, for the figures and the tables.
    #>
    param([string] $JitPwshHome)
    foreach ($pwshHome in @($PSHOME) + @($JitPwshHome | Where-Object { $_ })) {
        [pscustomobject]@{ Home = $pwshHome; Kind = Get-BenchPwshKind $pwshHome }
    }
}

function Get-BenchReportedTarget {
    <# The target column of a figure measured in the IL-only PowerShell: reported beside, the target is not for it. #>
    '— (reported: the target is for PowerShell as Microsoft ships it)'
}

function Get-BenchCrossgen2 {
    <# The SDK's ReadyToRun compiler for this machine, restored by bench/ReadyToRun/ReadyToRun.csproj. #>
    $project = Join-Path $PSScriptRoot 'ReadyToRun/ReadyToRun.csproj'
    $output = & dotnet restore $project --nologo -v q 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Restoring $project failed: $($output -join ' ')" }
    $output = & dotnet msbuild $project -nologo '-t:ResolveFrameworkReferences;ResolveReadyToRunCompilers' -getItem:Crossgen2Tool 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Resolving crossgen2 through $project failed: $($output -join ' ')" }
    $tool = @(($output -join "`n" | ConvertFrom-Json).Items.Crossgen2Tool)[0]
    if (-not $tool) { throw "The SDK named no crossgen2 for $project." }
    $hostPath = if ($tool.PSObject.Properties['DotNetHostPath']) { $tool.DotNetHostPath } else { '' }
    [pscustomobject]@{ Path = $tool.Identity; DotNetHostPath = $hostPath; TargetOS = $tool.TargetOS; TargetArch = $tool.TargetArch }
}

function New-BenchReadyToRunPwsh {
    <#
    PowerShell laid out as Microsoft's release packages ship it, made from the dotnet tool's: a copy of -Source
    (by default this pwsh's $PSHOME) in -Destination, with every IL-only assembly in it compiled ReadyToRun by the
    SDK's crossgen2. PowerShell's release builds set PublishReadyToRun; the dotnet tool package carries IL only,
    so there every method of PowerShell itself is JIT-compiled on first use. Nothing else changes: the same
    assemblies, modules and settings. Returns the new PSHOME; a layout made from the same PowerShell is reused.
    #>
    param([Parameter(Mandatory)] [string] $Destination, [string] $Source = $PSHOME)
    $Destination = [IO.Path]::GetFullPath($Destination)
    $stamp = Join-Path $Destination '.readytorun'
    $origin = '{0} {1} {2}' -f $Source, (Get-Item (Join-Path $Source 'System.Management.Automation.dll')).LastWriteTimeUtc.Ticks,
        [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
    if ((Test-Path $stamp) -and (Get-Content $stamp -Raw).Trim() -eq $origin) { return $Destination }
    if (Test-Path $Destination) { Remove-Item $Destination -Recurse -Force }
    $crossgen = Get-BenchCrossgen2
    New-Item -ItemType Directory -Force (Split-Path $Destination) | Out-Null
    Copy-Item $Source $Destination -Recurse
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $powerShellAssemblies = @(Get-ChildItem $Source -Filter '*.dll' | ForEach-Object {
            $code = Get-BenchAssemblyCode $_.FullName
            if ($code) { [pscustomobject]@{ File = $_; Code = $code } }
        })
    $compiled = 0; $left = [System.Collections.Generic.List[string]]::new()
    foreach ($assembly in @($powerShellAssemblies | Where-Object Code -eq 'IL').File) {
        # The input is the original; the references are the framework and PowerShell's other assemblies (crossgen2
        # refuses a reference with the input's name); the image replaces the copy.
        $copy = Join-Path $Destination $assembly.Name
        $image = "$copy.r2r"
        $references = foreach ($other in $powerShellAssemblies.File) { if ($other.Name -ne $assembly.Name) { '-r'; $other.FullName } }
        $arguments = @($assembly.FullName, '-o', $image, '-r', (Join-Path $framework '*.dll')) + @($references) +
            @('--targetos', $crossgen.TargetOS, '--targetarch', $crossgen.TargetArch, '-O')
        $output = if ($crossgen.DotNetHostPath) { & $crossgen.DotNetHostPath $crossgen.Path @arguments 2>&1 } else { & $crossgen.Path @arguments 2>&1 }
        if ($LASTEXITCODE -eq 0 -and (Test-Path $image)) {
            Move-Item $image $copy -Force
            $compiled++
        } else {
            # As in the release packages, an assembly crossgen2 cannot compile (a facade, a reference assembly) stays IL.
            Remove-Item $image -ErrorAction Ignore
            $left.Add("$($assembly.Name) ($(@($output)[0]))")
        }
    }
    if (-not (Test-BenchReadyToRun (Join-Path $Destination 'System.Management.Automation.dll'))) {
        throw "crossgen2 did not compile System.Management.Automation.dll in $Destination."
    }
    Write-Verbose "ReadyToRun PowerShell in ${Destination}: $compiled assemblies compiled; left IL: $(if ($left.Count) { $left -join '; ' } else { 'none' })"
    Set-Content $stamp $origin
    $Destination
}

function Start-BenchPwsh {
    <#
    Starts a script file in a fresh pwsh (-NoProfile -NonInteractive; the one at -PwshHome, by default this one), its
    output and errors read as it runs. Environment variables in -Environment are set for the child only. Returns the
    process, the two reads (tasks) and a stopwatch started with it.
    #>
    param([Parameter(Mandatory)] [string] $File, [string[]] $Arguments = @(), [hashtable] $Environment = @{}, [string] $PwshHome = $PSHOME)
    $exe = Get-BenchPwsh $PwshHome
    $info = [System.Diagnostics.ProcessStartInfo]::new($exe[0])
    foreach ($a in @($exe | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.Environment['NO_COLOR'] = '1'
    foreach ($k in $Environment.Keys) { $info.Environment[$k] = [string]$Environment[$k] }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($info)
    [pscustomobject]@{ Process = $process; Output = $process.StandardOutput.ReadToEndAsync(); Errors = $process.StandardError.ReadToEndAsync(); Watch = $watch }
}

function Invoke-BenchPwsh {
    <#
    Runs a script file in a fresh pwsh (Start-BenchPwsh) and returns its output lines and the wall time of the whole
    process as this process sees it. A non-zero exit code or a line starting with 'BENCH-ERROR' throws.
    #>
    param([Parameter(Mandatory)] [string] $File, [string[]] $Arguments = @(), [hashtable] $Environment = @{}, [string] $PwshHome = $PSHOME)
    $started = Start-BenchPwsh $File $Arguments -Environment $Environment -PwshHome $PwshHome
    $process = $started.Process
    $stdout = $started.Output.Result
    $process.WaitForExit()
    $wall = $started.Watch.Elapsed.TotalMilliseconds
    $lines = @($stdout -split "`r?`n" | Where-Object { $_ -ne '' })
    $failure = $lines | Where-Object { $_ -like 'BENCH-ERROR*' } | Select-Object -First 1
    if ($process.ExitCode -ne 0 -or $failure) {
        throw "$(Split-Path $File -Leaf) failed (exit code $($process.ExitCode)): $failure $($started.Errors.Result) $($lines -join ' | ')"
    }
    [pscustomobject]@{ Lines = $lines; WallMs = $wall; StdErr = $started.Errors.Result }
}

function Get-BenchOrder {
    <#
    The order in which round -Round runs -Count sides, from a balanced Latin square (Williams' design): its rows,
    -Count of them for an even count and twice that for an odd one, taken in turn. A fresh process runs measurably
    faster or slower depending on the process that ran just before it, so a fixed cycle would give each side the
    same neighbour in every round; over each full set of rows every side goes in every position, and follows every
    other side, equally often.
    #>
    param([Parameter(Mandatory)] [int] $Count, [Parameter(Mandatory)] [int] $Round)
    # The first row: 0, n-1, 1, n-2, 2, ...; row r adds r to each (mod n); an odd count adds the rows reversed.
    $first = [System.Collections.Generic.List[int]]::new()
    $low = 0; $high = $Count
    for ($k = 0; $k -lt $Count; $k++) { if ($k % 2 -eq 0) { $first.Add($low); $low++ } else { $high--; $first.Add($high) } }
    $rows = if ($Count % 2) { 2 * $Count } else { $Count }
    $row = $Round % $rows
    $order = @(foreach ($x in $first) { ($x + $row) % $Count })
    if ($row -ge $Count) { [array]::Reverse($order) }
    $order
}

function Invoke-BenchRound {
    <#
    One round of a fresh-process comparison: each side (a hashtable of Name, Probe, Arguments) run once by
    Invoke-BenchPwsh in the PowerShell at -PwshHome, in the round's order (Get-BenchOrder). Returns each side's
    result by name.
    #>
    param([Parameter(Mandatory)] [hashtable[]] $Sides, [Parameter(Mandatory)] [int] $Round, [hashtable] $Environment = @{}, [string] $PwshHome = $PSHOME)
    $out = @{}
    foreach ($n in Get-BenchOrder -Count $Sides.Count -Round $Round) {
        $side = $Sides[$n]
        $out[$side.Name] = Invoke-BenchPwsh $side.Probe $side.Arguments -Environment $Environment -PwshHome $PwshHome
    }
    $out
}

function Invoke-BenchRounds {
    <#
    A fresh-process comparison's rounds in each PowerShell of -Pwshes (Get-BenchPwshHomes): -WarmUp rounds in each,
    not counted (they warm the file cache), then -Runs rounds, each run in every PowerShell in turn. Writes one object
    per counted round: Run, Kind (the PowerShell's) and Out (each side's result by name, Invoke-BenchRound).
    #>
    param([Parameter(Mandatory)] [hashtable[]] $Sides, [Parameter(Mandatory)] [object[]] $Pwshes, [int] $Runs, [int] $WarmUp, [hashtable] $Environment = @{})
    foreach ($pwsh in $Pwshes) {
        for ($w = 0; $w -lt $WarmUp; $w++) { $null = Invoke-BenchRound $Sides $w -Environment $Environment -PwshHome $pwsh.Home }
    }
    foreach ($i in 1..$Runs) {
        foreach ($pwsh in $Pwshes) {
            [pscustomobject]@{ Run = $i; Kind = $pwsh.Kind; Out = (Invoke-BenchRound $Sides $i -Environment $Environment -PwshHome $pwsh.Home) }
        }
    }
}

function Get-BenchValue {
    <# The value of a 'KEY value' line that a probe printed. #>
    param([Parameter(Mandatory)] [string[]] $Lines, [Parameter(Mandatory)] [string] $Key)
    $line = $Lines | Where-Object { $_ -like "$Key *" } | Select-Object -Last 1
    if (-not $line) { throw "The probe printed no '$Key' line: $($Lines -join ' | ')" }
    $line.Substring($Key.Length + 1).Trim()
}

function Get-Median {
    param([Parameter(Mandatory)] [double[]] $Values)
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n % 2) { return $sorted[($n - 1) / 2] }
    return ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2
}

function Format-Ms([double] $ms) { if ($ms -ge 1000) { '{0:0.00} s' -f ($ms / 1000) } elseif ($ms -ge 100) { '{0:0} ms' -f $ms } else { '{0:0.0} ms' -f $ms } }

function New-BenchFigure {
    <#
    One row of the results table. -Met: $true, $false, or $null where the figure has no target (a
    breakdown). -Value and -Baseline are the raw numbers behind -Measured, kept for the smoke test.
    #>
    param(
        [Parameter(Mandatory)] [string] $Figure,
        [Parameter(Mandatory)] [string] $Measured,
        [string] $ComparedWith = '—',
        [string] $Target = '—',
        $Met = $null,
        [double] $Value = [double]::NaN,
        [string] $Notes = ''
    )
    [pscustomobject][ordered]@{ Figure = $Figure; Measured = $Measured; ComparedWith = $ComparedWith; Target = $Target; Met = $Met; Value = $Value; Notes = $Notes }
}

function Save-BenchResult {
    <#
    Writes a benchmark's figures (and markdown details for results.md) as JSON to -Path, and prints
    them. Without -Path it only prints.
    #>
    param([Parameter(Mandatory)] [string] $Bench, [Parameter(Mandatory)] [object[]] $Figures, [string] $Details = '', [string] $Path)
    foreach ($f in $Figures) {
        $met = if ($null -eq $f.Met) { '' } elseif ($f.Met) { ' [met]' } else { ' [NOT met]' }
        Write-Host "$($f.Figure): $($f.Measured)$(if ($f.ComparedWith -ne '—') { "; against $($f.ComparedWith)" }); target $($f.Target)$met"
    }
    if ($Details) { Write-Host $Details }
    if ($Path) {
        $dir = Split-Path $Path
        if ($dir) { New-Item -ItemType Directory -Force $dir | Out-Null }
        [ordered]@{ Bench = $Bench; Figures = @($Figures); Details = $Details } | ConvertTo-Json -Depth 5 | Set-Content -Path $Path -Encoding utf8NoBOM
    }
}

function Start-BenchEmulator {
    <# The emulator host over HTTP on 127.0.0.1, and a bearer token for it (ReadWrite unless -Scopes says more, 4 hours). #>
    param([int] $StepMilliseconds = 0, [string[]] $Scopes = @('CrossTenantContentMigration.ReadWrite.All'))
    $emulator = Start-XtEmulatorHost -StepMilliseconds $StepMilliseconds
    $issued = Invoke-XtEmulatorAdmin $emulator 'token' -Method POST -Body @{ scopes = $Scopes; lifetimeSeconds = 14400 }
    $emulator | Add-Member -NotePropertyName Token -NotePropertyValue $issued.access_token -PassThru
}

function Connect-BenchModule {
    <# Connects this process's module to the emulator with its token. #>
    param([Parameter(Mandatory)] $Emulator)
    $null = Connect-XtMigration -AccessToken ([Net.NetworkCredential]::new('', $Emulator.Token).SecurePassword) -Endpoint $Emulator.Url
}

function Get-BenchJobsUrl { param([Parameter(Mandatory)] $Emulator) "$($Emulator.Url)/v1.0/solutions/migrations/crossTenantMigrationJobs" }

function New-BenchJobs {
    <#
    Creates jobs straight over HTTP (one user each, Teams, cutover in 14 days), $Count of them, named
    $Prefix-0001...; returns their ids in creation order. Quick set-up for benchmarks that read jobs.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [int] $Count, [string] $Prefix = 'bench')
    $client = [System.Net.Http.HttpClient]::new()
    $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $Emulator.Token)
    $url = Get-BenchJobsUrl $Emulator
    $cutover = [DateTimeOffset]::UtcNow.AddDays(14).ToString('o')
    try {
        for ($i = 1; $i -le $Count; $i++) {
            $body = @{
                displayName = '{0}-{1:0000}' -f $Prefix, $i; completeAfterDateTime = $cutover; sourceTenantId = $script:SourceTenant
                resourceType = 'Users'; resources = @(New-XtTestUserId -Count 1); workloads = @('Teams')
            } | ConvertTo-Json -Compress
            $content = [System.Net.Http.StringContent]::new($body, [Text.Encoding]::UTF8, 'application/json')
            $response = $client.PostAsync($url, $content).GetAwaiter().GetResult()
            $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
            if (-not $response.IsSuccessStatusCode) { throw "Create failed: $([int]$response.StatusCode) $text" }
            ($text | ConvertFrom-Json).id
        }
    } finally { $client.Dispose() }
}

function New-BenchUserCsv {
    <# A CSV of $Count target users (ExternalDirectoryObjectId), as an administrator exports one. #>
    param([Parameter(Mandatory)] [int] $Count, [Parameter(Mandatory)] [string] $Path)
    $lines = [System.Collections.Generic.List[string]]::new($Count + 1)
    $lines.Add('"ExternalDirectoryObjectId"')
    foreach ($id in New-XtTestUserId -Count $Count) { $lines.Add('"' + $id + '"') }
    [IO.File]::WriteAllLines($Path, $lines)
    $Path
}

function Get-BenchMachine {
    <# The machine, for results.md: cores, CPU, memory, OS, .NET, PowerShell (the one at -PwshHome), date. #>
    param([string] $PwshHome = $PSHOME)
    $cpu = if (Test-Path /proc/cpuinfo) { ((Get-Content /proc/cpuinfo | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -split ':', 2)[1].Trim() } else { $env:PROCESSOR_IDENTIFIER }
    $memory = if (Test-Path /proc/meminfo) {
        $kb = [double]((Get-Content /proc/meminfo | Where-Object { $_ -like 'MemTotal:*' }) -replace '[^0-9]', '')
        '{0:0.0} GiB' -f ($kb / 1MB)
    } else { 'unknown' }
    $os = if (Test-Path /etc/os-release) {
        ((Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' }) -replace '^PRETTY_NAME=', '').Trim('"')
    } else { [System.Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $kernel = if (Test-Path /proc/sys/kernel/osrelease) { 'Linux ' + (Get-Content /proc/sys/kernel/osrelease -Raw).Trim() } else { [System.Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $mhz = if (Test-Path /proc/cpuinfo) { Get-Content /proc/cpuinfo | Where-Object { $_ -like 'cpu MHz*' } | Select-Object -First 1 } else { $null }
    if ($mhz) { $cpu = '{0} ({1:0} MHz)' -f $cpu, [double](($mhz -split ':', 2)[1].Trim()) }
    $nproc = try { (& nproc 2>$null) } catch { $null }
    $kind = Get-BenchPwshKind $PwshHome
    $laidOut = if ($kind -eq 'ReadyToRun' -and (Test-Path (Join-Path $PwshHome '.readytorun'))) {
        ': the dotnet tool package''s assemblies compiled by the SDK''s crossgen2, as Microsoft''s release packages ship them'
    }
    $sdk = try { (& dotnet --version 2>$null) } catch { 'unknown' }
    [ordered]@{
        'nproc'      = if ($nproc) { "$nproc" } else { "$([Environment]::ProcessorCount)" }
        'CPU'        = $cpu
        'Memory'     = $memory
        'OS'         = "$os ($kernel)"
        '.NET'       = "$([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription) (SDK $sdk)"
        'PowerShell' = "$($PSVersionTable.PSVersion), $kind$laidOut"
        'Date'       = [DateTimeOffset]::UtcNow.ToString('yyyy-MM-dd HH:mm') + ' UTC'
    }
}

function Format-BenchTable {
    <# The results table in markdown: figure / measured / compared with / target / met?. #>
    param([Parameter(Mandatory)] [object[]] $Figures)
    $rows = @('| figure | measured | compared with | target on 2 cores | met? |', '|---|---|---|---|---|')
    foreach ($f in $Figures) {
        $met = if ($null -eq $f.Met) { '—' } elseif ($f.Met) { 'yes' } else { '**no**' }
        $cells = $f.Figure, $f.Measured, $f.ComparedWith, $f.Target, $met | ForEach-Object { "$_" -replace '\|', '\|' -replace "`r?`n", ' ' }
        $rows += '| ' + ($cells -join ' | ') + ' |'
    }
    $rows -join "`n"
}

function Write-BenchReport {
    <#
    bench/results.md from the benchmarks' JSON results, in the order given. With -SummaryPath, the same table also
    replaces the one between the results markers of that file (bench/README.md), so that it shows the latest run.
    #>
    param([Parameter(Mandatory)] [string[]] $ResultFiles, [Parameter(Mandatory)] [string] $Path, [string] $Notes = '',
        [string] $Command = 'dotnet tool restore && dotnet pwsh ./build.ps1 -Task Bench', [string] $PwshHome = $PSHOME,
        [string] $SummaryPath)
    $results = @($ResultFiles | Where-Object { Test-Path $_ } | ForEach-Object { Get-Content $_ -Raw | ConvertFrom-Json })
    $figures = @($results | ForEach-Object { $_.Figures })
    $machine = Get-BenchMachine -PwshHome $PwshHome
    $text = [System.Text.StringBuilder]::new()
    $null = $text.AppendLine('# Benchmark results').AppendLine()
    $null = $text.AppendLine("Generated by ``$Command`` (the module against the emulator host over HTTP on 127.0.0.1;").AppendLine(
        'each comparison runs both sides in the same run, interleaved; medians as stated in each row). Do not edit: run the task again.').AppendLine()
    $null = $text.AppendLine((Format-BenchTable $figures)).AppendLine()
    $null = $text.AppendLine('## Machine').AppendLine()
    $null = $text.AppendLine('| | |').AppendLine('|---|---|')
    foreach ($k in $machine.Keys) { $null = $text.AppendLine("| $k | $($machine[$k]) |") }
    $null = $text.AppendLine()
    if ($Notes) { $null = $text.AppendLine($Notes.TrimEnd()).AppendLine() }
    foreach ($r in $results) {
        if (-not $r.Details) { continue }
        $null = $text.AppendLine("## $($r.Bench)").AppendLine().AppendLine($r.Details.TrimEnd()).AppendLine()
    }
    Set-Content -Path $Path -Value $text.ToString().TrimEnd() -Encoding utf8NoBOM
    if ($SummaryPath) { Update-BenchSummary -Path $SummaryPath -Table (Format-BenchTable $figures) -Machine $machine }
    $figures
}

function Update-BenchSummary {
    <# Replaces the table between '<!-- results:begin -->' and '<!-- results:end -->' in -Path with the latest one. #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Table, [Parameter(Mandatory)] $Machine)
    $summary = Get-Content $Path -Raw
    $begin = '<!-- results:begin -->'; $end = '<!-- results:end -->'
    $from = $summary.IndexOf($begin); $to = $summary.IndexOf($end)
    if ($from -lt 0 -or $to -lt $from) { throw "$Path has no results markers ($begin ... $end)." }
    $measured = "Measured $($Machine['Date']) on $($Machine['nproc']) cores, $($Machine['CPU']), $($Machine['OS']), PowerShell $($Machine['PowerShell'])."
    $body = "$begin`n$($Table.TrimEnd())`n`n$measured`n"
    Set-Content -Path $Path -Value ($summary.Substring(0, $from) + $body + $summary.Substring($to)) -Encoding utf8NoBOM -NoNewline
}

Export-ModuleMember -Function *
