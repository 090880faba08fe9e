# Meta-test of the help: every exported cmdlet has real help (synopsis, description, examples with
# code, every parameter described), and the about topic exists and lists every stable error id.
BeforeDiscovery {
    $manifest = Join-Path $PSScriptRoot '../../CrossTenantMigration.psd1'
    $module = Import-Module $manifest -PassThru -Force -WarningAction SilentlyContinue
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:Cmdlets = @(Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name | ForEach-Object {
            @{
                Name       = $_.Name
                Parameters = @($_.Parameters.Keys | Where-Object { $common -notcontains $_ } | Sort-Object)
            }
        })
    $script:ErrorIds = @([regex]::Matches(
            (Get-Content (Join-Path $PSScriptRoot '../../src/CrossTenantMigration.Model/ErrorIds.cs') -Raw),
            'public\s+const\s+string\s+(\w+)\s*=\s*"([^"]+)"') | ForEach-Object { @{ Name = $_.Groups[1].Value; Id = $_.Groups[2].Value } })
}

BeforeAll {
    $script:Module = Import-Module (Join-Path $PSScriptRoot '../../CrossTenantMigration.psd1') -PassThru -WarningAction SilentlyContinue
    $script:HelpFolder = Join-Path $script:Module.ModuleBase 'en-US'
    $script:Where = "Get-Help reads a binary module's help from <ModuleBase>/<culture>: $script:HelpFolder"
}

Describe 'Help files' -Tag Help {
    # Get-Help looks for a binary module's help only in the culture folder of the module's base (the
    # folder of the manifest that was imported), never beside the DLL.
    It 'has the cmdlet help in the en-US folder of the module base' {
        Join-Path $script:HelpFolder 'CrossTenantMigration.dll-Help.xml' | Should -Exist -Because $script:Where
    }

    It 'has about_CrossTenantMigration in the en-US folder of the module base' {
        Join-Path $script:HelpFolder 'about_CrossTenantMigration.help.txt' | Should -Exist -Because $script:Where
    }
}

Describe 'Help of <Name>' -Tag Help -ForEach $script:Cmdlets {
    BeforeAll {
        $script:Help = Get-Help -Name $Name -Full -ErrorAction Stop
        $script:Syntax = (Get-Command $Name).Definition
    }

    It 'comes from the help file, not from the cmdlet''s metadata' {
        $script:Help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo' -Because $script:Where
    }

    It 'has a synopsis that is not the generated syntax' {
        $synopsis = "$($script:Help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        $synopsis | Should -Not -Match ('^' + [regex]::Escape($Name) + '(\s+(\[|-|<)|\s*$)') -Because $script:Where
        $synopsis | Should -Not -Be $script:Syntax.Trim()
    }

    It 'has a description' {
        $text = (@($script:Help.description) | ForEach-Object { $_.Text }) -join ' '
        $text.Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples, each with code' {
        $examples = @($script:Help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            "$($example.code)".Trim() | Should -Not -BeNullOrEmpty -Because "example '$($example.title)' needs code"
        }
    }

    It 'describes -<_>' -ForEach $Parameters {
        $name = $_
        $parameter = @($script:Help.parameters.parameter) | Where-Object { $_.name -eq $name } | Select-Object -First 1
        $parameter | Should -Not -BeNullOrEmpty -Because "-$name must appear in the help's parameters"
        $text = (@($parameter.description) | ForEach-Object { $_.Text }) -join ' '
        $text.Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
    }
}

Describe 'about_CrossTenantMigration' -Tag Help {
    BeforeAll {
        $script:About = (Get-Help about_CrossTenantMigration -ErrorAction Stop | Out-String)
    }

    It 'is found by Get-Help' {
        $script:About | Should -Match 'about_CrossTenantMigration'
        $script:About | Should -Match 'SHORT DESCRIPTION'
    }

    It 'lists the error id <Id>' -ForEach $script:ErrorIds {
        $script:About | Should -Match ('\b' + [regex]::Escape($Id) + '\b')
    }

    It 'lists PowerShell''s own ParameterArgumentValidationError' {
        $script:About | Should -Match '\bParameterArgumentValidationError\b'
    }
}
