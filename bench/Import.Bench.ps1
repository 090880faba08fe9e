<#
.SYNOPSIS
    Import time and first-call time of the module, each in a fresh pwsh, several runs; prints the
    median and the slowest. Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Runs = 5)
$ErrorActionPreference = 'Stop'
$manifest = Join-Path $PSScriptRoot '../CrossTenantMigration.psd1'
$dll = Join-Path $PSHOME 'pwsh.dll'
$probe = @"
`$w = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$manifest'
`$import = `$w.Elapsed.TotalMilliseconds
Connect-XtMigration -Sandbox -WarningAction SilentlyContinue
`$null = New-XtMigrationJob -DisplayName b -SourceTenantId 12345678-1234-1234-1234-123456789012 -CompleteAfterDateTime (Get-Date).AddDays(3) -Resource ([guid]::NewGuid()) -Workload Teams
`$first = `$w.Elapsed.TotalMilliseconds
`$loaded = [AppDomain]::CurrentDomain.GetAssemblies().Count
'{0:0} {1:0} {2} {3:0}' -f `$import, `$first, `$loaded, ([Diagnostics.Process]::GetCurrentProcess().WorkingSet64 / 1MB)
"@
$results = 1..$Runs | ForEach-Object {
    $line = if (Test-Path $dll) { & dotnet $dll -NoProfile -Command $probe } else { & (Get-Process -Id $PID).Path -NoProfile -Command $probe }
    $parts = "$line".Trim() -split ' '
    [pscustomobject]@{ ImportMs = [double]$parts[0]; FirstCallMs = [double]$parts[1]; Assemblies = [int]$parts[2]; WorkingSetMB = [double]$parts[3] }
}
function Median([double[]] $values) { $s = $values | Sort-Object; $s[[int][math]::Floor($s.Count / 2)] }
[pscustomobject]@{
    Runs                 = $Runs
    'Import median ms'   = Median $results.ImportMs
    'Import max ms'      = ($results.ImportMs | Measure-Object -Maximum).Maximum
    'Import+connect+create median ms' = Median $results.FirstCallMs
    'Working set median MB' = Median $results.WorkingSetMB
} | Format-List
