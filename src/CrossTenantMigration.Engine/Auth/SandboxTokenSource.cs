using System;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>Tokens from the in-memory sandbox, renewed before they expire like real ones.</summary>
    internal sealed class SandboxTokenSource : ITokenSource
    {
        private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
        private readonly ISandbox _sandbox;
        private AccessTokenValue? _current;

        public SandboxTokenSource(ISandbox sandbox) => _sandbox = sandbox;

        public Task<AccessTokenValue> GetTokenAsync(CancellationToken cancellationToken)
        {
            var current = _current;
            if (current is AccessTokenValue token && token.ExpiresOn > DateTimeOffset.UtcNow + RenewBefore)
                return Task.FromResult(token);

            var issued = _sandbox.IssueToken(Lifetime);
            var fresh = new AccessTokenValue(issued.AccessToken, issued.ExpiresOn);
            _current = fresh;
            return Task.FromResult(fresh);
        }
    }
}
