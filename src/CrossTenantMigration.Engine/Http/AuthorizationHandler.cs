using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Engine.Auth;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>
    /// Puts the current token on each attempt, asking the token source every time: a retry after a long
    /// Retry-After, or a poll in a wait of hours, goes out with a token that is still valid.
    /// </summary>
    internal sealed class AuthorizationHandler : DelegatingHandler
    {
        private readonly ITokenSource _tokens;

        public AuthorizationHandler(ITokenSource tokens) => _tokens = tokens;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
