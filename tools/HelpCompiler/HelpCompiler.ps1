#Requires -Version 7.2
<#
.SYNOPSIS
    Compiles docs/help/<Cmdlet-Name>.md into the MAML file Get-Help reads for the module's cmdlets.

.DESCRIPTION
    The syntax facts (parameter sets, types, mandatory, position, pipeline input, aliases,
    wildcards, accepted values, defaults, ConfirmImpact, output types) come from the built module
    itself: a child pwsh imports the manifest and reports Get-Command metadata as JSON. A module
    DLL cannot be unloaded, so it is never imported into the calling (build) process. The prose
    (synopsis, description, examples, parameter descriptions, inputs, outputs, notes, links) comes
    from the markdown.

    The build fails (this script throws, listing every problem) when:
      - an exported cmdlet has no markdown file;
      - a file's H1 is not the cmdlet's name, or it has an unknown ## section;
      - the synopsis or the description is empty;
      - a cmdlet has fewer than two examples, or an example has no code block, or its code does
        not parse as PowerShell;
      - a parameter (any but the common parameters) has no description;
      - platyPS placeholders ({{ ... }}) are left in a file.
    It warns, without failing, about a markdown file for a cmdlet the module does not export and
    about a documented parameter the cmdlet does not have (docs written ahead of the code).

    MARKDOWN FORMAT (close to platyPS; one file per cmdlet, named <Cmdlet-Name>.md)

      ---                                  optional front matter, ignored
      # Verb-Noun                          H1: the cmdlet's name
      ## SYNOPSIS                          one paragraph
      ## SYNTAX                            optional, ignored: syntax comes from the cmdlet
      ## DESCRIPTION                       paragraphs
      ## EXAMPLES
      ### Example 1: Title                 one ### per example, at least two
      ```powershell                        the first fenced block is the example's code
      ...
      ```
      Explanation paragraphs.              everything else (text, further code blocks) is remarks
      ## PARAMETERS
      ### -Name                            one ### per parameter, with a description
      Description paragraphs.
      ```yaml                              optional; only "Default value: x" is used (it
      Default value: v1.0                  overrides the default read from the cmdlet)
      ```
      ### CommonParameters                 optional, ignored (Get-Help adds its own text)
      ## INPUTS
      ### Type.Name                        one ### per type, then a description ("### None" too)
      ## OUTPUTS
      ### Type.Name
      ## NOTES                             paragraphs
      ## RELATED LINKS
      - [Text](https://address)            a link; [Text](Other-Cmdlet.md) or plain text gives
      - [Get-XtMigrationJob](Get-XtMigrationJob.md)   a link by name only

    Paragraphs are separated by blank lines; lines of one paragraph are joined. A line starting with
    "- ", "* " or "1. " starts a paragraph of its own (lists), and an indented (4 spaces) or fenced
    block inside prose is kept line for line. Inline [text](address) becomes "text (address)".

    -WhatIf and -Confirm get a standard description (stating the cmdlet's ConfirmImpact) unless the
    markdown gives one.

.PARAMETER MarkdownPath
    The folder of <Cmdlet-Name>.md files (docs/help).

.PARAMETER OutputPath
    Where to write the MAML, e.g. module/en-US/CrossTenantMigration.dll-Help.xml. Several paths may
    be given; the same file is written to each (PowerShell looks for a binary module's help in the
    culture folder of the module's base, the folder of the manifest it was imported by).

.PARAMETER ManifestPath
    The module manifest the child pwsh imports. Default: the repository's CrossTenantMigration.psd1.

.EXAMPLE
    ./tools/HelpCompiler/HelpCompiler.ps1 -MarkdownPath docs/help -OutputPath module/en-US/CrossTenantMigration.dll-Help.xml

.EXAMPLE
    ./tools/HelpCompiler/HelpCompiler.ps1 -MarkdownPath docs/help -OutputPath module/en-US/CrossTenantMigration.dll-Help.xml, en-US/CrossTenantMigration.dll-Help.xml
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $MarkdownPath,
    [Parameter(Mandatory)] [string[]] $OutputPath,
    [string] $ManifestPath = (Join-Path $PSScriptRoot '../../CrossTenantMigration.psd1')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$clock = [Diagnostics.Stopwatch]::StartNew()
$MarkdownPath = (Resolve-Path $MarkdownPath).Path
$ManifestPath = (Resolve-Path $ManifestPath).Path

# ---------------------------------------------------------------------------------------------------
# 1. The cmdlets' metadata, from a child pwsh.
# ---------------------------------------------------------------------------------------------------

function Get-ChildPwshCommand {
    # Under 'dotnet pwsh' (a local tool) this process is dotnet running pwsh.dll.
    $process = [Environment]::ProcessPath
    $leaf = [IO.Path]::GetFileNameWithoutExtension($process)
    if ($leaf -eq 'pwsh') { return , @($process) }
    $entry = [Reflection.Assembly]::GetEntryAssembly().Location
    if ($leaf -eq 'dotnet' -and $entry -and $entry.EndsWith('pwsh.dll', [StringComparison]::OrdinalIgnoreCase)) { return , @($process, $entry) }
    foreach ($candidate in (Join-Path $PSHOME 'pwsh'), (Join-Path $PSHOME 'pwsh.exe')) {
        if (Test-Path $candidate -PathType Leaf) { return , @($candidate) }
    }
    return , @('pwsh')
}

$metadataScript = @'
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$module = Import-Module -Name $env:XT_HELP_MANIFEST -PassThru -WarningAction SilentlyContinue
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
$inv = [Globalization.CultureInfo]::InvariantCulture

function Format-Default($value) {
    if ($null -eq $value) { return $null }
    if ($value -is [System.Management.Automation.SwitchParameter]) { return $value.IsPresent.ToString() }
    if ($value -is [string]) { if ($value -eq '') { return $null } return $value }
    if ($value -is [Array]) { if ($value.Count -eq 0) { return $null } return ($value | ForEach-Object { [Convert]::ToString($_, $inv) }) -join ', ' }
    if ($value -is [DateTimeOffset] -or $value -is [DateTime]) { if ($value -eq $value.GetType()::MinValue) { return $null } }
    if ($value -is [System.Security.SecureString]) { return $null }
    return [Convert]::ToString($value, $inv)
}

function Get-TypeInfo([type] $type) {
    $inner = [Nullable]::GetUnderlyingType($type)
    if ($inner) { $type = $inner }
    $element = if ($type.IsArray) { $type.GetElementType() } else { $type }
    [ordered]@{ FullName = $type.FullName; Name = $type.Name; IsSwitch = ($type -eq [System.Management.Automation.SwitchParameter]); IsArray = $type.IsArray; ElementName = $element.Name }
}

$commands = foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $type = $command.ImplementingType
    $cmdletAttribute = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true) | Select-Object -First 1
    $instance = $null
    try { $instance = [Activator]::CreateInstance($type) } catch { }

    $parameters = [ordered]@{}
    foreach ($p in $command.Parameters.Values) {
        if ($common -contains $p.Name) { continue }
        $default = $null
        $property = $type.GetProperty($p.Name)
        if ($instance -and $property) { try { $default = Format-Default ($property.GetValue($instance)) } catch { } }
        $set = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        $range = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] } | Select-Object -First 1
        $parameters[$p.Name] = [ordered]@{
            Name          = $p.Name
            Type          = Get-TypeInfo $p.ParameterType
            Aliases       = @($p.Aliases)
            Globbing      = [bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            ValidValues   = @(if ($set) { $set.ValidValues })
            Range         = if ($range -and $null -ne $range.MinRange) { [ordered]@{ Min = [Convert]::ToString($range.MinRange, $inv); Max = [Convert]::ToString($range.MaxRange, $inv) } } else { $null }
            Default       = $default
            IsDynamic     = $p.IsDynamic
        }
    }
    if ($instance -is [IDisposable]) { $instance.Dispose() }

    $sets = foreach ($set in $command.ParameterSets) {
        [ordered]@{
            Name       = $set.Name
            IsDefault  = $set.IsDefault
            Parameters = @(foreach ($p in $set.Parameters) {
                if ($common -contains $p.Name) { continue }
                [ordered]@{
                    Name              = $p.Name
                    Mandatory         = $p.IsMandatory
                    Position          = $p.Position
                    ByValue           = $p.ValueFromPipeline
                    ByPropertyName    = $p.ValueFromPipelineByPropertyName
                    RemainingArgs     = $p.ValueFromRemainingArguments
                }
            })
        }
    }

    [ordered]@{
        Name                  = $command.Name
        Verb                  = $command.Verb
        Noun                  = $command.Noun
        DefaultParameterSet   = $command.DefaultParameterSet
        SupportsShouldProcess = [bool]$cmdletAttribute.SupportsShouldProcess
        ConfirmImpact         = [string]$cmdletAttribute.ConfirmImpact
        HelpUri               = $cmdletAttribute.HelpUri
        OutputTypes           = @($command.OutputType | ForEach-Object { $_.Name })
        Parameters            = $parameters
        ParameterSets         = @($sets)
    }
}

