# The module as it ships: the Gallery package and the Azure Automation zip that ./build.ps1 -Task Package
# writes (the Test task packages first), installed and imported as a user would.
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $version = (Import-PowerShellDataFile (Join-Path $root 'CrossTenantMigration.psd1')).ModuleVersion
    $script:Artifacts = @(
        @{ Name = 'the Gallery package'; Path = Join-Path $root "out/CrossTenantMigration.$version.nupkg"; Prefix = '' }
        @{ Name = 'the Automation zip'; Path = Join-Path $root 'out/CrossTenantMigration.zip'; Prefix = 'CrossTenantMigration/' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $script:Root = Get-XtRepoRoot
    $script:Version = (Import-PowerShellDataFile (Get-XtManifestPath)).ModuleVersion
    $script:Pwsh = Join-Path $PSHOME 'pwsh.dll'

    function Get-Entries([string] $Path) {
        $zip = [IO.Compression.ZipFile]::OpenRead($Path)
        try { $zip.Entries | ForEach-Object { $_.FullName } } finally { $zip.Dispose() }
    }

    # The whole lifecycle in the sandbox, in a fresh pwsh, from the module at $ModulePath.
    function Invoke-SandboxLifecycle([string] $ModulePath) {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
`$m = Get-Module CrossTenantMigration
Connect-XtMigration -Sandbox -WarningAction SilentlyContinue
`$job = 1..3 | ForEach-Object { [guid]::NewGuid().ToString() } | New-XtMigrationJob -DisplayName shipped -SourceTenantId 12345678-1234-1234-1234-123456789012 ``
    -CompleteAfterDateTime (Get-Date).AddDays(1) -Workload Teams, ODSP -Confirm:`$false
`$null = `$job | Test-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 -Confirm:`$false
`$null = `$job | Set-XtMigrationJob -CompleteAfterDateTime (Get-Date) -Confirm:`$false -WarningAction SilentlyContinue
`$done = `$job | Start-XtMigrationJob -Wait -PollIntervalSec 0.2 -TimeoutSec 60 -Confirm:`$false
"`$(`$m.ModuleBase)|`$(`$m.Version)|`$(`$done.Status)"
"@
        $output = & dotnet $script:Pwsh -NoProfile -NonInteractive -Command $script 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Last = "$($output | Select-Object -Last 1)"; Output = ($output -join "`n") }
    }
}

Describe 'What ships' -Tag Package {
    It '<Name> holds the module and nothing of the tests' -TestCases $script:Artifacts {
        param($Name, $Path, $Prefix)
        $Path | Should -Exist
        $entries = Get-Entries $Path
        foreach ($file in 'CrossTenantMigration.psd1', 'CrossTenantMigration.dll', 'CrossTenantMigration.Model.dll', 'CrossTenantMigration.Protocol.dll',
            'CrossTenantMigration.format.ps1xml', 'en-US/CrossTenantMigration.dll-Help.xml', 'en-US/about_CrossTenantMigration.help.txt',
            'LICENSE', 'CHANGELOG.md', 'Examples/Invoke-MigrationWave.ps1', 'Examples/Wave.Tests.ps1', 'Dependencies/CrossTenantMigration.Engine.dll', 'Dependencies/System.Text.Json.dll', 'Dependencies/Azure.Identity.dll') {
            $entries | Should -Contain ($Prefix + $file)
        }
        # The example Pester suite for the runbook ships on purpose; nothing of the module's own tests does.
        $entries | Where-Object { $_ -notlike '*Examples/Wave.Tests.ps1' -and $_ -match 'Emulator|Tests|xunit|Microsoft\.AspNetCore|Microsoft\.NET\.Test|testhost|\.pdb$' } | Should -BeNullOrEmpty
        $entries | Where-Object { $_ -like '*Dependencies/CrossTenantMigration.Sandbox.dll' } | Should -Not -BeNullOrEmpty
        # The product only: no document of how the module is developed, tested or measured.
        $entries | Where-Object { $_ -match '(^|/)(README\.md|docs/|bench/|DESIGN\.md)' } | Should -BeNullOrEmpty
    }

    It 'the Automation zip is named as the module and holds a folder of that name, within Automation''s limits' {
        $zip = Join-Path $script:Root 'out/CrossTenantMigration.zip'
        $entries = Get-Entries $zip
        $entries | ForEach-Object { $_ | Should -BeLike 'CrossTenantMigration/*' }
        ($entries | Measure-Object -Maximum Length).Maximum | Should -BeLessThan 140 -Because 'Automation refuses paths of 140 characters or more'
        (Get-Item $zip).Length | Should -BeLessThan 100MB
    }

    It 'both manifests pass Test-ModuleManifest, and the shipped one is the root one with its paths beside it' {
        $shipped = Join-Path $script:Root 'out/CrossTenantMigration/CrossTenantMigration.psd1'
        $rootInfo = Test-ModuleManifest (Get-XtManifestPath) -ErrorAction Stop
        $info = Test-ModuleManifest $shipped -ErrorAction Stop
        $info.Version | Should -Be $rootInfo.Version
        $info.RootModule | Should -Be 'CrossTenantMigration.dll'
        $info.ExportedCmdlets.Keys | Sort-Object | Should -Be ($rootInfo.ExportedCmdlets.Keys | Sort-Object)
        $data = Import-PowerShellDataFile $shipped
        $data.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $data.PowerShellVersion | Should -Be '5.1'
        $data.FunctionsToExport | Should -HaveCount 0
        $data.AliasesToExport | Should -HaveCount 0
        $data.FormatsToProcess | Should -Be 'CrossTenantMigration.format.ps1xml'
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') { $data.PrivateData.PSData.Tags | Should -Contain $tag }
        $data.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $changelog = Get-Content (Join-Path $script:Root 'CHANGELOG.md') -Raw
        $changelog | Should -Match "(?m)^## $([regex]::Escape($script:Version))\s*$"
        $data.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
        $changelog | Should -Match ([regex]::Escape(($data.PrivateData.PSData.ReleaseNotes -split "`n")[0].Trim()))
    }

    It 'every shipped assembly targets netstandard2.0 or .NET Framework 4.7.2 or lower: nothing needs .NET 6+' {
        $dlls = Get-ChildItem (Join-Path $script:Root 'out/CrossTenantMigration') -Recurse -Filter '*.dll'
        $dlls | Should -Not -BeNullOrEmpty
        foreach ($dll in $dlls) {
            $stream = [IO.File]::OpenRead($dll.FullName)
            try {
                $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader([System.Reflection.PortableExecutable.PEReader]::new($stream))
                $framework = $null
                foreach ($handle in $reader.GetAssemblyDefinition().GetCustomAttributes()) {
                    $attribute = $reader.GetCustomAttribute($handle)
                    $type = $reader.GetTypeReference($attribute.Constructor.Parent -as [System.Reflection.Metadata.TypeReferenceHandle])
                    if ($reader.GetString($type.Name) -eq 'TargetFrameworkAttribute') {
                        $blob = $reader.GetBlobReader($attribute.Value); $null = $blob.ReadUInt16(); $framework = $blob.ReadSerializedString()
                    }
                }
                $references = foreach ($r in $reader.AssemblyReferences) { $reader.GetString($reader.GetAssemblyReference($r).Name) }
            } catch [System.InvalidCastException] {
                $framework = $null
            } finally { $stream.Dispose() }
            $references | Should -Not -Contain 'System.Runtime' -Because "$($dll.Name) must not need .NET (Core)"
            if ($framework) {
                $framework | Should -Match '^\.NET(Standard,Version=v2\.0|Framework,Version=v4\.([0-6](\.\d)?|7(\.[0-2])?))$' -Because $dll.Name
            }
        }
    }
}

