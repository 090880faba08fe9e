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
    <# Fresh user ids; -Prefix makes the emulator fail them ('bad0' at validation, 'fa11' at migration). #>
    param([int] $Count = 3, [string] $Prefix = '')
    1..$Count | ForEach-Object { $g = [guid]::NewGuid().ToString(); $Prefix + $g.Substring($Prefix.Length) }
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

Export-ModuleMember -Function *
