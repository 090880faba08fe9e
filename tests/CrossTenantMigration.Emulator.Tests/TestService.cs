using CrossTenantMigration.Tests;

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>An emulator and an HttpClient over its in-memory handler (Graph, token service and admin routes).</summary>
    internal sealed class TestService : ServiceClient
    {
        public TestService(EmulatorOptions? options = null, TokenRequest? token = null)
            : this(new MigrationServiceEmulator(options), token)
        {
        }

        private TestService(MigrationServiceEmulator emulator, TokenRequest? token)
            : base(emulator.CreateHandler(), emulator.IssueToken(token ?? new TokenRequest()).AccessToken, emulator.Clock, emulator.Options)
        {
            Emulator = emulator;
        }

        public MigrationServiceEmulator Emulator { get; }
    }
}