Describe 'Installed as a user installs it' -Tag Package {
    It 'installs from a local repository with Save-PSResource and runs the sandbox lifecycle to completed' {
        $repository = "xt-local-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $target = Join-Path ([IO.Path]::GetTempPath()) $repository
        New-Item -ItemType Directory $target | Out-Null
        # PSResourceGet keeps its repositories in the user's data folder: a child pwsh with its own data folder
        # registers and saves there, so that the user's settings never change.
        $data = New-Item -ItemType Directory (Join-Path $target 'data') # .NET ignores a data folder that does not exist
        $save = "`$ErrorActionPreference = 'Stop'; Register-PSResourceRepository -Name $repository -Uri '$(Join-Path $script:Root 'out')' -Trusted; " +
            "Save-PSResource -Name CrossTenantMigration -Repository $repository -Path '$target' -TrustRepository"
        $info = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
        foreach ($a in @($script:Pwsh, '-NoProfile', '-NonInteractive', '-Command', $save)) { $info.ArgumentList.Add($a) }
        $info.Environment['XDG_DATA_HOME'] = $data.FullName
        $info.Environment['LOCALAPPDATA'] = $data.FullName
        $info.RedirectStandardOutput = $true; $info.RedirectStandardError = $true
        try {
            $process = [System.Diagnostics.Process]::Start($info)
            $said = $process.StandardOutput.ReadToEndAsync(); $failed = $process.StandardError.ReadToEnd()
            $process.WaitForExit()
            $process.ExitCode | Should -Be 0 -Because "$($said.Result)$failed"
            Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue | Should -BeNullOrEmpty -Because 'the user''s own repositories are untouched'
            Join-Path $data 'PSResourceGet/PSResourceRepository.xml' | Should -Exist -Because 'the child registered its repository in its own data folder'
            $installed = Join-Path $target "CrossTenantMigration/$script:Version/CrossTenantMigration.psd1"
            $installed | Should -Exist
            $r = Invoke-SandboxLifecycle $installed
            $r.ExitCode | Should -Be 0 -Because $r.Output
            $base, $version, $status = $r.Last -split '\|'
            $base | Should -Be (Split-Path $installed)
            $version | Should -Be $script:Version
            $status | Should -Be 'completed'
        } finally {
            Remove-Item $target -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    It 'imports from the extracted Automation zip and runs the sandbox lifecycle to completed' {
        $target = Join-Path ([IO.Path]::GetTempPath()) "xt-zip-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        [IO.Compression.ZipFile]::ExtractToDirectory((Join-Path $script:Root 'out/CrossTenantMigration.zip'), $target)
        try {
            $r = Invoke-SandboxLifecycle (Join-Path $target 'CrossTenantMigration')
            $r.ExitCode | Should -Be 0 -Because $r.Output
            ($r.Last -split '\|')[2] | Should -Be 'completed'
        } finally {
            Remove-Item $target -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}
