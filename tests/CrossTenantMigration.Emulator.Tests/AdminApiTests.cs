using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Emulator.Tests
{
    public class AdminApiTests
    {
        [Fact]
        public async Task Token_endpoint_issues_tokens_the_service_accepts()
        {
            var emulator = new MigrationServiceEmulator();
            using var client = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1:5000/") };
            var token = await ExpectAsync(await client.PostAsync("_emulator/token", Json("{\"scopes\":[\"CrossTenantContentMigration.Read.All\"],\"lifetimeSeconds\":600}")), HttpStatusCode.OK);
            Assert.Equal("Bearer", (string)token["token_type"]!);
            Assert.InRange((long)token["expires_in"]!, 590, 600);
            Assert.True((long)token["expires_on"]! > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["access_token"]!);
            await ExpectAsync(await client.GetAsync(Root), HttpStatusCode.OK);
            await ExpectErrorAsync(await client.PostAsync(Root, Json("{}")), HttpStatusCode.Forbidden, "accessDenied");

            var wrongTenant = await ExpectAsync(await client.PostAsync("_emulator/token", Json("{\"tenantId\":\"" + Guid.NewGuid() + "\"}")), HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)wrongTenant["access_token"]!);
            await ExpectErrorAsync(await client.GetAsync(Root), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        }

        [Fact]
        public async Task Stats_clock_options_and_reset()
        {
            using var svc = new TestService();
            await svc.CreateAsync("counted");
            await svc.Client.GetAsync(Root);
            await svc.Client.GetAsync("_emulator/stats"); // admin calls are not counted
            var stats = await ExpectAsync(await svc.Client.GetAsync("_emulator/stats"), HttpStatusCode.OK);
            Assert.Equal(2, (int)stats["total"]!);
            Assert.Equal(1, (int)stats["byMethod"]!["POST"]!);
            Assert.Equal(1, (int)stats["byMethod"]!["GET"]!);
            Assert.Equal(1, (int)stats["creates"]!);
            Assert.Equal(1, (int)stats["jobs"]!);
            Assert.Equal(0, (int)stats["duplicateDisplayNames"]!);

            await ExpectAsync(await svc.Client.PostAsync("_emulator/stats/reset", null), HttpStatusCode.NoContent);
            Assert.Equal(0, svc.Emulator.GetStatistics().Requests);

            var clock = await ExpectAsync(await svc.Client.GetAsync("_emulator/clock"), HttpStatusCode.OK);
            var before = DateTimeOffset.Parse((string)clock["utcNow"]!);
            var advanced = await ExpectAsync(await svc.Client.PostAsync("_emulator/clock/advance", Json("{\"seconds\":3600}")), HttpStatusCode.OK);
            Assert.True(DateTimeOffset.Parse((string)advanced["utcNow"]!) - before >= TimeSpan.FromHours(1));
            await ExpectErrorAsync(await svc.Client.PostAsync("_emulator/clock/advance", Json("{\"seconds\":-1}")), HttpStatusCode.BadRequest, "invalidRequest");

            var options = await ExpectAsync(await svc.Client.PutAsync("_emulator/options", Json("{\"stepMilliseconds\":500,\"autoValidateOnCreate\":true,\"quirks\":false,\"pageSize\":5}")), HttpStatusCode.OK);
            Assert.Equal(500, (int)options["stepMilliseconds"]!);
            Assert.Equal(TimeSpan.FromMilliseconds(500), svc.Emulator.Options.StepDuration);
            Assert.True(svc.Emulator.Options.AutoValidateOnCreate);
            Assert.False(svc.Emulator.Options.Quirks);
            Assert.Equal(5, svc.Emulator.Options.PageSize);
            Assert.True(svc.Emulator.Options.EnforceOneActiveBatchPerUser); // untouched
            await ExpectErrorAsync(await svc.Client.PutAsync("_emulator/options", Json("{\"stepSeconds\":1}")), HttpStatusCode.BadRequest, "invalidRequest");

            await ExpectAsync(await svc.Client.PostAsync("_emulator/reset", null), HttpStatusCode.NoContent);
            Assert.Equal(0, svc.Emulator.GetStatistics().Jobs);
            Assert.Equal(TimeSpan.Zero, svc.Emulator.Clock.Offset);
            // the token stays valid after a reset
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
        }

        [Fact]
        public async Task Throttle_faults_and_user_failures_over_the_admin_api()
        {
            using var svc = new TestService();
            await ExpectAsync(await svc.Client.PutAsync("_emulator/throttle", Json("{\"everyNth\":1,\"retryAfterSeconds\":4,\"maxCount\":1}")), HttpStatusCode.NoContent);
            var throttled = await svc.Client.GetAsync(Root);
            Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(4), throttled.Headers.RetryAfter!.Delta);
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            await ExpectAsync(await svc.Client.DeleteAsync("_emulator/throttle"), HttpStatusCode.NoContent);
            Assert.Null(svc.Emulator.Throttle);

            await ExpectAsync(await svc.Client.PutAsync("_emulator/faults", Json("{\"rate\":1,\"kinds\":[\"unavailable\"],\"seed\":3}")), HttpStatusCode.NoContent);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await svc.Client.GetAsync(Root)).StatusCode);
            await ExpectAsync(await svc.Client.PutAsync("_emulator/faults", Json("{\"rate\":1,\"kinds\":[\"dropAfterCommit\"],\"stallMilliseconds\":10}")), HttpStatusCode.NoContent);
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => svc.Client.GetAsync(Root));
            await ExpectErrorAsync(await svc.Client.PutAsync("_emulator/faults", Json("{\"rate\":1,\"kinds\":[\"meteor\"]}")), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectAsync(await svc.Client.DeleteAsync("_emulator/faults"), HttpStatusCode.NoContent);

            string user = NewUser();
            await ExpectAsync(await svc.Client.PutAsync($"_emulator/users/{user}/failure", Json("{\"phase\":\"validate\",\"workload\":\"ODSP\",\"code\":\"OdspBlocked\",\"message\":\"Blocked.\"}")), HttpStatusCode.NoContent);
            var job = await svc.CreateAsync("admin-failure", new[] { user });
            await svc.ActionAsync((string)job["id"]!, "validate");
            svc.Advance(3);
            Assert.Equal("invalid", (await svc.WorkloadStatusesAsync((string)job["id"]!, user))["ODSP"]);
            await ExpectAsync(await svc.Client.DeleteAsync($"_emulator/users/{user}/failure"), HttpStatusCode.NoContent);
            await svc.ActionAsync((string)job["id"]!, "validate");
            svc.Advance(3);
            Assert.Equal("validatePassed", await svc.StatusAsync((string)job["id"]!));

            await ExpectErrorAsync(await svc.Client.GetAsync("_emulator/nothing"), HttpStatusCode.NotFound, "itemNotFound");
        }

        [Fact]
        public async Task Faults_next_injects_faults_by_count_for_one_method()
        {
            using var svc = new TestService();
            await ExpectAsync(await svc.Client.PostAsync("_emulator/faults/next", Json("{\"kind\":\"dropAfterCommit\",\"count\":1,\"method\":\"POST\"}")), HttpStatusCode.NoContent);
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK); // not a POST: goes through
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => svc.PostAsync(Root, svc.JobBody("committed-then-dropped")));
            await svc.CreateAsync("the-next-post-goes-through");

            var stats = await ExpectAsync(await svc.Client.GetAsync("_emulator/stats"), HttpStatusCode.OK);
            Assert.Equal(1, (int)stats["faultsInjected"]!);
            Assert.Equal(2, (int)stats["creates"]!);
            Assert.Equal(3, (int)stats["total"]!);
        }

        [Fact]
        public async Task Faults_next_counts_any_method_by_default_and_can_be_cleared()
        {
            using var svc = new TestService();
            await ExpectAsync(await svc.Client.PostAsync("_emulator/faults/next", Json("{\"Kind\":\"503\",\"count\":2}")), HttpStatusCode.NoContent);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await svc.Client.GetAsync(Root)).StatusCode);
            await ExpectAsync(await svc.Client.DeleteAsync("_emulator/faults/next"), HttpStatusCode.NoContent);
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);

            await ExpectAsync(await svc.Client.PostAsync("_emulator/faults/next", Json("{\"kind\":\"throttle\"}")), HttpStatusCode.NoContent);
            Assert.Equal((HttpStatusCode)429, (await svc.Client.GetAsync(Root)).StatusCode); // count defaults to 1
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal(2, svc.Emulator.GetStatistics().FaultsInjected);
        }

        [Theory]
        [InlineData("{\"count\":1}")]
        [InlineData("{\"kind\":\"meteor\",\"count\":1}")]
        [InlineData("{\"kind\":\"stall\",\"count\":0}")]
        [InlineData("{\"kind\":\"stall\",\"count\":1,\"rate\":1}")]
        public async Task Faults_next_refuses_a_bad_body_and_injects_nothing(string body)
        {
            using var svc = new TestService();
            await ExpectErrorAsync(await svc.Client.PostAsync("_emulator/faults/next", Json(body)), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal(0, svc.Emulator.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task Admin_routes_need_no_token_and_are_not_throttled()
        {
            var emulator = new MigrationServiceEmulator();
            emulator.Throttle = new ThrottleSettings { EveryNth = 1 };
            using var client = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
            await ExpectAsync(await client.GetAsync("_emulator/stats"), HttpStatusCode.OK);
            Assert.Equal(0, emulator.GetStatistics().Requests);
        }
    }
}