[ordered]@{ ModuleName = $module.Name; Commands = @($commands) } | ConvertTo-Json -Depth 10 -Compress |
    Set-Content -LiteralPath $env:XT_HELP_METADATA -Encoding utf8NoBOM
'@

function Get-CmdletMetadata([string] $manifest) {
    $json = [IO.Path]::Combine([IO.Path]::GetTempPath(), "xt-help-metadata-$([guid]::NewGuid().ToString('N')).json")
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($metadataScript))
    $pwsh = Get-ChildPwshCommand
    $exe = $pwsh[0]
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-NoLogo', '-EncodedCommand', $encoded)
    $savedManifest = $env:XT_HELP_MANIFEST; $savedMetadata = $env:XT_HELP_METADATA
    $env:XT_HELP_MANIFEST = $manifest; $env:XT_HELP_METADATA = $json
    try {
        $output = & $exe @arguments 2>&1
        $exit = $LASTEXITCODE
        if ($exit -ne 0 -or -not (Test-Path $json)) {
            throw "Reading the cmdlets of $manifest in a child pwsh failed (exit code $exit). Is the module built?`n$($output -join [Environment]::NewLine)"
        }
        return Get-Content -LiteralPath $json -Raw | ConvertFrom-Json -AsHashtable
    } finally {
        $env:XT_HELP_MANIFEST = $savedManifest; $env:XT_HELP_METADATA = $savedMetadata
        Remove-Item -LiteralPath $json -ErrorAction Ignore
    }
}

