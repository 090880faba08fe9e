using System;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>Gives a bearer token when a request needs one; each sign-in kind has its own.</summary>
    internal interface ITokenSource
    {
        Task<AccessTokenValue> GetTokenAsync(CancellationToken cancellationToken);
    }

    internal readonly struct AccessTokenValue
    {
        public AccessTokenValue(string token, DateTimeOffset? expiresOn)
        {
            Token = token;
            ExpiresOn = expiresOn;
        }

        public string Token { get; }
        public DateTimeOffset? ExpiresOn { get; }
    }
}
