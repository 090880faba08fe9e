using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>Puts the current token on each Graph request, asking the token source every time.</summary>
    internal sealed class BearerAuthenticationProvider : IAuthenticationProvider
    {
        private readonly ITokenSource _tokens;

        public BearerAuthenticationProvider(ITokenSource tokens) => _tokens = tokens;

        public async Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.Remove("Authorization");
            request.Headers.Add("Authorization", "Bearer " + token.Token);
        }
    }
}
