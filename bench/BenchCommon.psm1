# Shared by the benchmarks in bench/: the emulator host, fresh pwsh processes, medians, and the
# figures each benchmark hands to the Bench task (which writes bench/results.md from them).
Set-StrictMode -Version 3.0

Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force -Global

$script:SourceTenant = '12345678-1234-1234-1234-123456789012'

function Get-BenchSourceTenant { $script:SourceTenant }

function New-BenchUserId {
    <# A fresh user id the emulator lets through: ids that start with bad0 fail validation, fa11 migration. #>
    do { $id = [guid]::NewGuid().ToString() } while ($id.StartsWith('bad0') -or $id.StartsWith('fa11'))
    $id
}

function Get-BenchPwsh {
    <# The command line of a fresh pwsh: as a dotnet tool, pwsh runs as 'dotnet pwsh.dll'. #>
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if (Test-Path $dll) { return @('dotnet', $dll) }
    return @((Get-Process -Id $PID).Path)
}

function Invoke-BenchPwsh {
    <#
    Runs a script file in a fresh pwsh (-NoProfile -NonInteractive) and returns its output lines and
    the wall time of the whole process as this process sees it. Environment variables in -Environment
    are set for the child only. A non-zero exit code or a line starting with 'BENCH-ERROR' throws.
    #>
    param([Parameter(Mandatory)] [string] $File, [string[]] $Arguments = @(), [hashtable] $Environment = @{})
    $exe = Get-BenchPwsh
    $info = [System.Diagnostics.ProcessStartInfo]::new($exe[0])
    foreach ($a in @($exe | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.Environment['NO_COLOR'] = '1'
    foreach ($k in $Environment.Keys) { $info.Environment[$k] = [string]$Environment[$k] }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $process = [System.Diagnostics.Process]::Start($info)
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $wall = $watch.Elapsed.TotalMilliseconds
    $lines = @($stdout -split "`r?`n" | Where-Object { $_ -ne '' })
    $failure = $lines | Where-Object { $_ -like 'BENCH-ERROR*' } | Select-Object -First 1
    if ($process.ExitCode -ne 0 -or $failure) {
        throw "$(Split-Path $File -Leaf) failed (exit code $($process.ExitCode)): $failure $($stderr.Result) $($lines -join ' | ')"
    }
    [pscustomobject]@{ Lines = $lines; WallMs = $wall; StdErr = $stderr.Result }
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
    <# The emulator host over HTTP on 127.0.0.1, and a bearer token for it (ReadWrite, 4 hours). #>
    param([int] $StepMilliseconds = 0)
    $emulator = Start-XtEmulatorHost -StepMilliseconds $StepMilliseconds
    $issued = Invoke-XtEmulatorAdmin $emulator 'token' -Method POST -Body @{ scopes = @('CrossTenantContentMigration.ReadWrite.All'); lifetimeSeconds = 14400 }
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
                resourceType = 'Users'; resources = @(New-BenchUserId); workloads = @('Teams')
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
    for ($i = 0; $i -lt $Count; $i++) { $lines.Add('"' + (New-BenchUserId) + '"') }
    [IO.File]::WriteAllLines($Path, $lines)
    $Path
}

function Get-BenchMachine {
    <# The machine, for results.md: cores, CPU, memory, OS, .NET, PowerShell, date. #>
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
    $sdk = try { (& dotnet --version 2>$null) } catch { 'unknown' }
    [ordered]@{
        'nproc'      = if ($nproc) { "$nproc" } else { "$([Environment]::ProcessorCount)" }
        'CPU'        = $cpu
        'Memory'     = $memory
        'OS'         = "$os ($kernel)"
        '.NET'       = "$([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription) (SDK $sdk)"
        'PowerShell' = "$($PSVersionTable.PSVersion)"
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
    <# bench/results.md from the benchmarks' JSON results, in the order given. #>
    param([Parameter(Mandatory)] [string[]] $ResultFiles, [Parameter(Mandatory)] [string] $Path, [string] $Notes = '',
        [string] $Command = 'dotnet tool restore && dotnet pwsh ./build.ps1 -Task Bench')
    $results = @($ResultFiles | Where-Object { Test-Path $_ } | ForEach-Object { Get-Content $_ -Raw | ConvertFrom-Json })
    $figures = @($results | ForEach-Object { $_.Figures })
    $machine = Get-BenchMachine
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
    $figures
}

Export-ModuleMember -Function *
