# Shared by the Pester suite: the emulator host over real HTTP, its admin API, and test data.
Set-StrictMode -Version 3.0

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:Configuration = if ($env:XT_TEST_CONFIGURATION) { $env:XT_TEST_CONFIGURATION } else { 'Release' }

function Get-XtRepoRoot { $script:RepoRoot }

function Get-XtManifestPath { Join-Path $script:RepoRoot 'CrossTenantMigration.psd1' }

function Start-XtEmulatorHost {
    <# Starts the emulator host on 127.0.0.1 (a free port) and returns its URL and process. #>
    param([int] $StepMilliseconds = 150, [string[]] $ExtraArguments = @())
    $hostDll = Join-Path $script:RepoRoot "src/CrossTenantMigration.Emulator.Host/bin/$script:Configuration/net10.0/CrossTenantMigration.Emulator.Host.dll"
    if (-not (Test-Path $hostDll)) { throw "The emulator host is not built: $hostDll" }
    $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($hostDll, '--port', '0', '--step-ms', "$StepMilliseconds", '--parent-pid', "$PID") + $ExtraArguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($info)
    $urls = @{}
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { break }
        if ($line -match '^(EMULATOR_URL|EMULATOR_HTTPS_URL)=(.+)$') { $urls[$Matches[1]] = $Matches[2].Trim() }
        if ($urls.ContainsKey('EMULATOR_URL') -and ($ExtraArguments -notcontains '--https-port' -or $urls.ContainsKey('EMULATOR_HTTPS_URL'))) { break }
    }
    if (-not $urls.ContainsKey('EMULATOR_URL')) {
        $err = if ($process.HasExited) { $process.StandardError.ReadToEnd() } else { '' }
        try { $process.Kill($true) } catch { }
        throw "The emulator host did not start. $err"
    }
    # Keep draining the host's output so that it never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()
    [pscustomobject]@{ Url = $urls['EMULATOR_URL']; HttpsUrl = $urls['EMULATOR_HTTPS_URL']; Process = $process }
}

function Stop-XtEmulatorHost {
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        try { $Emulator.Process.Kill($true); $null = $Emulator.Process.WaitForExit(5000) } catch { }
    }
}

function Invoke-XtEmulatorAdmin {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path, [string] $Method = 'GET', $Body)
    $params = @{ Uri = "$($Emulator.Url)/_emulator/$Path"; Method = $Method }
    if ($null -ne $Body) { $params.Body = ($Body | ConvertTo-Json -Depth 5); $params.ContentType = 'application/json' }
    Invoke-RestMethod @params
}

function Get-XtEmulatorStats { param([Parameter(Mandatory)] $Emulator) Invoke-XtEmulatorAdmin $Emulator 'stats' }

function Reset-XtEmulatorStats { param([Parameter(Mandatory)] $Emulator) $null = Invoke-XtEmulatorAdmin $Emulator 'stats/reset' -Method POST }

function Reset-XtEmulator { param([Parameter(Mandatory)] $Emulator) $null = Invoke-XtEmulatorAdmin $Emulator 'reset' -Method POST }

function Step-XtEmulatorClock {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [double] $Seconds)
    $null = Invoke-XtEmulatorAdmin $Emulator 'clock/advance' -Method POST -Body @{ seconds = $Seconds }
}

function New-XtEmulatorToken {
    <# A token from the emulator's token service, as the SecureString Connect-XtMigration takes. #>
    param([Parameter(Mandatory)] $Emulator, [string[]] $Scopes = @('CrossTenantContentMigration.ReadWrite.All'), [string[]] $Roles = @(), [int] $LifetimeSeconds = 3600)
    $issued = Invoke-XtEmulatorAdmin $Emulator 'token' -Method POST -Body @{ scopes = $Scopes; roles = $Roles; lifetimeSeconds = $LifetimeSeconds }
    ConvertTo-SecureString $issued.access_token -AsPlainText -Force
}

function Connect-XtTestEmulator {
    param([Parameter(Mandatory)] $Emulator, [string] $ApiVersion = 'v1.0', [hashtable] $Extra = @{})
    Connect-XtMigration -AccessToken (New-XtEmulatorToken $Emulator) -Endpoint $Emulator.Url -ApiVersion $ApiVersion @Extra
}

