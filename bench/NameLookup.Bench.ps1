<#
.SYNOPSIS
    -Users user principal names (10,000) resolved to object ids in the target tenant's directory: New-XtMigrationJob
    -UserPrincipalName -AutoSplit -WhatIf (which resolves every name, and creates nothing), against the sequential
    script an administrator writes, one Invoke-RestMethod GET /users/{name} per user. Requests counted by the
    emulator's statistics; time by a stopwatch in this process, the two sides interleaved, a fresh connection (an empty
    name cache) for each run of the module; medians of -Runs each.
    Run through: dotnet pwsh ./build.ps1 -Task Bench
#>
param([string] $Configuration = 'Release', [int] $Users = 10000, [int] $Runs = 3, [string] $ResultPath)
$ErrorActionPreference = 'Stop'
$env:XT_TEST_CONFIGURATION = $Configuration
Import-Module (Join-Path $PSScriptRoot 'BenchCommon.psm1') -Force

$emulator = Start-BenchEmulator -Scopes 'CrossTenantContentMigration.ReadWrite.All', 'User.ReadBasic.All'
try {
    Import-Module (Get-XtManifestPath)
    $ids = @(New-XtTestUserId $Users)
    $directory = for ($i = 0; $i -lt $Users; $i++) {
        @{ id = $ids[$i]; userPrincipalName = "user$i@fabrikam.onmicrosoft.com"; displayName = "User $i" }
    }
    $null = Invoke-XtEmulatorAdmin $emulator 'directory/users' -Method PUT -Body $directory
    $names = @($directory | ForEach-Object { $_.userPrincipalName })
    $headers = @{ Authorization = "Bearer $($emulator.Token)" }
    $usersUrl = "$($emulator.Url)/v1.0/users"

    $sides = [ordered]@{
        Module = {
            Connect-BenchModule $emulator # a fresh connection: nothing cached
            $null = New-XtMigrationJob -UserPrincipalName $names -AutoSplit -DisplayName 'named' -SourceTenantId (Get-BenchSourceTenant) `
                -CompleteAfterDateTime (Get-Date).AddDays(7) -Workload Teams -WhatIf 6>$null
        }
        Rest = {
            foreach ($name in $names) {
                $found = Invoke-RestMethod -Uri "$usersUrl/$([uri]::EscapeDataString($name))?`$select=id,userPrincipalName,displayName" -Headers $headers
                if (-not $found.id) { throw "No id for $name." }
            }
        }
    }
    $time = @{ Module = @(); Rest = @() }; $requests = @{ Module = @(); Rest = @() }
    foreach ($round in 0..$Runs) { # round 0 warms both sides up and is not counted
        foreach ($side in @($sides.Keys)[(Get-BenchOrder -Count 2 -Round $round)]) {
            Reset-XtEmulatorStats $emulator
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $sides[$side]
            $watch.Stop()
            if ($round -eq 0) { continue }
            $time[$side] += $watch.Elapsed.TotalMilliseconds
            $requests[$side] += [int](Get-XtEmulatorStats $emulator).total
        }
    }
} finally {
    Stop-XtEmulatorHost $emulator
}

$moduleMs = Get-Median $time.Module; $restMs = Get-Median $time.Rest
$moduleRequests = Get-Median $requests.Module; $restRequests = Get-Median $requests.Rest
$requestRatio = $moduleRequests / $restRequests; $timeRatio = $moduleMs / $restMs
$compared = "one Invoke-RestMethod per user, sequential: {0} requests, {1}" -f $restRequests, (Format-Ms $restMs)
$figures = @(
    New-BenchFigure -Figure "$('{0:N0}' -f $Users) user principal names resolved (``New-XtMigrationJob -UserPrincipalName -AutoSplit -WhatIf``): requests" `
        -Measured ('{0} requests = {1:0.000}× (JSON batches of 20, 4 at a time)' -f $moduleRequests, $requestRatio) -ComparedWith $compared `
        -Target '≤ 0.1× the requests (2,000 names in at most 100)' -Met ($requestRatio -le 0.1 -and $moduleRequests -le [Math]::Ceiling($Users / 20)) -Value $requestRatio
    New-BenchFigure -Figure "$('{0:N0}' -f $Users) user principal names resolved: time" `
        -Measured ('{0} = {1:0.00}× (median of {2})' -f (Format-Ms $moduleMs), $timeRatio, $Runs) -ComparedWith $compared `
        -Target '≤ 0.25×' -Met ($timeRatio -le 0.25) -Value $timeRatio
)
$details = @"
The directory holds $Users users added through the emulator's admin API; every name is found. The module's side connects
afresh each run (its directory cache is per connection) and resolves every name before it would create anything;
``-WhatIf`` then creates nothing. The script's side sends one ``GET /v1.0/users/{name}?`$select=id,userPrincipalName,displayName``
per user, one after another, as an administrator's loop does. A warm-up round of each side is not counted; the sides take
turns to go first (``Get-BenchOrder``).

| run | module | module requests | script | script requests |
|---|---|---|---|---|
$((1..$Runs | ForEach-Object { '| {0} | {1} | {2} | {3} | {4} |' -f $_, (Format-Ms $time.Module[$_ - 1]), $requests.Module[$_ - 1], (Format-Ms $time.Rest[$_ - 1]), $requests.Rest[$_ - 1] }) -join "`n")
"@
Save-BenchResult -Bench 'NameLookup' -Figures $figures -Details $details -Path $ResultPath
