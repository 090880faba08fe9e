using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    public class AuthTests
    {
        private static async Task Expect401(TestService svc, string? token, string because)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Root);
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var client = new HttpClient(svc.Sandbox.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
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
            await Expect401(svc, svc.Sandbox.IssueToken(new TokenRequest { Lifetime = TimeSpan.FromSeconds(-5) }).AccessToken, "expired");
            await Expect401(svc, svc.Sandbox.IssueToken(new TokenRequest { NotBefore = DateTimeOffset.UtcNow.AddMinutes(5) }).AccessToken, "not yet valid");
            await Expect401(svc, svc.Sandbox.IssueToken(new TokenRequest { Audience = "https://management.azure.com" }).AccessToken, "audience");
            await Expect401(svc, svc.Sandbox.IssueToken(new TokenRequest { TenantId = Guid.NewGuid().ToString() }).AccessToken, "tenant");

            // a token of another emulator instance has a different key
            var other = new MigrationSandbox();
            await Expect401(svc, other.IssueToken(new TokenRequest()).AccessToken, "signature");

            // tampered payload
            string good = svc.Sandbox.IssueToken(new TokenRequest()).AccessToken;
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
        public async Task Read_only_tokens_can_read_but_not_write()
        {
            using var writer = new TestService();
            var job = await writer.CreateAsync("readable");
            foreach (var request in new[]
            {
                new TokenRequest { Scopes = new[] { "CrossTenantContentMigration.Read.All" } },
                new TokenRequest { Roles = new[] { "CrossTenantContentMigration.Read.All" } },
            })
            {
                using var reader = new HttpClient(writer.Sandbox.CreateHandler()) { BaseAddress = writer.Client.BaseAddress };
                reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", writer.Sandbox.IssueToken(request).AccessToken);
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
        public async Task Tokens_without_the_permissions_are_403_even_for_reads()
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

        [Fact]
        public async Task Every_response_carries_request_id_and_echoes_client_request_id()
        {
            using var svc = new TestService();
            using var request = new HttpRequestMessage(HttpMethod.Get, Root);
            request.Headers.Add("client-request-id", "my-correlation-1");
            var response = await svc.Client.SendAsync(request);
            Assert.Equal("my-correlation-1", response.Headers.GetValues("client-request-id").Single());
            Assert.True(Guid.TryParse(response.Headers.GetValues("request-id").Single(), out _));

            var second = await svc.Client.GetAsync(Root);
            Assert.True(Guid.TryParse(second.Headers.GetValues("client-request-id").Single(), out _));
            Assert.NotEqual(response.Headers.GetValues("request-id").Single(), second.Headers.GetValues("request-id").Single());

            using var failing = new HttpRequestMessage(HttpMethod.Get, $"{Root}/{Guid.NewGuid()}");
            failing.Headers.Add("client-request-id", "my-correlation-2");
            var notFound = await svc.Client.SendAsync(failing);
            var body = await ExpectAsync(notFound, HttpStatusCode.NotFound);
            Assert.Equal("my-correlation-2", (string)body["error"]!["innerError"]!["client-request-id"]!);
            Assert.Equal(notFound.Headers.GetValues("request-id").Single(), (string)body["error"]!["innerError"]!["request-id"]!);

            using var anonymous = new HttpClient(svc.Sandbox.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            var unauthorized = await anonymous.GetAsync(Root);
            Assert.Single(unauthorized.Headers.GetValues("request-id"));
        }
    }
}