function New-XtTestUserId {
    <#
    Fresh user ids. The emulator fails an id that starts with 'bad0' at validation and one that starts with
    'fa11' at migration: -Prefix asks for such ids; without it, no id starts with either (a random GUID does
    once in 32,768, which a 10,000-user soak meets one run in four).
    #>
    param([int] $Count = 3, [string] $Prefix = '')
    1..$Count | ForEach-Object {
        do { $g = [guid]::NewGuid().ToString() } while (-not $Prefix -and ($g.StartsWith('bad0') -or $g.StartsWith('fa11')))
        $Prefix + $g.Substring($Prefix.Length)
    }
}

function New-XtTestJobName { param([string] $Prefix = 'test') "$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 10))" }

$script:SourceTenant = '12345678-1234-1234-1234-123456789012'
function Get-XtTestSourceTenant { $script:SourceTenant }

function New-XtTestJob {
    <# Creates a job with sensible defaults; any parameter of New-XtMigrationJob can be overridden. #>
    param([hashtable] $Override = @{})
    $params = @{
        DisplayName           = New-XtTestJobName
        SourceTenantId        = $script:SourceTenant
        CompleteAfterDateTime = (Get-Date).AddDays(14)
        Resource              = New-XtTestUserId 3
        Workload              = 'Exchange', 'ODSP', 'Teams'
        TargetDeliveryDomain  = 'fabrikam.onmicrosoft.com'
        SourceEndpoint        = 'EXOHandler'
        Confirm               = $false
    }
    foreach ($k in $Override.Keys) { $params[$k] = $Override[$k] }
    New-XtMigrationJob @params
}


function Start-XtHostileEmulatorHost {
    <#
    The emulator host with its hostile layer (--hostile true): also returns the capture servers' URLs, where a
    test's foreign links lead (CaptureUrl on 127.0.0.2, CaptureLoopbackUrl on 127.0.0.1 on another port).
    #>
    param([int] $StepMilliseconds = 150, [string[]] $ExtraArguments = @())
    $emulator = Start-XtEmulatorHost -StepMilliseconds $StepMilliseconds -ExtraArguments (@('--hostile', 'true') + $ExtraArguments)
    $capture = Invoke-RestMethod "$($emulator.Url)/_hostile/capture"
    $emulator | Add-Member -NotePropertyMembers @{ CaptureUrl = $capture.url; CaptureLoopbackUrl = $capture.loopbackUrl } -PassThru
}

function Set-XtHostileRule {
    <#
    Replaces the hostile layer's rules, in order (their counts start from zero). Each rule is a hashtable: method,
    path (a regular expression), skip, times, action (forward, nextLink, items, status, trickle, oversized, gone) and
    the action's settings; see the emulator's README.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Rule)
    $body = ConvertTo-Json -InputObject @($Rule) -Depth 10 -Compress
    $null = Invoke-RestMethod -Method PUT -Uri "$($Emulator.Url)/_hostile/rules" -Body $body -ContentType 'application/json'
}

function Get-XtHostileRule {
    <# The rules in force with their counts (matched, fired, bytesSent, isGone); -Name picks one. #>
    param([Parameter(Mandatory)] $Emulator, [string] $Name)
    $rules = Invoke-RestMethod "$($Emulator.Url)/_hostile/rules" | ForEach-Object { $_ } # one rule each, not the array
    if ($Name) { $rules | Where-Object { $_.PSObject.Properties['name'] -and $_.name -eq $Name } } else { $rules }
}

function Clear-XtHostileRule { param([Parameter(Mandatory)] $Emulator) $null = Invoke-RestMethod -Method DELETE "$($Emulator.Url)/_hostile/rules" }

function Get-XtHostileCapture {
    <# What the capture servers received: count, and requests (server, method, path, hadAuthorization; never a token). #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod "$($Emulator.Url)/_hostile/capture"
}

function Clear-XtHostileCapture { param([Parameter(Mandatory)] $Emulator) $null = Invoke-RestMethod -Method DELETE "$($Emulator.Url)/_hostile/capture" }

