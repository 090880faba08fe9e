using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>
    /// Tokens from an Azure.Identity credential, asked for when a request needs one and renewed
    /// before they expire, so that a wait of hours outlives any one token. Held in memory only.
    /// </summary>
    internal sealed class AzureIdentityTokenSource : ITokenSource
    {
        private static readonly TimeSpan LongestMargin = TimeSpan.FromMinutes(5);
        private readonly TokenCredential _credential;
        private readonly TokenRequestContext _request;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private AccessToken? _current;
        private DateTimeOffset _obtainedAt;

        public AzureIdentityTokenSource(TokenCredential credential, string[] scopes)
        {
            _credential = credential;
            _request = new TokenRequestContext(scopes);
        }

        public async Task<AccessTokenValue> GetTokenAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var now = DateTimeOffset.UtcNow;
                if (_current is AccessToken token && token.ExpiresOn - now > RenewalMargin(token))
                    return new AccessTokenValue(token.Token, token.ExpiresOn);

                var fresh = await _credential.GetTokenAsync(_request, cancellationToken).ConfigureAwait(false);
                if (_current.HasValue)
                    OperationLogScope.Current.Verbose($"Access token renewed; the new one expires at {fresh.ExpiresOn:u}.");
                _current = fresh;
                _obtainedAt = now;
                return new AccessTokenValue(fresh.Token, fresh.ExpiresOn);
            }
            finally
            {
                _gate.Release();
            }
        }

        // Five minutes before expiry, or half the lifetime of a short-lived token.
        private TimeSpan RenewalMargin(AccessToken token)
        {
            var half = TimeSpan.FromTicks((token.ExpiresOn - _obtainedAt).Ticks / 2);
            return half < LongestMargin ? half : LongestMargin;
        }
    }
}
