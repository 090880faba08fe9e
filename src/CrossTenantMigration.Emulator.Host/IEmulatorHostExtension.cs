using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;

namespace CrossTenantMigration.Emulator.Host
{
    /// <summary>
    /// Adds endpoints to the host next to the emulator's Graph, token-service and admin routes (for example a fake
    /// of another service a test needs). Endpoints mapped here win over the emulator; every other request is
    /// forwarded to <see cref="MigrationServiceEmulator.SendAsync"/>.
    /// </summary>
    public interface IEmulatorHostExtension
    {
        /// <summary>Maps the extension's endpoints. Called once, before the host starts listening.</summary>
        void Configure(WebApplication app, EmulatorHostContext context);
    }

    /// <summary>What an <see cref="IEmulatorHostExtension"/> can use.</summary>
    public sealed class EmulatorHostContext
    {
        internal EmulatorHostContext(MigrationServiceEmulator emulator, EmulatorHostOptions options, X509Certificate2? certificate)
        {
            Emulator = emulator;
            Options = options;
            Certificate = certificate;
        }

        /// <summary>The emulated service (issue tokens with <see cref="MigrationServiceEmulator.IssueToken"/>).</summary>
        public MigrationServiceEmulator Emulator { get; }

        /// <summary>The host's settings.</summary>
        public EmulatorHostOptions Options { get; }

        /// <summary>The self-signed certificate of the HTTPS listener; null without --https-port.</summary>
        public X509Certificate2? Certificate { get; }
    }
}
