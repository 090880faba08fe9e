using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>The sandbox's own bearer tokens: what they carry and which ones it turns away.</summary>
    public class BearerTokenTests
    {
        [Fact]
        public void A_delegated_token_carries_the_documented_claims()
        {
            var sandbox = new MigrationSandbox();
            var issued = sandbox.IssueToken(new TokenRequest { Upn = "ops@fabrikam.onmicrosoft.com", Lifetime = TimeSpan.FromMinutes(10) });
            var jwt = new JsonWebToken(issued.AccessToken);
            Assert.Equal("HS256", jwt.Alg);
            Assert.Equal("JWT", jwt.Typ);
            Assert.Equal("https://graph.microsoft.com", jwt.GetPayloadValue<string>("aud"));
            Assert.Equal("https://sts.windows.net/87654321-4321-4321-4321-210987654321/", jwt.GetPayloadValue<string>("iss"));
            Assert.Equal("87654321-4321-4321-4321-210987654321", jwt.GetPayloadValue<string>("tid"));
            Assert.Equal("user", jwt.GetPayloadValue<string>("idtyp"));
            Assert.Equal("CrossTenantContentMigration.ReadWrite.All", jwt.GetPayloadValue<string>("scp"));
            Assert.Equal("ops@fabrikam.onmicrosoft.com", jwt.GetPayloadValue<string>("upn"));
            Assert.Equal(jwt.GetPayloadValue<string>("oid"), jwt.GetPayloadValue<string>("sub"));
            Assert.Equal(jwt.GetPayloadValue<string>("appid"), jwt.GetPayloadValue<string>("azp"));
            Assert.False(jwt.TryGetPayloadValue("roles", out string[] _));
            Assert.Equal(issued.ExpiresOn.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("exp"));
            Assert.Equal(0, issued.ExpiresOn.Millisecond);
        }

        [Fact]
        public void An_application_token_has_roles_and_no_user()
        {
            var sandbox = new MigrationSandbox();
            var jwt = new JsonWebToken(sandbox.IssueToken(new TokenRequest { Roles = new[] { "A.Read", "B.Write" }, AppId = "app-1" }).AccessToken);
            Assert.Equal(new[] { "A.Read", "B.Write" }, jwt.GetPayloadValue<string[]>("roles"));
            Assert.Equal("app", jwt.GetPayloadValue<string>("idtyp"));
            Assert.Equal("app-1", jwt.GetPayloadValue<string>("appid"));
            Assert.False(jwt.TryGetPayloadValue("scp", out string _));
            Assert.False(jwt.TryGetPayloadValue("upn", out string _));
        }

        [Fact]
        public async Task A_token_with_another_algorithm_or_without_a_signature_is_401()
        {
            using var svc = new TestService();
            var parts = svc.Sandbox.IssueToken(new TokenRequest()).AccessToken.Split('.');
            string none = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
            string hs512 = Base64UrlEncoder.Encode("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
            foreach (var token in new[] { none, hs512 })
            {
                string message = await Get401(svc, token);
                Assert.Equal("Invalid signing algorithm.", message);
            }

            Assert.Equal("IDX14100: JWT is not well formed.", await Get401(svc, parts[0] + "." + parts[1]));
            Assert.Equal("Invalid signature.", await Get401(svc, parts[0] + "." + parts[1] + "." + parts[2].Substring(1)));
        }

        [Fact]
        public async Task The_checks_after_the_signature_come_in_order_lifetime_audience_tenant()
        {
            using var svc = new TestService();
            string Token(TokenRequest r) => svc.Sandbox.IssueToken(r).AccessToken;
            var otherTenant = Guid.NewGuid().ToString();
            Assert.Equal("Lifetime validation failed, the token is expired.",
                await Get401(svc, Token(new TokenRequest { Lifetime = TimeSpan.FromSeconds(-1), Audience = "x", TenantId = otherTenant })));
            Assert.Equal("Invalid audience.", await Get401(svc, Token(new TokenRequest { Audience = "x", TenantId = otherTenant })));
            Assert.Equal("Invalid tenant. The token was not issued for the tenant that owns this resource.", await Get401(svc, Token(new TokenRequest { TenantId = otherTenant })));
            await ExpectAsync(await Get(svc, Token(new TokenRequest { Audience = "https://graph.microsoft.com/" })), HttpStatusCode.OK);
            await ExpectAsync(await Get(svc, Token(new TokenRequest { TenantId = "87654321-4321-4321-4321-210987654321".ToUpperInvariant() })), HttpStatusCode.OK);
        }

        [Fact]
        public async Task The_authorization_header_must_be_a_bearer_token()
        {
            using var svc = new TestService();
            using var client = new HttpClient(svc.Sandbox.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, Root);
            request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
            string message = await ExpectErrorAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
            Assert.Equal("Authorization header is not a Bearer token.", message);
        }

        private static async Task<HttpResponseMessage> Get(TestService svc, string token)
        {
            using var client = new HttpClient(svc.Sandbox.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.GetAsync(Root);
        }

        private static async Task<string> Get401(TestService svc, string token)
            => await ExpectErrorAsync(await Get(svc, token), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }
}
