using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Engine.Auth;
using CrossTenantMigration.Engine.Http;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>The token goes to the connection's own endpoint and nowhere else, whatever asks for another.</summary>
    public class TokenBoundaryTests
    {
        private const string Token = "the-bearer-token";

        private sealed class FixedToken : ITokenSource
        {
            public Task<AccessTokenValue> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult(new AccessTokenValue(Token, null));
        }

        /// <summary>The network: records each request that reaches it, with its Authorization header, and answers 200.</summary>
        private sealed class RecordingNetwork : HttpMessageHandler
        {
            public List<(Uri Uri, string? Authorization)> Sent { get; } = new List<(Uri, string?)>();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Sent.Add((request.RequestUri!, request.Headers.Authorization?.ToString()));
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
            }
        }

        [Theory]
        [InlineData("https://evil.test/v1.0/solutions/migrations/crossTenantMigrationJobs")]
        [InlineData("http://graph.test/v1.0/solutions/migrations/crossTenantMigrationJobs")]
        [InlineData("https://graph.test:8443/v1.0/solutions/migrations/crossTenantMigrationJobs")]
        [InlineData("https://someone@graph.test/v1.0/solutions/migrations/crossTenantMigrationJobs")]
        public async Task A_request_for_another_origin_is_not_sent_with_or_without_the_token(string url)
        {
            var network = new RecordingNetwork();
            using var client = new HttpClient(new AuthorizationHandler(new FixedToken(), new ServiceRoot(new Uri("https://graph.test"), "v1.0")) { InnerHandler = network });

            var refused = await Assert.ThrowsAsync<RefusedException>(() => client.GetAsync(url));

            Assert.Empty(network.Sent);
            Assert.Equal(FailureKind.Untrusted, refused.Kind);
            Assert.Contains("was not sent", refused.Message);

            await client.GetAsync("https://GRAPH.test:443/v1.0/solutions/migrations/crossTenantMigrationJobs");
            var (uri, authorization) = Assert.Single(network.Sent);
            Assert.Equal("graph.test", uri.Host);
            Assert.Equal("Bearer " + Token, authorization);
        }

        [Theory]
        [InlineData(302)]
        [InlineData(307)]
        [InlineData(308)]
        public async Task A_redirect_to_another_origin_is_not_followed(int status)
        {
            using var elsewhere = new LoopbackServer(_ => (200, null, "{\"value\":[]}"));
            using var service = new LoopbackServer(_ => (status, elsewhere.Url + "v1.0/solutions/migrations/crossTenantMigrationJobs", ""));
            var token = new SecureString();
            foreach (var c in Token) token.AppendChar(c);
            // The real network handler of the module: no NetworkHandler is given.
            using var transport = MigrationTransportFactory.Connect(new ConnectionOptions
            {
                SignInKind = SignInKind.AccessToken,
                AccessToken = token,
                Endpoint = service.Url,
                MaxAttempts = 1,
            }).Transport;

            var error = await Assert.ThrowsAsync<ServiceException>(() => transport.ListJobsAsync(CancellationToken.None));

            Assert.Equal(status, error.HttpStatus);
            Assert.Single(service.Authorizations);
            Assert.Equal("Bearer " + Token, service.Authorizations[0]);
            Assert.Empty(elsewhere.Authorizations);
        }

        /// <summary>An HTTP server on a free loopback port: answers each request with a status, a Location and a body, and records its Authorization header.</summary>
        private sealed class LoopbackServer : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            private readonly Func<HttpListenerRequest, (int Status, string? Location, string Body)> _answer;

            public LoopbackServer(Func<HttpListenerRequest, (int Status, string? Location, string Body)> answer)
            {
                _answer = answer;
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                Url = new Uri($"http://127.0.0.1:{port}/");
                _listener.Prefixes.Add(Url.ToString());
                _listener.Start();
                _ = ServeAsync();
            }

            public Uri Url { get; }
            public List<string?> Authorizations { get; } = new List<string?>();

            private async Task ServeAsync()
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception) when (!_listener.IsListening)
                    {
                        return;
                    }
                    lock (Authorizations) Authorizations.Add(context.Request.Headers["Authorization"]);
                    var (status, location, body) = _answer(context.Request);
                    context.Response.StatusCode = status;
                    if (location != null) context.Response.RedirectLocation = location;
                    var bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            }

            public void Dispose() => _listener.Close();
        }
    }
}
