using System;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>Tokens from the in-memory emulator, renewed before they expire like real ones.</summary>
    internal sealed class SandboxTokenSource : ITokenSource
    {
        private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
        private readonly MigrationServiceEmulator _emulator;
        private AccessTokenValue? _current;

        public SandboxTokenSource(MigrationServiceEmulator emulator) => _emulator = emulator;

        public Task<AccessTokenValue> GetTokenAsync(CancellationToken cancellationToken)
        {
            var current = _current;
            if (current is AccessTokenValue token && token.ExpiresOn > DateTimeOffset.UtcNow + RenewBefore)
                return Task.FromResult(token);

            var issued = _emulator.IssueToken(new TokenRequest
            {
                Scopes = new[] { "CrossTenantContentMigration.ReadWrite.All" },
                Lifetime = TimeSpan.FromHours(1),
            });
            var fresh = new AccessTokenValue(issued.AccessToken, issued.ExpiresOn);
            _current = fresh;
            return Task.FromResult(fresh);
        }
    }
}
