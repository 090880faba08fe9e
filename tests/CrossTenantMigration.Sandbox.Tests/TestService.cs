using CrossTenantMigration.Tests;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>A sandbox and an HttpClient over its in-memory handler.</summary>
    internal sealed class TestService : ServiceClient
    {
        public TestService(SandboxOptions? options = null, TokenRequest? token = null)
            : this(new MigrationSandbox(options), token)
        {
        }

        private TestService(MigrationSandbox sandbox, TokenRequest? token)
            : base(sandbox.CreateHandler(), sandbox.IssueToken(token ?? new TokenRequest()).AccessToken, sandbox.Clock, sandbox.Options)
        {
            Sandbox = sandbox;
        }

        public MigrationSandbox Sandbox { get; }
    }
}
