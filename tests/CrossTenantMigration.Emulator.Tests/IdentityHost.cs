using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using CrossTenantMigration.Emulator.Host;
using Xunit;

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>
    /// One emulator host with its HTTPS listener for a test class, plus an Azure.Core transport that trusts the host's
    /// self-signed certificate (and nothing else), so the real Azure.Identity credentials can use it as their authority.
    /// </summary>
    public sealed class IdentityHost : IAsyncLifetime
    {
        public const string Graph = "https://graph.microsoft.com/.default";
        public const string ReadWrite = "CrossTenantContentMigration.ReadWrite.All";

        private HttpClient? _https;
        private HttpClient? _admin;
        private EmulatorHost? _host;

        public EmulatorHost Host => _host ?? throw new InvalidOperationException("Not started.");

        public MigrationServiceEmulator Emulator => Host.Emulator;

        public string Tenant => Emulator.Options.TargetTenantId;

        /// <summary>https://127.0.0.1:port/ — the AuthorityHost of the credentials.</summary>
        public Uri Authority => new Uri(Host.HttpsUrl!.GetLeftPart(UriPartial.Authority) + "/");

        /// <summary>An Azure.Core transport over an HttpClient that trusts exactly the emulator's certificate.</summary>
        public HttpClientTransport Transport { get; private set; } = null!;

        /// <summary>Over HTTPS with the trusting handler (Graph routes, token endpoint).</summary>
        public HttpClient Https => _https!;

        /// <summary>Over plain HTTP (admin API, managed-identity endpoints).</summary>
        public HttpClient Admin => _admin!;

        public async Task InitializeAsync()
        {
            _host = await EmulatorHost.StartAsync(new EmulatorHostOptions { HttpsPort = 0 });
            Transport = new HttpClientTransport(new HttpClient(TrustingHandler(_host.Certificate!)));
            _https = new HttpClient(TrustingHandler(_host.Certificate!)) { BaseAddress = Authority };
            _admin = new HttpClient { BaseAddress = _host.HttpUrl };
        }

        public async Task DisposeAsync()
        {
            _https?.Dispose();
            _admin?.Dispose();
            if (_host != null)
            {
                await _host.DisposeAsync();
            }
        }

        /// <summary>A handler whose TLS validation accepts the emulator's certificate only (by thumbprint).</summary>
        public static SocketsHttpHandler TrustingHandler(X509Certificate2 certificate)
        {
            var handler = new SocketsHttpHandler();
            string thumbprint = certificate.Thumbprint;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert != null && new X509Certificate2(cert).Thumbprint == thumbprint;
            return handler;
        }

        public static string NewClientId() => Guid.NewGuid().ToString();

        /// <summary>PUT /_emulator/apps/{clientId} over HTTP.</summary>
        public async Task RegisterAsync(string clientId, JsonObject body)
        {
            var response = await Admin.PutAsync("/_emulator/apps/" + clientId, TestService.Json(body));
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        }

        /// <summary>GET of the job list with the token, over HTTPS; returns the status.</summary>
        public async Task<HttpStatusCode> ListJobsAsync(string accessToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, TestService.Root);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await Https.SendAsync(request);
            return response.StatusCode;
        }

        public async Task<JsonObject> StatsAsync()
            => await TestService.ExpectAsync(await Admin.GetAsync("/_emulator/stats"), HttpStatusCode.OK);

        public static async Task<AccessToken> TokenAsync(TokenCredential credential, string scope = Graph)
            => await credential.GetTokenAsync(new TokenRequestContext(new[] { scope }), default);

        /// <summary>The payload of a JWT.</summary>
        public static JsonObject Claims(string jwt)
        {
            string part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
            part += new string('=', (4 - part.Length % 4) % 4);
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(part)))!.AsObject();
        }

        /// <summary>A self-signed RSA certificate with its private key, as an app's credential.</summary>
        public static X509Certificate2 NewAppCertificate(string name = "xtm-test-app")
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), (string?)null);
        }
    }
}