function Get-XtHostileRequestCount {
    <# The requests the host has received (total) and those whose answer has not ended (inFlight); admin calls not counted. #>
    param([Parameter(Mandatory)] $Emulator)
    Invoke-RestMethod "$($Emulator.Url)/_hostile/requests"
}

function Start-XtBackgroundCommand {
    <#
    Runs a script in another runspace of this process, with the module imported and connected to the emulator
    (Connect-XtMigration -AccessToken -Endpoint and the -Connect parameters), so that a test can bound it in
    time or stop it as Ctrl+C does (Wait-XtBackgroundCommand).
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList = @(), [hashtable] $Connect = @{})
    $shell = [powershell]::Create()
    $null = $shell.AddScript('param($Manifest, $Url, $Token, $Connect) Import-Module $Manifest; Connect-XtMigration -AccessToken $Token -Endpoint $Url @Connect').
        AddArgument((Get-XtManifestPath)).AddArgument($Emulator.Url).AddArgument((New-XtEmulatorToken $Emulator)).AddArgument($Connect).Invoke()
    if ($shell.HadErrors) { $failure = $shell.Streams.Error | Out-String; $shell.Dispose(); throw "The background runspace could not connect: $failure" }
    $shell.Commands.Clear()
    $null = $shell.AddScript($Script)
    foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
    $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
    [pscustomobject]@{
        Shell  = $shell
        Output = $output
        Async  = $shell.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        Clock  = [System.Diagnostics.Stopwatch]::StartNew()
    }
}

function Wait-XtBackgroundCommand {
    <#
    Waits up to -TimeoutSec for a background command to end, or with -Stop stops it at once; one that has not
    ended by then is stopped, as Ctrl+C does. Returns whether it ended by itself, its output, its errors (a
    terminating one included), its warnings and how long it ran; the runspace is disposed.
    #>
    param([Parameter(Mandatory)] $Command, [double] $TimeoutSec = 30, [switch] $Stop)
    $ended = -not $Stop -and $Command.Async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))
    if (-not $ended) { $Command.Shell.Stop() }
    $elapsed = $Command.Clock.Elapsed
    $terminating = $null
    try { $null = $Command.Shell.EndInvoke($Command.Async) }
    catch {
        # the terminating error, under the MethodInvocationException of EndInvoke; a stop is not an error
        $inner = $_.Exception
        while ($inner -and ($inner -is [System.Management.Automation.MethodInvocationException] -or $inner -isnot [System.Management.Automation.IContainsErrorRecord])) { $inner = $inner.InnerException }
        if ($inner -and $inner -isnot [System.Management.Automation.PipelineStoppedException]) { $terminating = $inner.ErrorRecord }
    }
    $errors = @($Command.Shell.Streams.Error | Where-Object { -not [object]::ReferenceEquals($_, $terminating) }) + @($terminating | Where-Object { $_ })
    $result = [pscustomobject]@{
        Ended    = $ended
        Elapsed  = $elapsed
        Output   = @($Command.Output)
        Errors   = $errors
        Warnings = @($Command.Shell.Streams.Warning | ForEach-Object { $_.Message })
        Stopped  = $Command.Shell.InvocationStateInfo.State -eq 'Stopped'
    }
    $Command.Shell.Dispose()
    $result
}

function Find-XtChromium {
    <#
    Headless Chromium for the report's rendering test: its path when it is on the PATH, else $null (the test is then
    skipped). Tests install nothing on the machine; .ci/run installs Debian's chromium for CI.
    #>
    foreach ($name in 'chromium', 'chromium-browser') {
        $found = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($found) { return $found.Source }
    }
    $null
}

