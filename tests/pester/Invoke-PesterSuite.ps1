<#
.SYNOPSIS
    Runs the Pester suite in this (fresh) process and writes its counts, and the names of the skipped tests, for build.ps1.
.DESCRIPTION
    The counts come from Pester's result object. When there is none (Pester itself failed), the summary
    says so with a failure: a run whose result is unknown never counts as passed.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $Configuration = 'Release',
    [string] $Tag
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:XT_TEST_CONFIGURATION = $Configuration
$env:NO_COLOR = '1' # child processes write plain text, which a test result can carry

$config = New-PesterConfiguration
# The module's own suite, and the example suite that ships for users' scripts (it tests the wave runbook).
$config.Run.Path = @($PSScriptRoot, (Join-Path $PSScriptRoot '../../examples/Wave.Tests.ps1'))
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
if ($Tag) { $config.Filter.Tag = $Tag -split ',' }

# A skipped test's name as the output shows it: its file, then each block's name and its own.
function Get-TestName($Test) {
    $names = [System.Collections.Generic.List[string]]::new()
    $names.Add($Test.ExpandedName)
    for ($block = $Test.Block; $block -and -not $block.IsRoot; $block = $block.Parent) { $names.Insert(0, $block.ExpandedName) }
    '{0}: {1}' -f (Split-Path $Test.ScriptBlock.File -Leaf), ($names -join ' > ')
}

$summary = [ordered]@{ Passed = 0; Failed = 1; Skipped = 0; SkippedTests = @() }
try {
    $result = Invoke-Pester -Configuration $config
    # A container or block that failed outside an It (BeforeAll, discovery) counts as a failure too.
    $summary = [ordered]@{
        Passed       = $result.PassedCount
        Failed       = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        Skipped      = $result.SkippedCount
        SkippedTests = @($result.Skipped | ForEach-Object { Get-TestName $_ })
    }
    try {
        $result | Export-NUnitReport -Path ([IO.Path]::ChangeExtension($SummaryPath, '.xml'))
    } catch {
        Write-Warning "The NUnit report could not be written: $_"
    }
} catch {
    Write-Host "Pester did not finish: $_" -ForegroundColor Red
} finally {
    $summary | ConvertTo-Json -Depth 3 | Set-Content -Path $SummaryPath -Encoding utf8NoBOM
}
