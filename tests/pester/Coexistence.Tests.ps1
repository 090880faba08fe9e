# The module in the same session as older copies of its dependencies and of the Graph SDK's (Microsoft.Graph 2.x,
# Az.Accounts, ExchangeOnlineManagement load such), in either order; each scenario in a fresh pwsh.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-XtEmulatorHost -StepMilliseconds 150
    $script:Packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    function Invoke-Scenario([string] $Order) {
        $issued = Invoke-XtEmulatorAdmin $script:Emulator 'token' -Method POST -Body @{ scopes = @('CrossTenantContentMigration.ReadWrite.All') }
        $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'coexistence/Scenario.ps1'),
            '-Order', $Order, '-Manifest', (Get-XtManifestPath), '-PackagesPath', $script:Packages, '-Url', $script:Emulator.Url, '-Token', $issued.access_token)
        $output = & dotnet (Join-Path $PSHOME 'pwsh.dll') @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Last = ($output | Select-Object -Last 1); All = ($output -join "`n") }
    }
}

AfterAll { Stop-XtEmulatorHost $script:Emulator }

Describe 'Coexistence with older copies of the dependencies' -Tag Coexistence {
    It 'works when Graph.Core 3.2.4, Kiota 1.x, Azure.Core 1.36 and MSAL 4.55 were loaded and used first' {
        $result = Invoke-Scenario 'OlderFirst'
        $result.All | Should -Match 'loaded: .*Microsoft.Kiota.Abstractions 1\.'
        $result.Last | Should -Be 'OK' -Because $result.All
    }

    It 'keeps working when those are loaded and used after the module, then the module is used again' {
        $result = Invoke-Scenario 'ModuleFirst'
        $result.Last | Should -Be 'OK' -Because $result.All
    }

    It 'is needed: its Azure.Identity loaded the default way after them fails as users report' {
        $result = Invoke-Scenario 'DefaultLoadingControl'
        $result.Last | Should -Match "^FAIL: Could not load file or assembly '[^']*Azure\.Core\b" -Because $result.All
    }
}