$script:PngReader = @'
using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace XtTests
{
    /// <summary>The pixels of an 8-bit RGB or RGBA PNG, enough to tell a drawn page from a blank one.</summary>
    public sealed class PngPixels
    {
        private readonly HashSet<int> _colours = new HashSet<int>();
        public int Width { get; private set; }
        public int Height { get; private set; }
        public int DistinctColours => _colours.Count;
        public double NonWhiteFraction { get; private set; }

        /// <summary>Whether a colour such as #cf222e is drawn, within a few levels per channel.</summary>
        public bool Has(string hex)
        {
            int r = Convert.ToInt32(hex.Substring(1, 2), 16), g = Convert.ToInt32(hex.Substring(3, 2), 16), b = Convert.ToInt32(hex.Substring(5, 2), 16);
            foreach (var c in _colours)
                if (Math.Abs((c >> 16) - r) <= 3 && Math.Abs(((c >> 8) & 255) - g) <= 3 && Math.Abs((c & 255) - b) <= 3) return true;
            return false;
        }

        public static PngPixels Read(string path)
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 8 || bytes[0] != 0x89 || bytes[1] != (byte)'P') throw new InvalidDataException("Not a PNG file.");
            var png = new PngPixels();
            int depth = 0, colourType = 0;
            var data = new MemoryStream();
            for (int at = 8; at + 8 <= bytes.Length;)
            {
                int length = (bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3];
                string type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
                if (type == "IHDR")
                {
                    png.Width = (bytes[at + 8] << 24) | (bytes[at + 9] << 16) | (bytes[at + 10] << 8) | bytes[at + 11];
                    png.Height = (bytes[at + 12] << 24) | (bytes[at + 13] << 16) | (bytes[at + 14] << 8) | bytes[at + 15];
                    depth = bytes[at + 16]; colourType = bytes[at + 17];
                }
                else if (type == "IDAT") data.Write(bytes, at + 8, length);
                at += 12 + length;
            }
            if (depth != 8 || (colourType != 2 && colourType != 6)) throw new InvalidDataException($"Unsupported PNG: depth {depth}, colour type {colourType}.");
            int channels = colourType == 6 ? 4 : 3, stride = png.Width * channels;
            data.Position = 0;
            var raw = new MemoryStream();
            using (var z = new ZLibStream(data, CompressionMode.Decompress)) z.CopyTo(raw);
            var input = raw.ToArray();
            var previous = new byte[stride];
            var line = new byte[stride];
            long nonWhite = 0;
            for (int y = 0; y < png.Height; y++)
            {
                int filter = input[y * (stride + 1)];
                for (int x = 0; x < stride; x++)
                {
                    int value = input[y * (stride + 1) + 1 + x];
                    int left = x >= channels ? line[x - channels] : 0, up = previous[x], upLeft = x >= channels ? previous[x - channels] : 0;
                    switch (filter)
                    {
                        case 1: value += left; break;
                        case 2: value += up; break;
                        case 3: value += (left + up) / 2; break;
                        case 4:
                            int p = left + up - upLeft, pa = Math.Abs(p - left), pb = Math.Abs(p - up), pc = Math.Abs(p - upLeft);
                            value += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft; break;
                    }
                    line[x] = (byte)value;
                }
                for (int x = 0; x < stride; x += channels)
                {
                    int colour = (line[x] << 16) | (line[x + 1] << 8) | line[x + 2];
                    png._colours.Add(colour);
                    if (colour != 0xFFFFFF) nonWhite++;
                }
                var swap = previous; previous = line; line = swap;
            }
            png.NonWhiteFraction = (double)nonWhite / ((long)png.Width * png.Height);
            return png;
        }
    }
}
'@

function Invoke-XtChromiumScreenshot {
    <# Renders an HTML file in headless Chromium to a PNG, 1200 pixels wide, and returns its pixels. #>
    param([Parameter(Mandatory)] [string] $Chromium, [Parameter(Mandatory)] [string] $Html, [Parameter(Mandatory)] [string] $Png, [int] $Height = 1600)
    if (-not ('XtTests.PngPixels' -as [type])) { Add-Type -TypeDefinition $script:PngReader }
    $userData = Join-Path ([IO.Path]::GetTempPath()) "xt-chromium-$([guid]::NewGuid().ToString('N'))"
    try {
        $arguments = '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', "--user-data-dir=$userData",
        '--hide-scrollbars', "--window-size=1200,$Height", "--screenshot=$Png", [uri]::new((Resolve-Path $Html).ProviderPath).AbsoluteUri
        $log = & $Chromium @arguments 2>&1
        if (-not (Test-Path $Png)) { throw "Chromium wrote no screenshot (exit code $LASTEXITCODE): $($log -join "`n")" }
    } finally { Remove-Item -Recurse -Force $userData -ErrorAction SilentlyContinue }
    [XtTests.PngPixels]::Read($Png)
}

Export-ModuleMember -Function *
