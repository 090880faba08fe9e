# The smoke size of each benchmark, for tests/pester/Bench.Tests.ps1 (CI): tiny sizes, one run, and how
# many figures the benchmark writes; JitPwsh: also measured in the IL-only PowerShell (-JitPwshHome), as the
# Bench task does. The Bench task runs the benchmarks at their default sizes.
@{
    Benchmarks = @(
        @{ Name = 'Import'; Arguments = @('-Runs', '1', '-WarmUp', '0'); JitPwsh = $true; Figures = 2 }
        @{ Name = 'FirstList'; Arguments = @('-Runs', '1', '-WarmUp', '0', '-Jobs', '2'); JitPwsh = $true; Figures = 2 }
        @{ Name = 'GetById'; Arguments = @('-Count', '20', '-Runs', '1', '-WarmUp', '1'); Figures = 2 }
        @{ Name = 'Wave'; Arguments = @('-Users', '40', '-Jobs', '2', '-StepMilliseconds', '50', '-PollIntervalSec', '0.1', '-Runs', '1'); Figures = 2 }
        @{ Name = 'BigWave'; Arguments = @('-Users', '40', '-Jobs', '2', '-PollIntervalSec', '0.1', '-Runs', '1'); Figures = 2 }
        @{ Name = 'Polling'; Arguments = @('-Jobs', '3', '-Buried', '20', '-Runs', '1'); Figures = 2 }
        @{ Name = 'FirstCall'; Arguments = @('-Runs', '1', '-WarmUp', '0'); Figures = 7 }
        @{ Name = 'WaveMemory'; Arguments = @('-Users', '40', '-Jobs', '2'); Figures = 1 }
        @{ Name = 'Report'; Arguments = @('-Jobs', '2', '-UsersPerJob', '20', '-Runs', '1'); Figures = 4 }
        @{ Name = 'NameLookup'; Arguments = @('-Users', '45', '-Runs', '1'); Figures = 2 }
    )
}
