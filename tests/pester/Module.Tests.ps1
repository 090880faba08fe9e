# The module as PowerShell sees it: manifest, exports, output types, prompts, import cost.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../CrossTenantMigration.psd1') -Force
    $script:Commands = Get-Command -Module CrossTenantMigration | ForEach-Object { @{ Name = $_.Name } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-XtManifestPath) -Force
}

Describe 'Module surface' -Tag Module {
    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile (Get-XtManifestPath)
        (Get-Command -Module CrossTenantMigration).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $manifest.FunctionsToExport | Should -HaveCount 0
        $manifest.AliasesToExport | Should -HaveCount 0
    }

    It '<Name> declares its output type, and it is the module''s own or .NET''s, never a dependency''s' -TestCases $script:Commands {
        param($Name)
        $types = (Get-Command $Name).OutputType.Type | Where-Object { $_ -ne [void] }
        if ($Name -ne 'Disconnect-XtMigration') { $types | Should -Not -BeNullOrEmpty }
        foreach ($t in $types) {
            ($t.Namespace -eq 'CrossTenantMigration' -or $t.Assembly -eq [object].Assembly) | Should -BeTrue -Because "$t is not an SDK type"
        }
    }

    It '<Name> gives every mandatory parameter a help message for the prompt' -TestCases $script:Commands {
        param($Name)
        foreach ($parameter in (Get-Command $Name).Parameters.Values) {
            foreach ($attribute in $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }) {
                # A parameter that only the pipeline fills (a piped job) is never prompted for.
                if ($attribute.ValueFromPipeline -and -not $attribute.ValueFromPipelineByPropertyName -and $parameter.Name -eq 'InputObject') { continue }
                $attribute.HelpMessage | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) ($($attribute.ParameterSetName)) is mandatory"
            }
        }
    }

    It 'keeps Graph, Kiota and Azure types out of every cmdlet''s parameters' {
        foreach ($command in Get-Command -Module CrossTenantMigration) {
            foreach ($parameter in $command.Parameters.Values) {
                $parameter.ParameterType.Assembly.GetName().Name | Should -Not -Match '^(Microsoft\.Graph|Microsoft\.Kiota|Azure\.|Microsoft\.Identity)' -Because "$($command.Name) -$($parameter.Name)"
            }
        }
    }

    It 'loads no Graph, Kiota or Azure assembly at import' {
        $probe = "Import-Module '$(Get-XtManifestPath)'; [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -join ','"
        $loaded = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $probe
        $loaded | Should -Match 'CrossTenantMigration'
        $loaded | Should -Not -Match 'Microsoft\.Graph|Microsoft\.Kiota|Azure\.Core|Microsoft\.Identity\.Client'
    }

    It 'loads the engine and its dependencies into its own load context, not the default one' {
        # A sandbox connection and a sign-in through Azure.Identity, whose types live in Azure.Core (it fails here, after loading it).
        $probe = "Import-Module '$(Get-XtManifestPath)'; Connect-XtMigration -Sandbox -WarningAction SilentlyContinue; `$null = Get-XtMigrationJob; " +
            "try { Connect-XtMigration -EnvironmentVariable -ErrorAction Stop } catch { }; " +
            "[System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { `$c = `$_; `$c.Assemblies | ForEach-Object { '{0}|{1}' -f `$_.GetName().Name, (`$c -eq [System.Runtime.Loader.AssemblyLoadContext]::Default) } }"
        $lines = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $probe
        $inDefault = $lines | Where-Object { $_ -like '*|True' } | ForEach-Object { ($_ -split '\|')[0] }
        $inOwn = $lines | Where-Object { $_ -like '*|False' } | ForEach-Object { ($_ -split '\|')[0] }
        foreach ($name in 'CrossTenantMigration.Engine', 'CrossTenantMigration.Sandbox', 'Azure.Core', 'System.ClientModel') {
            $inOwn | Should -Contain $name
            $inDefault | Should -Not -Contain $name
        }
        @($inOwn) + @($inDefault) | Should -Not -Contain 'Microsoft.IdentityModel.JsonWebTokens' -Because 'the sandbox''s tokens are opaque: it needs no token library'
        $inDefault | Should -Contain 'CrossTenantMigration.Model' -Because 'the output types are shared with PowerShell'
    }

    It 'warms the first call in the background at import: the engine loads into its own context with no command run, and no sign-in assembly' {
        # The warm-up lists the jobs of an offline connection; the engine appearing in the module's context is its trace.
        $probe = "Import-Module '$(Get-XtManifestPath)'; `$until = [DateTime]::UtcNow.AddSeconds(20); " +
            "do { `$own = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object { `$_ -ne [System.Runtime.Loader.AssemblyLoadContext]::Default } | ForEach-Object { `$_.Assemblies.GetName().Name } } " +
            "until ((`$own -contains 'CrossTenantMigration.Engine') -or [DateTime]::UtcNow -gt `$until) " +
            "'OWN ' + (`$own -join ','); 'ALL ' + ([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -join ',')"
        $lines = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $probe
        ($lines | Where-Object { $_ -like 'OWN *' }) | Should -Match 'CrossTenantMigration\.Engine'
        ($lines | Where-Object { $_ -like 'ALL *' }) | Should -Not -Match 'CrossTenantMigration\.Sandbox|Microsoft\.Graph|Microsoft\.Kiota|Azure\.Core|Microsoft\.Identity'
    }

    It 'loads no sandbox, emulator or sign-in assembly for a token connection, and the sandbox only for -Sandbox' {
        $emulator = Start-XtEmulatorHost
        try {
            $token = (Invoke-XtEmulatorAdmin $emulator 'token' -Method POST -Body @{ scopes = @('CrossTenantContentMigration.ReadWrite.All') }).access_token
            $probe = "Import-Module '$(Get-XtManifestPath)'; Connect-XtMigration -AccessToken (ConvertTo-SecureString `$env:XT_PROBE_TOKEN -AsPlainText -Force) -Endpoint '$($emulator.Url)'; " +
                "`$null = Get-XtMigrationJob; [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -join ','"
            $env:XT_PROBE_TOKEN = $token
            $loaded = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $probe
        } finally {
            Remove-Item Env:XT_PROBE_TOKEN -ErrorAction SilentlyContinue
            Stop-XtEmulatorHost $emulator
        }
        $loaded | Should -Match 'CrossTenantMigration\.Engine' -Because 'the connection was used'
        $loaded | Should -Not -Match 'CrossTenantMigration\.(Sandbox|Emulator)'
        $loaded | Should -Not -Match 'Azure\.Core|Microsoft\.Identity' -Because 'a token needs no Azure.Identity credential'

        $probe = "Import-Module '$(Get-XtManifestPath)'; Connect-XtMigration -Sandbox -WarningAction SilentlyContinue; [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name -join ','"
        $loaded = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $probe
        $loaded | Should -Match 'CrossTenantMigration\.Sandbox'
        $loaded | Should -Not -Match 'CrossTenantMigration\.Emulator'
    }

    It 'ships no test infrastructure: no emulator assembly, and no token-service, device-code or managed-identity route in any of its assemblies' {
        $moduleDir = Join-Path (Get-XtRepoRoot) 'module'
        $own = Get-ChildItem $moduleDir -Recurse -Filter 'CrossTenantMigration*.dll'
        $own.Name | Should -Contain 'CrossTenantMigration.Sandbox.dll'
        $own.Name | Should -Not -Contain 'CrossTenantMigration.Emulator.dll'
        $own.Name | Should -Not -Contain 'CrossTenantMigration.Emulator.Host.dll'
        # String literals live in the assembly as UTF-16: search for the routes the token service answers.
        $routes = 'oauth2/v2.0/token', 'oauth2/v2.0/devicecode', 'metadata/identity', '/msi/token', 'devicecode/approve', '_emulator'
        foreach ($file in $own) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            $text = [Text.Encoding]::Unicode.GetString($bytes) + [Text.Encoding]::Unicode.GetString($bytes, 1, $bytes.Length - 1) + [Text.Encoding]::UTF8.GetString($bytes)
            foreach ($route in $routes) { $text.Contains($route) | Should -BeFalse -Because "$($file.Name) must not carry '$route'" }
        }
    }

    It 'builds an engine that references no sandbox or emulator assembly' {
        $engine = Join-Path (Get-XtRepoRoot) 'module/Dependencies/CrossTenantMigration.Engine.dll'
        $stream = [IO.File]::OpenRead($engine)
        try {
            $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader([System.Reflection.PortableExecutable.PEReader]::new($stream))
            $references = foreach ($handle in $reader.AssemblyReferences) { $reader.GetString($reader.GetAssemblyReference($handle).Name) }
        } finally { $stream.Dispose() }
        $references | Should -Contain 'Azure.Core' -Because 'Azure.Identity''s credentials live there'
        $references | Should -Contain 'System.Text.Json'
        $references | Should -Not -Match '^Microsoft\.(Graph|Kiota)' -Because 'the transport speaks the service''s JSON itself'
        $references | Should -Not -Match 'CrossTenantMigration\.(Sandbox|Emulator)'
    }
}
