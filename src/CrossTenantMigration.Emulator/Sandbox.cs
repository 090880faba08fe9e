using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    /// <summary>The emulator as the sandbox of Connect-XtMigration -Sandbox.</summary>
    public sealed partial class MigrationServiceEmulator : ISandbox
    {
        string ISandbox.TenantId => Options.TargetTenantId;

        DateTimeOffset ISandbox.Now => Clock.UtcNow;

        void ISandbox.AdvanceClock(TimeSpan by) => Clock.Advance(by);

        SandboxToken ISandbox.IssueToken(TimeSpan lifetime)
        {
            var issued = IssueToken(new TokenRequest { Scopes = new[] { TokenService.ReadWritePermission }, Lifetime = lifetime });
            return new SandboxToken(issued.AccessToken, issued.ExpiresOn);
        }

        SandboxStatistics ISandbox.GetStatistics()
        {
            var stats = GetStatistics();
            return new SandboxStatistics
            {
                Requests = stats.Total,
                ByMethod = new Dictionary<string, long>(stats.ByMethod as IDictionary<string, long> ?? new Dictionary<string, long>()),
                Creates = stats.Creates,
                Jobs = stats.Jobs,
                DuplicateDisplayNames = stats.DuplicateDisplayNames,
                Throttled = stats.Throttled,
                FaultsInjected = stats.FaultsInjected,
            };
        }
    }

    /// <summary>Made by name when Connect-XtMigration -Sandbox asks for a sandbox.</summary>
    public sealed class SandboxFactory : ISandboxFactory
    {
        public ISandbox Create(TimeSpan stepDuration) => new MigrationServiceEmulator(new EmulatorOptions { StepDuration = stepDuration });
    }
}
