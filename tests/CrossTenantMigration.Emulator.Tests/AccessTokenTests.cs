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

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>The access tokens of the emulated Entra ID: what they carry and which ones the Graph routes turn away.</summary>
    public class AccessTokenTests
    {
        [Fact]
        public void A_delegated_token_carries_the_documented_claims()
        {
            var emulator = new MigrationServiceEmulator();
            var issued = emulator.IssueToken(new TokenRequest { Upn = "ops@fabrikam.onmicrosoft.com", Lifetime = TimeSpan.FromMinutes(10) });
            var jwt = new JsonWebToken(issued.AccessToken);
            Assert.Equal("HS256", jwt.Alg);
            Assert.Equal("JWT", jwt.Typ);
            Assert.Equal("https://graph.microsoft.com", jwt.GetPayloadValue<string>("aud"));
            Assert.Equal("https://sts.windows.net/87654321-4321-4321-4321-210987654321/", jwt.GetPayloadValue<string>("iss"));
            Assert.Equal("87654321-4321-4321-4321-210987654321", jwt.GetPayloadValue<string>("tid"));
            Assert.Equal("user", jwt.GetPayloadValue<string>("idtyp"));
            Assert.Equal("CrossTenantContentMigration.ReadWrite.All User.ReadBasic.All", jwt.GetPayloadValue<string>("scp"));
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
            var emulator = new MigrationServiceEmulator();
            var jwt = new JsonWebToken(emulator.IssueToken(new TokenRequest { Roles = new[] { "A.Read", "B.Write" }, AppId = "app-1" }).AccessToken);
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
            var parts = svc.Emulator.IssueToken(new TokenRequest()).AccessToken.Split('.');
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
            string Token(TokenRequest r) => svc.Emulator.IssueToken(r).AccessToken;
            var otherTenant = Guid.NewGuid().ToString();
            Assert.Equal("Lifetime validation failed, the token is expired.",
                await Get401(svc, Token(new TokenRequest { Lifetime = TimeSpan.FromSeconds(-1), Audience = "x", TenantId = otherTenant })));
            Assert.Equal("Invalid audience.", await Get401(svc, Token(new TokenRequest { Audience = "x", TenantId = otherTenant })));
            Assert.Equal("Invalid tenant. The token was not issued for the tenant that owns this resource.", await Get401(svc, Token(new TokenRequest { TenantId = otherTenant })));
            await ExpectAsync(await Get(svc, Token(new TokenRequest { Audience = "https://graph.microsoft.com/" })), HttpStatusCode.OK);
            await ExpectAsync(await Get(svc, Token(new TokenRequest { TenantId = "87654321-4321-4321-4321-210987654321".ToUpperInvariant() })), HttpStatusCode.OK);
        }

        private static async Task Expect401(TestService svc, string? token, string because)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Root);
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var client = new HttpClient(svc.Emulator.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            var response = await client.SendAsync(request);
            string message = await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
            Assert.Contains(because, message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        [Fact]
        public async Task Missing_expired_forged_and_misdirected_tokens_are_401()
        {
            using var svc = new TestService();
            await Expect401(svc, null, "empty");
            await Expect401(svc, "not-a-jwt", "well formed");
            await Expect401(svc, svc.Emulator.IssueToken(new TokenRequest { Lifetime = TimeSpan.FromSeconds(-5) }).AccessToken, "expired");
            await Expect401(svc, svc.Emulator.IssueToken(new TokenRequest { NotBefore = DateTimeOffset.UtcNow.AddMinutes(5) }).AccessToken, "not yet valid");
            await Expect401(svc, svc.Emulator.IssueToken(new TokenRequest { Audience = "https://management.azure.com" }).AccessToken, "audience");
            await Expect401(svc, svc.Emulator.IssueToken(new TokenRequest { TenantId = Guid.NewGuid().ToString() }).AccessToken, "tenant");

            // a token of another emulator instance has a different key
            var other = new MigrationServiceEmulator();
            await Expect401(svc, other.IssueToken(new TokenRequest()).AccessToken, "signature");

            // tampered payload
            string good = svc.Emulator.IssueToken(new TokenRequest()).AccessToken;
            var parts = good.Split('.');
            string payload = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/'))));
            string forged = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload.Replace("admin@", "mallory@"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            await Expect401(svc, parts[0] + "." + forged + "." + parts[2], "signature");
        }

        private static string Pad(string s) => s + new string('=', (4 - s.Length % 4) % 4);

        [Fact]
        public async Task The_graph_app_id_audience_is_accepted()
        {
            using var svc = new TestService(token: new TokenRequest { Audience = "00000003-0000-0000-c000-000000000000" });
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
        }

        [Fact]
        public async Task A_token_expires_in_real_time_not_emulator_time()
        {
            using var svc = new TestService(token: new TokenRequest { Lifetime = TimeSpan.FromSeconds(2) });
            svc.Advance(TimeSpan.FromDays(1));
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await ExpectErrorAsync(await svc.Client.GetAsync(Root), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        }

        [Fact]
        public async Task Read_only_scopes_and_roles_can_read_but_not_write()
        {
            using var writer = new TestService();
            var job = await writer.CreateAsync("readable");
            foreach (var request in new[]
            {
                new TokenRequest { Scopes = new[] { "CrossTenantContentMigration.Read.All" } },
                new TokenRequest { Roles = new[] { "CrossTenantContentMigration.Read.All" } },
            })
            {
                using var reader = new HttpClient(writer.Emulator.CreateHandler()) { BaseAddress = writer.Client.BaseAddress };
                reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", writer.Emulator.IssueToken(request).AccessToken);
                await ExpectAsync(await reader.GetAsync(Root), HttpStatusCode.OK);
                await ExpectAsync(await reader.GetAsync($"{Root}/{job["id"]}/users"), HttpStatusCode.OK);
                string message = await ExpectErrorAsync(await reader.PostAsync(Root, Json(writer.JobBody("nope"))), HttpStatusCode.Forbidden, "accessDenied");
                Assert.Contains("CrossTenantContentMigration.ReadWrite.All", message);
                await ExpectErrorAsync(await reader.PostAsync($"{Root}/{job["id"]}/validate", null), HttpStatusCode.Forbidden, "accessDenied");
                await ExpectErrorAsync(await reader.DeleteAsync($"{Root}/{job["id"]}"), HttpStatusCode.Forbidden, "accessDenied");
            }

            Assert.Equal("submitted", await writer.StatusAsync((string)job["id"]!));
        }

        [Fact]
        public async Task Scopes_without_the_permissions_are_403_even_for_reads()
        {
            using var svc = new TestService(token: new TokenRequest { Scopes = new[] { "User.Read" } });
            string message = await ExpectErrorAsync(await svc.Client.GetAsync(Root), HttpStatusCode.Forbidden, "accessDenied");
            Assert.Contains("CrossTenantContentMigration.Read.All", message);
        }

        [Fact]
        public async Task Application_tokens_with_read_write_role_can_write()
        {
            using var svc = new TestService(token: new TokenRequest { Roles = new[] { "CrossTenantContentMigration.ReadWrite.All" } });
            await svc.CreateAsync("app-created");
        }

        private static async Task<HttpResponseMessage> Get(TestService svc, string token)
        {
            using var client = new HttpClient(svc.Emulator.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.GetAsync(Root);
        }

        private static async Task<string> Get401(TestService svc, string token)
            => await ExpectErrorAsync(await Get(svc, token), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
    }
}
