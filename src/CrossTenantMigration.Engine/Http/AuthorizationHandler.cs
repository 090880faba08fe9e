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
    /// The connection's pipeline sends only to the connection's own origin: a request for any other is
    /// refused here, before a token is asked for and before anything is sent, whoever built it.
    /// </summary>
    internal sealed class AuthorizationHandler : DelegatingHandler
    {
        private readonly ITokenSource _tokens;
        private readonly ServiceRoot _root;

        public AuthorizationHandler(ITokenSource tokens, ServiceRoot root)
        {
            _tokens = tokens;
            _root = root;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!_root.IsOwnOrigin(request.RequestUri))
                throw new RefusedException(ErrorIds.ServiceError, FailureKind.Untrusted,
                    $"a request for {(request.RequestUri is { IsAbsoluteUri: true } uri ? ServiceRoot.OriginOf(uri) : "a relative address")} is outside the connection's endpoint ({_root.Origin}); it was not sent.");
            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
