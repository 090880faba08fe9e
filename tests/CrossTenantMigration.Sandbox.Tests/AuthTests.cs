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
    /// <summary>Who may call the sandbox: the callers of the opaque tokens it issued, each with its permissions.</summary>
    public class AuthTests
    {
        private static async Task Expect401(TestService svc, string? token, string because)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Root);
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var client = new HttpClient(svc.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            var response = await client.SendAsync(request);
            string message = await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
            Assert.Contains(because, message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        [Fact]
        public async Task Missing_expired_and_unknown_tokens_are_401()
        {
            using var svc = new TestService();
            await Expect401(svc, null, "empty");
            await Expect401(svc, "not-a-token", "did not issue");
            await Expect401(svc, svc.IssueToken(TestService.Caller(), TimeSpan.FromSeconds(-5)), "expired");

            // a token of another sandbox means nothing here
            using var other = new TestService();
            await Expect401(svc, other.IssueToken(TestService.Caller(), TimeSpan.FromHours(1)), "did not issue");
        }

        [Fact]
        public void A_token_is_opaque_and_new_each_time()
        {
            using var svc = new TestService();
            string first = svc.IssueToken(TestService.Caller(), TimeSpan.FromHours(1));
            string second = svc.IssueToken(TestService.Caller(), TimeSpan.FromHours(1));
            Assert.NotEqual(first, second);
            Assert.Matches("^[A-Za-z0-9_-]{43}$", first); // 32 random bytes, base64url: nothing to read in it
        }

        [Fact]
        public async Task A_token_expires_in_real_time_not_sandbox_time()
        {
            using var svc = new TestService();
            using var client = new HttpClient(svc.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", svc.IssueToken(TestService.Caller(), TimeSpan.FromSeconds(2)));
            svc.Advance(TimeSpan.FromDays(1));
            await ExpectAsync(await client.GetAsync(Root), HttpStatusCode.OK);
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await ExpectErrorAsync(await client.GetAsync(Root), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        }

        [Fact]
        public async Task Read_only_callers_can_read_but_not_write()
        {
            using var writer = new TestService();
            var job = await writer.CreateAsync("readable");
            var readOnly = TestService.Caller(c =>
            {
                c.Permissions.Clear();
                c.Permissions.Add(SandboxCaller.ReadPermission);
            });
            using var reader = new HttpClient(writer.CreateHandler()) { BaseAddress = writer.Client.BaseAddress };
            reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", writer.IssueToken(readOnly, TimeSpan.FromHours(1)));
            await ExpectAsync(await reader.GetAsync(Root), HttpStatusCode.OK);
            await ExpectAsync(await reader.GetAsync($"{Root}/{job["id"]}/users"), HttpStatusCode.OK);
            string message = await ExpectErrorAsync(await reader.PostAsync(Root, Json(writer.JobBody("nope"))), HttpStatusCode.Forbidden, "accessDenied");
            Assert.Contains("CrossTenantContentMigration.ReadWrite.All", message);
            await ExpectErrorAsync(await reader.PostAsync($"{Root}/{job["id"]}/validate", null), HttpStatusCode.Forbidden, "accessDenied");
            await ExpectErrorAsync(await reader.DeleteAsync($"{Root}/{job["id"]}"), HttpStatusCode.Forbidden, "accessDenied");

            Assert.Equal("submitted", await writer.StatusAsync((string)job["id"]!));
        }

        [Fact]
        public async Task Callers_without_the_permissions_are_403_even_for_reads()
        {
            using var svc = new TestService(caller: TestService.Caller(c =>
            {
                c.Permissions.Clear();
                c.Permissions.Add("User.Read");
            }));
            string message = await ExpectErrorAsync(await svc.Client.GetAsync(Root), HttpStatusCode.Forbidden, "accessDenied");
            Assert.Contains("CrossTenantContentMigration.Read.All", message);
        }

        [Fact]
        public async Task The_authorization_header_must_be_a_bearer_token()
        {
            using var svc = new TestService();
            using var client = new HttpClient(svc.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, Root);
            request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
            string message = await ExpectErrorAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
            Assert.Equal("Authorization header is not a Bearer token.", message);
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

            using var anonymous = new HttpClient(svc.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            var unauthorized = await anonymous.GetAsync(Root);
            Assert.Single(unauthorized.Headers.GetValues("request-id"));
        }
    }
}