# ---------------------------------------------------------------------------------------------------
# 2. The markdown.
# ---------------------------------------------------------------------------------------------------

$knownSections = 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'

function ConvertFrom-Inline([string] $text) {
    # [text](address) -> "text (address)"; a link to another help page or an empty address -> "text".
    $text = [regex]::Replace($text, '\[([^\]]+)\]\(([^)]*)\)', {
            param($m)
            $address = $m.Groups[2].Value.Trim()
            if ($address -eq '' -or $address -match '\.md$' -or $address -notmatch '^[a-z]+://') { $m.Groups[1].Value }
            else { "$($m.Groups[1].Value) ($address)" }
        })
    return $text
}

function ConvertTo-Paragraphs([string[]] $lines) {
    # Blank lines separate paragraphs; list items stand alone; indented or fenced blocks keep their lines.
    $paragraphs = [Collections.Generic.List[string]]::new()
    $current = [Collections.Generic.List[string]]::new()
    $block = $null
    $fenced = $false
    $flush = {
        if ($current.Count -gt 0) { $paragraphs.Add((ConvertFrom-Inline (($current | ForEach-Object { $_.Trim() }) -join ' '))); $current.Clear() }
    }
    foreach ($line in $lines) {
        if ($fenced) {
            if ($line -match '^\s*```\s*$') { $paragraphs.Add(($block -join "`n")); $block = $null; $fenced = $false }
            else { $block.Add($line) }
            continue
        }
        if ($line -match '^\s*```') { & $flush; $block = [Collections.Generic.List[string]]::new(); $fenced = $true; continue }
        if ($line -match '^( {4}|\t)' -and $current.Count -eq 0) {
            if ($null -eq $block) { $block = [Collections.Generic.List[string]]::new() }
            $block.Add($line.Substring(4).TrimEnd()); continue
        }
        if ($null -ne $block) { $paragraphs.Add(($block -join "`n").TrimEnd()); $block = $null }
        if ($line.Trim() -eq '') { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $current.Add($line)
    }
    & $flush
    if ($null -ne $block -and $block.Count -gt 0) { $paragraphs.Add(($block -join "`n").TrimEnd()) }
    return $paragraphs.ToArray()
}

function Split-Headings([string[]] $lines, [string] $marker) {
    # Returns an ordered list of @{ Title; Lines } for each heading of that level, plus the lines before the first.
    $parts = [Collections.Generic.List[object]]::new()
    $part = @{ Title = $null; Lines = [Collections.Generic.List[string]]::new() }
    $fenced = $false
    foreach ($line in $lines) {
        if ($line -match '^\s*```') { $fenced = -not $fenced }
        if (-not $fenced -and $line -match "^$marker\s+(.+?)\s*#*\s*$") {
            $parts.Add($part)
            $part = @{ Title = $Matches[1]; Lines = [Collections.Generic.List[string]]::new() }
            continue
        }
        $part.Lines.Add($line)
    }
    $parts.Add($part)
    return , $parts.ToArray()
}

function Get-DisplayPath([string] $path) {
    # Relative to the current folder when inside it (docs/help/X.md from the repository root).
    $relative = [IO.Path]::GetRelativePath((Get-Location).Path, $path)
    if ($relative.StartsWith('..')) { return $path }
    return $relative.Replace('\', '/')
}

function Read-HelpMarkdown([string] $path, [Collections.Generic.List[string]] $problems) {
    $name = [IO.Path]::GetFileNameWithoutExtension($path)
    $lines = [IO.File]::ReadAllLines($path)
    $where = Get-DisplayPath $path
    if (($lines -join "`n") -match '\{\{.*\}\}') { $problems.Add("${where}: platyPS placeholders ({{ ... }}) are left in the file.") }

    # front matter
    $start = 0
    if ($lines.Count -gt 0 -and $lines[0].Trim() -eq '---') {
        for ($i = 1; $i -lt $lines.Count; $i++) { if ($lines[$i].Trim() -eq '---') { $start = $i + 1; break } }
    }
    $body = if ($start -lt $lines.Count) { $lines[$start..($lines.Count - 1)] } else { @() }

    $doc = @{
        Name = $name; Path = $where; Synopsis = @(); Description = @(); Examples = @(); Parameters = [ordered]@{}
        Inputs = @(); Outputs = @(); Notes = @(); Links = @()
    }
    $title = ($body | Where-Object { $_ -match '^#\s+\S' } | Select-Object -First 1)
    if (-not $title) { $problems.Add("${where}: no H1 (# $name)."); return $doc }
    $h1 = ($title -replace '^#\s+', '').Trim()
    if ($h1 -ne $name) { $problems.Add("${where}: the H1 is '$h1'; it must be the cmdlet's name, '$name'.") }

    foreach ($section in (Split-Headings $body '##')) {
        if ($null -eq $section.Title) { continue }
        $key = $section.Title.Trim().ToUpperInvariant()
        if ($knownSections -notcontains $key) { $problems.Add("${where}: unknown section '## $($section.Title)' (known: $($knownSections -join ', '))."); continue }
        switch ($key) {
            'SYNOPSIS' { $doc.Synopsis = @(ConvertTo-Paragraphs $section.Lines) }
            'DESCRIPTION' { $doc.Description = @(ConvertTo-Paragraphs $section.Lines) }
            'NOTES' { $doc.Notes = @(ConvertTo-Paragraphs $section.Lines) }
            'EXAMPLES' {
                $doc.Examples = @(foreach ($example in (Split-Headings $section.Lines '###')) {
                        if ($null -eq $example.Title) { continue }
                        $code = $null
                        $remarks = [Collections.Generic.List[string]]::new()
                        $buffer = [Collections.Generic.List[string]]::new()
                        $inCode = $false; $codeLines = $null
                        foreach ($line in $example.Lines) {
                            if (-not $inCode -and $null -eq $code -and $line -match '^\s*```') { $inCode = $true; $codeLines = [Collections.Generic.List[string]]::new(); continue }
                            if ($inCode) {
                                if ($line -match '^\s*```\s*$') { $inCode = $false; $code = ($codeLines -join "`n").TrimEnd(); continue }
                                $codeLines.Add($line); continue
                            }
                            $buffer.Add($line)
                        }
                        if ($inCode) { $problems.Add("${where}: example '$($example.Title)' has an unclosed code block.") }
                        foreach ($p in @(ConvertTo-Paragraphs $buffer)) { $remarks.Add($p) }
                        if ([string]::IsNullOrWhiteSpace($code)) { $problems.Add("${where}: example '$($example.Title)' has no code block.") }
                        else {
                            $parseErrors = $null
                            $null = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$parseErrors)
                            foreach ($e in @($parseErrors)) { $problems.Add("${where}: example '$($example.Title)' is not valid PowerShell: $($e.Message) (line $($e.Extent.StartLineNumber) of the example).") }
                        }
                        @{ Title = $example.Title.Trim(); Code = $code; Remarks = $remarks.ToArray() }
                    })
            }
            'PARAMETERS' {
                foreach ($parameter in (Split-Headings $section.Lines '###')) {
                    if ($null -eq $parameter.Title) { continue }
                    $pname = $parameter.Title.Trim()
                    if ($pname -eq 'CommonParameters') { continue }
                    if ($pname -notmatch '^-\w+$') { $problems.Add("${where}: parameter heading '### $pname' must be '### -Name'."); continue }
                    $pname = $pname.Substring(1)
                    # an optional ```yaml block: only "Default value:" is taken
                    $textLines = [Collections.Generic.List[string]]::new()
                    $default = $null; $inYaml = $false
                    foreach ($line in $parameter.Lines) {
                        if (-not $inYaml -and $line -match '^\s*```ya?ml\s*$') { $inYaml = $true; continue }
                        if ($inYaml) {
                            if ($line -match '^\s*```\s*$') { $inYaml = $false }
                            elseif ($line -match '^\s*Default value:\s*(.*)$') { $default = $Matches[1].Trim() }
                            continue
                        }
                        $textLines.Add($line)
                    }
                    if ($doc.Parameters.Contains($pname)) { $problems.Add("${where}: parameter -$pname is described twice.") }
                    $doc.Parameters[$pname] = @{ Description = @(ConvertTo-Paragraphs $textLines); Default = $default }
                }
            }
            { $_ -in 'INPUTS', 'OUTPUTS' } {
                $items = @(foreach ($item in (Split-Headings $section.Lines '###')) {
                        if ($null -eq $item.Title) {
                            if (@(ConvertTo-Paragraphs $item.Lines).Count -gt 0) { $problems.Add("${where}: text under ## $key must follow a '### Type.Name' heading.") }
                            continue
                        }
                        @{ Type = $item.Title.Trim(); Description = @(ConvertTo-Paragraphs $item.Lines) }
                    })
                if ($key -eq 'INPUTS') { $doc.Inputs = $items } else { $doc.Outputs = $items }
            }
            'RELATED LINKS' {
                $doc.Links = @(foreach ($line in $section.Lines) {
                        $text = $line.Trim() -replace '^[-*]\s+', ''
                        if ($text -eq '') { continue }
                        if ($text -match '^\[([^\]]+)\]\(([^)]*)\)') {
                            $linkText = $Matches[1].Trim(); $address = $Matches[2].Trim()
                            if ($address -notmatch '^[a-z]+://') { $address = '' }
                            @{ Text = $linkText; Uri = $address }
                        } else { @{ Text = $text; Uri = '' } }
                    })
            }
        }
    }
    return $doc
}

# ---------------------------------------------------------------------------------------------------
# 3. Merging and checking.
# ---------------------------------------------------------------------------------------------------

function Get-ShouldProcessText([hashtable] $command, [string] $name) {
    $impact = $command.ConfirmImpact
    if ($name -eq 'WhatIf') {
        return @('Shows what the cmdlet would do without doing it: nothing is sent to the service that changes anything. The job is still looked up, so the preview names it.')
    }
    $prompts = switch ($impact) {
        'High' { "This cmdlet's ConfirmImpact is High, so it asks for confirmation by default (when `$ConfirmPreference is High, its default). In a script or runbook, add -Confirm:`$false." }
        'Medium' { "This cmdlet's ConfirmImpact is Medium: it asks only when `$ConfirmPreference is Medium or Low (the default, High, does not ask)." }
        default { "This cmdlet's ConfirmImpact is $impact." }
    }
    return @("Asks for confirmation before each change is sent. $prompts")
}

function Get-PipelineText([bool] $byValue, [bool] $byName) {
    if ($byValue -and $byName) { return 'True (ByPropertyName, ByValue)' }
    if ($byValue) { return 'True (ByValue)' }
    if ($byName) { return 'True (ByPropertyName)' }
    return 'False'
}

function Get-PositionText($position) {
    if ($null -eq $position -or [int]$position -lt 0) { return 'named' }
    return [string][int]$position
}

# ---------------------------------------------------------------------------------------------------
# 4. The MAML.
# ---------------------------------------------------------------------------------------------------

$ns = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

function Write-Element([Xml.XmlWriter] $w, [string] $prefix, [string] $name, [string] $text) {
    $w.WriteStartElement($prefix, $name, $ns[$prefix]); if ($null -ne $text) { $w.WriteString($text) }; $w.WriteEndElement()
}

function Write-Paras([Xml.XmlWriter] $w, [string[]] $paragraphs) {
    foreach ($p in $paragraphs) { Write-Element $w 'maml' 'para' $p }
}

function Write-Description([Xml.XmlWriter] $w, [string[]] $paragraphs) {
    $w.WriteStartElement('maml', 'description', $ns.maml)
    Write-Paras $w $paragraphs
    $w.WriteEndElement()
}

function Write-Type([Xml.XmlWriter] $w, [string] $name) {
    $w.WriteStartElement('dev', 'type', $ns.dev)
    Write-Element $w 'maml' 'name' $name
    Write-Element $w 'maml' 'uri' ''
    $w.WriteEndElement()
}

function Write-Parameter([Xml.XmlWriter] $w, [hashtable] $meta, [hashtable] $facts, [string[]] $description, [string] $default, [bool] $inSyntax) {
    $type = $meta.Type
    $w.WriteStartElement('command', 'parameter', $ns.command)
    $w.WriteAttributeString('required', $facts.Required.ToString().ToLowerInvariant())
    $w.WriteAttributeString('variableLength', $type.IsArray.ToString().ToLowerInvariant())
    $w.WriteAttributeString('globbing', $meta.Globbing.ToString().ToLowerInvariant())
    $w.WriteAttributeString('pipelineInput', $facts.Pipeline)
    $w.WriteAttributeString('position', $facts.Position)
    $aliases = @($meta.Aliases | Where-Object { $_ })
    $w.WriteAttributeString('aliases', $(if ($aliases.Count) { $aliases -join ', ' } else { 'none' }))
    Write-Element $w 'maml' 'name' $meta.Name
    Write-Description $w $description
    $validValues = @($meta.ValidValues | Where-Object { $null -ne $_ -and $_ -ne '' })
    if ($validValues.Count -gt 0) {
        $w.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($v in $validValues) {
            $w.WriteStartElement('command', 'parameterValue', $ns.command)
            $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('command', 'variableLength', $ns.command, 'false')
            $w.WriteString($v); $w.WriteEndElement()
        }
        $w.WriteEndElement()
    }
    if (-not ($inSyntax -and $type.IsSwitch)) {
        $w.WriteStartElement('command', 'parameterValue', $ns.command)
        $w.WriteAttributeString('required', $(if ($type.IsSwitch) { 'false' } else { 'true' }))
        $w.WriteAttributeString('variableLength', $type.IsArray.ToString().ToLowerInvariant())
        $w.WriteString($type.Name); $w.WriteEndElement()
    }
    Write-Type $w $type.FullName
    if ([string]::IsNullOrEmpty($default)) { $default = if ($type.IsSwitch) { 'False' } else { 'None' } }
    Write-Element $w 'dev' 'defaultValue' $default
    $w.WriteEndElement()
}

function Write-Command([Xml.XmlWriter] $w, [hashtable] $command, [hashtable] $doc) {
    $w.WriteStartElement('command', 'command', $ns.command)
    $w.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $w.WriteAttributeString('xmlns', 'command', $null, $ns.command)
    $w.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)
    $w.WriteAttributeString('xmlns', 'MSHelp', $null, $ns.MSHelp)

    $w.WriteStartElement('command', 'details', $ns.command)
    Write-Element $w 'command' 'name' $command.Name
    Write-Element $w 'command' 'verb' $command.Verb
    Write-Element $w 'command' 'noun' $command.Noun
    Write-Description $w $doc.Synopsis
    $w.WriteEndElement()

    Write-Description $w $doc.Description

    # Descriptions and parameter-wide facts.
    $descriptions = @{}
    foreach ($name in $command.Parameters.Keys) {
        $text = if ($doc.Parameters.Contains($name)) { $doc.Parameters[$name].Description } else { @() }
        if (@($text).Count -eq 0 -and $name -in 'WhatIf', 'Confirm') { $text = Get-ShouldProcessText $command $name }
        $descriptions[$name] = $text
    }
    $defaults = @{}
    foreach ($name in $command.Parameters.Keys) {
        $defaults[$name] = if ($doc.Parameters.Contains($name) -and $doc.Parameters[$name].Default) { $doc.Parameters[$name].Default } else { $command.Parameters[$name].Default }
    }

    # Syntax: one item per parameter set, the default first.
    $sets = @($command.ParameterSets | Sort-Object @{ Expression = { -not $_.IsDefault } }, @{ Expression = { $_.Name } })
    $w.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $sets) {
        $w.WriteStartElement('command', 'syntaxItem', $ns.command)
        Write-Element $w 'maml' 'name' $command.Name
        $i = 0
        $ordered = $set.Parameters | ForEach-Object { $_['Order'] = $i++; $_ } | Sort-Object @(
            @{ Expression = { if ($_.Position -ge 0) { 0 } elseif ($_.Name -in 'WhatIf', 'Confirm') { 3 } elseif ($_.Mandatory) { 1 } else { 2 } } },
            @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { 0 } } },
            @{ Expression = { $_.Order } })
        foreach ($p in $ordered) {
            $facts = @{ Required = [bool]$p.Mandatory; Pipeline = (Get-PipelineText $p.ByValue $p.ByPropertyName); Position = (Get-PositionText $p.Position) }
            Write-Parameter $w $command.Parameters[$p.Name] $facts $descriptions[$p.Name] $defaults[$p.Name] $true
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    # Parameters: in the markdown's order, then any the markdown does not list.
    $order = @($doc.Parameters.Keys | Where-Object { $command.Parameters.Contains($_) }) + @($command.Parameters.Keys | Where-Object { -not $doc.Parameters.Contains($_) })
    $w.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($name in $order) {
        $inSets = @(foreach ($set in $command.ParameterSets) { $set.Parameters | Where-Object { $_.Name -eq $name } })
        $positions = @($inSets | ForEach-Object { Get-PositionText $_.Position } | Select-Object -Unique)
        $facts = @{
            # Required when it is mandatory in every set it belongs to; the description says when it differs.
            Required = (@($inSets | Where-Object { -not $_.Mandatory }).Count -eq 0 -and @($inSets).Count -gt 0)
            Pipeline = (Get-PipelineText ([bool]($inSets | Where-Object ByValue)) ([bool]($inSets | Where-Object ByPropertyName)))
            Position = $(if (@($positions).Count -eq 1) { $positions[0] } else { ($positions | Where-Object { $_ -ne 'named' } | Select-Object -First 1) ?? 'named' })
        }
        Write-Parameter $w $command.Parameters[$name] $facts $descriptions[$name] $defaults[$name] $false
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'inputTypes', $ns.command)
    foreach ($item in $doc.Inputs) {
        $w.WriteStartElement('command', 'inputType', $ns.command)
        Write-Type $w $item.Type
        Write-Description $w $item.Description
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $outputs = if (@($doc.Outputs).Count -gt 0) { $doc.Outputs } else { @($command.OutputTypes | ForEach-Object { @{ Type = $_; Description = @() } }) }
    $w.WriteStartElement('command', 'returnValues', $ns.command)
    foreach ($item in $outputs) {
        $w.WriteStartElement('command', 'returnValue', $ns.command)
        Write-Type $w $item.Type
        Write-Description $w $item.Description
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('maml', 'alertSet', $ns.maml)
    $w.WriteStartElement('maml', 'alert', $ns.maml)
    Write-Paras $w $doc.Notes
    $w.WriteEndElement()
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'examples', $ns.command)
    foreach ($example in $doc.Examples) {
        $w.WriteStartElement('command', 'example', $ns.command)
        Write-Element $w 'maml' 'title' "---------- $($example.Title) ----------"
        Write-Element $w 'dev' 'code' $example.Code
        $w.WriteStartElement('dev', 'remarks', $ns.dev)
        Write-Paras $w (@($example.Remarks) + '') # the empty paragraph separates the examples
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $ns.command)
    $links = @($doc.Links)
    if ($command.HelpUri) { $links = @(@{ Text = 'Online Version:'; Uri = $command.HelpUri }) + $links }
    foreach ($link in $links) {
        $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
        Write-Element $w 'maml' 'linkText' $link.Text
        Write-Element $w 'maml' 'uri' $link.Uri
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}

# ---------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------

$metadata = Get-CmdletMetadata $ManifestPath
$commands = @($metadata.Commands)
$problems = [Collections.Generic.List[string]]::new()
$docs = @{}
foreach ($file in Get-ChildItem -LiteralPath $MarkdownPath -Filter '*.md' -File) {
    $docs[$file.BaseName] = Read-HelpMarkdown $file.FullName $problems
}

$exported = @($commands | ForEach-Object { $_.Name })
foreach ($name in $docs.Keys | Sort-Object) {
    if ($exported -notcontains $name) { Write-Warning "$($docs[$name].Path) documents '$name', which $($metadata.ModuleName) does not export; it is left out of the help file." }
}

foreach ($command in $commands) {
    $name = $command.Name
    if (-not $docs.ContainsKey($name)) { $problems.Add("$(Get-DisplayPath (Join-Path $MarkdownPath "$name.md")) is missing: every exported cmdlet needs one."); continue }
    $doc = $docs[$name]
    if (@($doc.Synopsis).Count -eq 0) { $problems.Add("$($doc.Path): the synopsis is empty.") }
    if (@($doc.Description).Count -eq 0) { $problems.Add("$($doc.Path): the description is empty.") }
    if (@($doc.Examples).Count -lt 2) { $problems.Add("$($doc.Path): $(@($doc.Examples).Count) example(s); at least two are needed.") }
    foreach ($parameter in $command.Parameters.Keys) {
        if ($parameter -in 'WhatIf', 'Confirm') { continue } # standard text unless the markdown gives one
        if (-not $doc.Parameters.Contains($parameter) -or @($doc.Parameters[$parameter].Description).Count -eq 0) {
            $problems.Add("$($doc.Path): parameter -$parameter has no description (### -$parameter under ## PARAMETERS).")
        }
    }
    foreach ($documented in $doc.Parameters.Keys) {
        if (-not $command.Parameters.Contains($documented)) { Write-Warning "$($doc.Path) describes -$documented, which $name does not have; it is left out." }
    }
}

if ($problems.Count -gt 0) {
    # One line per problem, readable in a build log; the exception says how many.
    Write-Host "Help compilation failed with $($problems.Count) problem(s):" -ForegroundColor Red
    foreach ($problem in $problems) { Write-Host "  - $problem" -ForegroundColor Red }
    throw "Help compilation failed with $($problems.Count) problem(s), listed above. See tools/HelpCompiler/HelpCompiler.ps1 for the markdown format."
}

$settings = [Xml.XmlWriterSettings]@{ Indent = $true; IndentChars = '  '; Encoding = [Text.UTF8Encoding]::new($false); NewLineChars = "`n" }
$buffer = [IO.MemoryStream]::new()
$w = [Xml.XmlWriter]::Create($buffer, $settings)
$w.WriteStartDocument()
$w.WriteStartElement('helpItems', $ns.msh)
$w.WriteAttributeString('schema', 'maml')
foreach ($command in $commands) { Write-Command $w $command $docs[$command.Name] }
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Flush(); $w.Dispose()
$bytes = $buffer.ToArray()

# Well-formed, and the shape Get-Help reads.
$check = [xml][Text.Encoding]::UTF8.GetString($bytes).TrimStart([char]0xFEFF)
$count = @($check.helpItems.command).Count
if ($count -ne $commands.Count) { throw "The generated MAML holds $count command(s) instead of $($commands.Count)." }

foreach ($path in $OutputPath) {
    $full = [IO.Path]::GetFullPath($path, (Get-Location).Path)
    $null = New-Item -ItemType Directory -Force -Path ([IO.Path]::GetDirectoryName($full))
    [IO.File]::WriteAllBytes($full, $bytes)
    Write-Host "Help: $($commands.Count) cmdlets -> $full ($([math]::Round($clock.Elapsed.TotalSeconds, 1)) s)"
}
