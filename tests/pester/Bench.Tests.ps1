# The benchmarks in bench/, each run at a tiny size (bench/Smoke.psd1): every script still runs end to end and produces
# its figures, and the Bench task's report is made from them. No timing is asserted (the figures and
# their targets are for ./build.ps1 -Task Bench on the 2-core machine), so nothing here can rot.
# They run in the PowerShell the repository installs (the dotnet tool's, this one): the ReadyToRun copy that the
# Bench task measures in takes minutes of crossgen2 to make, and only that task makes it.
BeforeDiscovery {
    $script:Cases = (Import-PowerShellDataFile (Join-Path $PSScriptRoot '../../bench/Smoke.psd1')).Benchmarks
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:BenchDir = Join-Path (Get-XtRepoRoot) 'bench'
    $script:Cases = (Import-PowerShellDataFile (Join-Path $script:BenchDir 'Smoke.psd1')).Benchmarks
    $script:ResultDir = Join-Path ([IO.Path]::GetTempPath()) "xt-bench-smoke-$PID"
    New-Item -ItemType Directory -Force $script:ResultDir | Out-Null
    $configuration = if ($env:XT_TEST_CONFIGURATION) { $env:XT_TEST_CONFIGURATION } else { 'Release' }

    Import-Module (Join-Path $script:BenchDir 'BenchCommon.psm1') -Force
    $script:Kind = Get-BenchPwshKind $PSHOME

    # Every benchmark at once, each in its own pwsh (they wait on timers and child processes far more than
    # they compute); each test then reads its own. The Bench task runs them one after another. Without -JitPwshHome
    # (there is no second PowerShell here), Import and FirstList measure this PowerShell only.
    $script:Runs = @{}
    foreach ($case in $script:Cases) {
        $result = Join-Path $script:ResultDir "$($case.Name).json"
        $arguments = @('-Configuration', $configuration, '-ResultPath', $result) + $case.Arguments
        $started = Start-BenchPwsh (Join-Path $script:BenchDir "$($case.Name).Bench.ps1") $arguments
        $script:Runs[$case.Name] = [pscustomobject]@{ Process = $started.Process; Result = $result; Output = $started.Output; Errors = $started.Errors }
    }
}

AfterAll {
    foreach ($run in $script:Runs.Values) {
        if (-not $run.Process.HasExited) { try { $run.Process.Kill($true) } catch { } }
    }
    Remove-Item $script:ResultDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Benchmarks at smoke size' -Tag Bench {
    It '<Name>.Bench.ps1 runs and produces its figures' -TestCases $script:Cases {
        param($Name, $Arguments, $JitPwsh, $Figures)
        $run = $script:Runs[$Name]
        $run.Process.WaitForExit(180000) | Should -BeTrue -Because "$Name should end within 3 minutes at smoke size"
        $run.Process.WaitForExit()
        $run.Process.ExitCode | Should -Be 0 -Because "$($run.Output.Result)`n$($run.Errors.Result)"
        $run.Result | Should -Exist
        $saved = Get-Content $run.Result -Raw | ConvertFrom-Json
        # Smoke.psd1 counts the figures as the Bench task makes them; the second PowerShell's figure is not made here.
        @($saved.Figures) | Should -HaveCount ($Figures - [int][bool]$JitPwsh)
        foreach ($figure in $saved.Figures) {
            $figure.Figure | Should -Not -BeNullOrEmpty
            $figure.Measured | Should -Not -BeNullOrEmpty
            $figure.Target | Should -Not -BeNullOrEmpty
            [double]::IsNaN([double]$figure.Value) | Should -BeFalse -Because "$($figure.Figure) has a measured value"
            $figure.Met | Should -BeIn @($true, $false, $null)
        }
    }

    It 'measures import and the first list in the PowerShell it runs in, with the target' {
        foreach ($name in 'Import', 'FirstList') {
            $run = $script:Runs[$name]
            $run.Process.WaitForExit()
            $saved = Get-Content $run.Result -Raw | ConvertFrom-Json
            $saved.Figures[0].Figure | Should -Match ([regex]::Escape($script:Kind))
            # Import has a target; the first list is reported only (its ratio is set by PowerShell itself).
            if ($name -eq 'Import') { $saved.Figures[0].Met | Should -BeIn @($true, $false) -Because 'the target applies to the figure of the PowerShell it runs in' }
            else { $saved.Figures[0].Met | Should -BeNullOrEmpty -Because 'the first list is reported without a target' }
            $saved.Details | Should -Match "\| 1 \| $([regex]::Escape($script:Kind)) \|"
        }
    }

    It 'orders the rounds of <Count> sides so that each goes in each position, and follows each other, equally often' -TestCases @(
        @{ Count = 2; Rows = 2 }, @{ Count = 3; Rows = 6 }, @{ Count = 4; Rows = 4 }, @{ Count = 5; Rows = 10 }
    ) {
        $orders = foreach ($round in 0..($Rows - 1)) { , @(Get-BenchOrder -Count $Count -Round $round) }
        $positions = @{}; $pairs = @{}
        foreach ($order in $orders) {
            ($order | Sort-Object) -join ',' | Should -Be ((0..($Count - 1)) -join ',')
            for ($i = 0; $i -lt $Count; $i++) {
                $positions["$($order[$i])@$i"]++
                if ($i -gt 0) { $pairs["$($order[$i - 1])>$($order[$i])"]++ }
            }
        }
        $positions.Count | Should -Be ($Count * $Count)
        @($positions.Values | Sort-Object -Unique) | Should -Be @($Rows / $Count)
        $pairs.Count | Should -Be ($Count * ($Count - 1))
        @($pairs.Values | Sort-Object -Unique) | Should -Be @($Rows / $Count)
        # The rows repeat: round Rows is round 0 again.
        (Get-BenchOrder -Count $Count -Round $Rows) -join ',' | Should -Be ($orders[0] -join ',')
    }

    It 'makes results.md from the figures: the table, and the machine it ran on' {
        foreach ($run in $script:Runs.Values) { $null = $run.Process.WaitForExit(180000) }
        $report = Join-Path $script:ResultDir 'results.md'
        $files = $script:Cases | ForEach-Object { Join-Path $script:ResultDir "$($_.Name).json" }
        $figures = Write-BenchReport -ResultFiles $files -Path $report
        @($figures).Count | Should -Be (($script:Cases | ForEach-Object { $_.Figures - [int][bool]$_['JitPwsh'] } | Measure-Object -Sum).Sum)
        $text = Get-Content $report -Raw
        $text | Should -Match '\| figure \| measured \| compared with \| target on 2 cores \| met\? \|'
        foreach ($key in 'nproc', 'CPU', 'Memory', 'OS', '.NET', 'PowerShell', 'Date') { $text | Should -Match ("\| $([regex]::Escape($key)) \| \S") }
        $text | Should -Match "\| PowerShell \| [0-9.]+, $([regex]::Escape($script:Kind))"
    }
}
