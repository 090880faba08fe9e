using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    public class AddressingTests
    {
        private static string ByName(string name) =>
            "v1.0/solutions/migrations/crossTenantMigrationJobs(displayName='" + Uri.EscapeDataString(name.Replace("'", "''")) + "')";

        [Fact]
        public async Task Alternate_key_works_for_get_patch_actions_and_delete_including_quotes()
        {
            using var svc = new TestService();
            const string name = "O'Brien's batch / 1";
            var job = await svc.CreateAsync(name);
            string id = (string)job["id"]!;

            var got = await ExpectAsync(await svc.Client.GetAsync(ByName(name)), HttpStatusCode.OK);
            Assert.Equal(id, (string)got["id"]!);
            var caseInsensitive = await ExpectAsync(await svc.Client.GetAsync(ByName(name.ToUpperInvariant())), HttpStatusCode.OK);
            Assert.Equal(id, (string)caseInsensitive["id"]!);

            var newTime = svc.Sandbox.Clock.UtcNow.AddDays(2);
            await ExpectAsync(await svc.PatchAsync(ByName(name), new JsonObject { ["completeAfterDateTime"] = newTime.ToString("o") }), HttpStatusCode.NoContent);
            Assert.Equal(newTime.UtcDateTime, DateTimeOffset.Parse((string)(await svc.GetJobAsync(id))["completeAfterDateTime"]!).UtcDateTime);

            var validated = await ExpectAsync(await svc.Client.PostAsync(ByName(name) + "/validate", null), HttpStatusCode.OK);
            Assert.Equal("validateSubmitted", (string)validated["status"]!);
            svc.Advance(3);
            await ExpectAsync(await svc.Client.PostAsync(ByName(name) + "/microsoft.graph.cancel", null), HttpStatusCode.Accepted);
            svc.Advance();
            await ExpectAsync(await svc.Client.DeleteAsync(ByName(name)), HttpStatusCode.Accepted);
            svc.Advance();
            await ExpectErrorAsync(await svc.Client.GetAsync(ByName(name)), HttpStatusCode.NotFound, "itemNotFound");
        }

        [Fact]
        public async Task Key_in_parentheses_and_malformed_keys()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("paren");
            string id = (string)job["id"]!;
            await ExpectAsync(await svc.Client.GetAsync($"v1.0/solutions/migrations/crossTenantMigrationJobs('{id}')"), HttpStatusCode.OK);
            await ExpectErrorAsync(await svc.Client.GetAsync("v1.0/solutions/migrations/crossTenantMigrationJobs(displayName='it's')"), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.GetAsync("v1.0/solutions/migrations/crossTenantMigrationJobs(name='x')"), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.GetAsync("v1.0/solutions/migrations/crossTenantMigrationJobs(displayName=x)"), HttpStatusCode.BadRequest, "invalidRequest");
        }

        [Fact]
        public async Task Unknown_ids_and_names_are_404()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("known");
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/known"), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.GetAsync(ByName("unknown")), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{Guid.NewGuid()}/validate", null), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{Guid.NewGuid()}/migrate", null), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{job["id"]}/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{job["id"]}/users/{Guid.NewGuid()}/cancel", null), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{Guid.NewGuid()}/users/{Guid.NewGuid()}/cancel", null), HttpStatusCode.NotFound, "itemNotFound");
        }

        [Theory]
        [InlineData("v1.0")]
        [InlineData("beta")]
        public async Task Both_versions_serve_the_same_jobs_and_link_within_their_version(string version)
        {
            using var svc = new TestService();
            var created = await ExpectAsync(await svc.PostAsync($"{version}/solutions/migrations/crossTenantMigrationJobs", svc.JobBody("versioned")), HttpStatusCode.Created);
            Assert.StartsWith($"https://graph.microsoft.com/{version}/$metadata#", (string)created["@odata.context"]!);
            string id = (string)created["id"]!;
            var other = version == "beta" ? "v1.0" : "beta";
            await ExpectAsync(await svc.Client.GetAsync($"{other}/solutions/migrations/crossTenantMigrationJobs/{id}"), HttpStatusCode.OK);
            var validated = await ExpectAsync(await svc.Client.PostAsync($"{version}/solutions/migrations/crossTenantMigrationJobs/{id}/microsoft.graph.validate", null), HttpStatusCode.OK);
            Assert.Equal($"https://graph.microsoft.com/{version}/$metadata#microsoft.graph.crossTenantMigrationJob", (string)validated["@odata.context"]!);
        }

        [Fact]
        public async Task Namespace_qualified_actions_are_accepted()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("qualified", completeAfter: svc.Sandbox.Clock.UtcNow.AddHours(1));
            string id = (string)job["id"]!;
            await ExpectAsync(await svc.Client.PostAsync($"{Root}/{id}/microsoft.graph.validate", null), HttpStatusCode.OK);
            svc.Advance(3);
            await ExpectAsync(await svc.Client.PostAsync($"{Root}/{id}/microsoft.graph.migrate", null), HttpStatusCode.OK);
        }

        [Fact]
        public async Task Unknown_routes_are_404_or_400_and_wrong_methods_are_405()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("routes");
            await ExpectErrorAsync(await svc.Client.GetAsync("v2.0/solutions/migrations/crossTenantMigrationJobs"), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.GetAsync("v1.0/solutions/migrations/crossTenantMigrationTasks"), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{job["id"]}/approve", null), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{job["id"]}/users/{Guid.NewGuid()}/extra/more"), HttpStatusCode.BadRequest, "invalidRequest");

            var put = await svc.Client.PutAsync($"{Root}/{job["id"]}", Json("{}"));
            await ExpectErrorAsync(put, HttpStatusCode.MethodNotAllowed, "invalidRequest");
            Assert.Contains("PATCH", put.Content.Headers.Allow);
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{job["id"]}/validate"), HttpStatusCode.MethodNotAllowed, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.DeleteAsync(Root), HttpStatusCode.MethodNotAllowed, "invalidRequest");

            var root = await ExpectAsync(await svc.Client.GetAsync("v1.0/solutions/migrations"), HttpStatusCode.OK);
            Assert.NotNull(root["id"]);
        }

        [Fact]
        public async Task Actions_take_no_body_but_accept_an_empty_object()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("bodies");
            await ExpectAsync(await svc.Client.PostAsync($"{Root}/{job["id"]}/validate", Json("{}")), HttpStatusCode.OK);
            var other = await svc.CreateAsync("bodies-2");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{other["id"]}/validate", Json("{\"force\":true}")), HttpStatusCode.BadRequest, "invalidRequest");
        }
    }
}
