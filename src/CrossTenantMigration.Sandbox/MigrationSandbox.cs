using System;
using System.Net.Http;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// What <c>Connect-XtMigration -Sandbox</c> gets: the service (<see cref="SandboxHost"/>) in memory, with bearer
    /// tokens of its own (<see cref="OpaqueTokens"/>), behind the <see cref="ISandbox"/> contract.
    /// </summary>
    internal sealed class MigrationSandbox : ISandbox
    {
        private readonly OpaqueTokens _tokens = new OpaqueTokens();

        /// <summary>A sandbox with the given options (or the defaults); the instance is kept and stays live.</summary>
        public MigrationSandbox(SandboxOptions? options = null)
        {
            Host = new SandboxHost(options ?? new SandboxOptions(), _tokens);
        }

        /// <summary>The service itself: its routes, clock and steering.</summary>
        public SandboxHost Host { get; }

        public string TenantId => Host.Options.TargetTenantId;

        public DateTimeOffset Now => Host.Clock.UtcNow;

        /// <summary>An in-memory handler (no sockets) whose requests go to <see cref="SandboxHost.SendAsync"/>.</summary>
        public HttpMessageHandler CreateHandler() => new InMemoryHandler(Host.SendAsync);

        /// <summary>A token for the sandbox's administrator, with CrossTenantContentMigration.ReadWrite.All and User.ReadBasic.All.</summary>
        public SandboxToken IssueToken(TimeSpan lifetime) => _tokens.Issue(OpaqueTokens.Administrator(), lifetime);

        /// <summary>A token for <paramref name="caller"/>, for tests of who may do what.</summary>
        public SandboxToken IssueToken(SandboxCaller caller, TimeSpan lifetime) => _tokens.Issue(caller, lifetime);

        public void AdvanceClock(TimeSpan by) => Host.Clock.Advance(by);

        public SandboxStatistics GetStatistics() => Host.GetStatistics();

        public void Reset() => Host.Reset();

        public SandboxSettings GetSettings() => Host.GetSettings();

        public SandboxSettings ChangeSettings(SandboxSettingsChange change) => Host.ChangeSettings(change);
    }
}
