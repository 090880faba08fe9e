using CrossTenantMigration.Emulator;
using Microsoft.AspNetCore.Builder;

namespace CrossTenantMigration.Emulator.Host
{
    /// <summary>
    /// Adds endpoints to the host next to the emulated Graph service (for example an OAuth token service for
    /// authentication tests). Endpoints mapped here win over the emulator; every other request is forwarded to
    /// <see cref="MigrationServiceEmulator.SendAsync"/>.
    /// </summary>
    public interface IEmulatorHostExtension
    {
        /// <summary>Maps the extension's endpoints. Called once, before the host starts listening.</summary>
        void Configure(WebApplication app, MigrationServiceEmulator emulator, EmulatorHostOptions options);
    }
}
