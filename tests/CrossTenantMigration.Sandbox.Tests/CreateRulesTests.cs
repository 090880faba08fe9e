using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    public class CreateRulesTests
    {
        public static TheoryData<string, string> InvalidBodies()
        {
            string u = Guid.NewGuid().ToString();
            return new TheoryData<string, string>
            {
                { "displayName", "{\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "displayName", "{\"displayName\":\"   \",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "displayName", "{\"displayName\":42,\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "completeAfterDateTime", "{\"displayName\":\"x\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "completeAfterDateTime", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2000-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "completeAfterDateTime", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"next tuesday\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "completeAfterDateTime", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "sourceTenantId", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "sourceTenantId", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"contoso.onmicrosoft.com\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "resourceType", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "resourceType", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Groups\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "resources", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"workloads\":[\"Teams\"]}" },
                { "resources", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[],\"workloads\":[\"Teams\"]}" },
                { "resources", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"alice@contoso.com\"],\"workloads\":[\"Teams\"]}" },
                { "resources", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\",\"" + u.ToUpperInvariant() + "\"],\"workloads\":[\"Teams\"]}" },
                { "workloads", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"SharePoint\"]}" },
                { "workloads", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[]}" },
                { "workloads", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\",\"teams\"]}" },
                { "exchangeSettings", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Exchange\"]}" },
                { "exchangeSettings", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"]}" },
                { "exchangeSettings", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"exchangeSettings\":{\"sourceEndpoint\":\"EXOHandler\"}}" },
                { "exchangeSettings.targetDeliveryDomain", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"exchangeSettings\":{\"targetDeliveryDomain\":\"not a domain\"}}" },
                { "exchangeSettings.region", "{\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"exchangeSettings\":{\"targetDeliveryDomain\":\"fabrikam.com\",\"region\":\"eu\"}}" },
                { "status", "{\"displayName\":\"x\",\"status\":\"completed\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "id", "{\"id\":\"" + u + "\",\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "createdBy", "{\"createdBy\":\"me\",\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
                { "priority", "{\"priority\":1,\"displayName\":\"x\",\"completeAfterDateTime\":\"2099-01-01T00:00:00Z\",\"sourceTenantId\":\"" + SourceTenant + "\",\"resourceType\":\"Users\",\"resources\":[\"" + u + "\"],\"workloads\":[\"Teams\"]}" },
            };
        }

        [Theory]
        [MemberData(nameof(InvalidBodies))]
        public async Task Create_rule_violations_are_400_naming_the_property(string property, string body)
        {
            using var svc = new TestService();
            var response = await svc.Client.PostAsync(Root, Json(body));
            string message = await ExpectErrorAsync(response, HttpStatusCode.BadRequest, "invalidRequest");
            Assert.Contains(property, message);
            Assert.Equal(0, svc.Sandbox.GetStatistics().Jobs);
        }

        [Fact]
        public async Task Resources_are_limited_to_2000()
        {
            using var svc = new TestService();
            var ok = svc.JobBody("max", Enumerable.Range(0, 2000).Select(_ => NewUser()));
            await ExpectAsync(await svc.PostAsync(Root, ok), HttpStatusCode.Created);
            var tooMany = svc.JobBody("too-many", Enumerable.Range(0, 2001).Select(_ => NewUser()));
            Assert.Contains("resources", await ExpectErrorAsync(await svc.PostAsync(Root, tooMany), HttpStatusCode.BadRequest, "invalidRequest"));
        }

        [Fact]
        public async Task Not_json_and_wrong_content_type_are_rejected()
        {
            using var svc = new TestService();
            await ExpectErrorAsync(await svc.Client.PostAsync(Root, Json("{not json")), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.PostAsync(Root, Json("[]")), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.PostAsync(Root, new System.Net.Http.StringContent(svc.JobBody("t").ToJsonString())), (HttpStatusCode)415, "invalidRequest");
        }

        [Fact]
        public async Task Odata_type_is_accepted_and_workloads_are_case_insensitive()
        {
            using var svc = new TestService(new SandboxOptions { Quirks = false });
            var body = svc.JobBody("typed", workloads: new[] { "exchange", "odsp" });
            body["@odata.type"] = "#microsoft.graph.crossTenantMigrationJob";
            body["exchangeSettings"]!["@odata.type"] = "#microsoft.graph.exchangeOnlineCrossTenantMigrationSettings";
            body["resourceType"] = "users";
            var job = await ExpectAsync(await svc.PostAsync(Root, body), HttpStatusCode.Created);
            Assert.Equal(new[] { "Exchange", "ODSP" }, job["workloads"]!.AsArray().Select(w => (string)w!));
            Assert.Equal("Users", (string)job["resourceType"]!);
        }

        [Fact]
        public async Task Omitted_workloads_mean_all_three_and_exchange_settings_are_optional_without_exchange()
        {
            using var svc = new TestService(new SandboxOptions { Quirks = false });
            var all = await svc.CreateAsync("all");
            Assert.Equal(new[] { "Exchange", "ODSP", "Teams" }, all["workloads"]!.AsArray().Select(w => (string)w!));

            var body = svc.JobBody("teams-only", workloads: new[] { "Teams" });
            body.Remove("exchangeSettings");
            var job = await ExpectAsync(await svc.PostAsync(Root, body), HttpStatusCode.Created);
            Assert.Null(job["exchangeSettings"]);
        }

        [Fact]
        public async Task Create_response_has_the_server_set_fields()
        {
            using var svc = new TestService();
            string user = NewUser();
            var before = svc.Sandbox.Clock.UtcNow.AddSeconds(-1);
            var response = await svc.PostAsync(Root, svc.JobBody("fields", new[] { user }));
            var job = await ExpectAsync(response, HttpStatusCode.Created);
            Assert.StartsWith("https://graph.microsoft.com/v1.0/$metadata#solutions/migrations/crossTenantMigrationJobs/$entity", (string)job["@odata.context"]!);
            Assert.True(Guid.TryParse((string)job["id"]!, out _));
            Assert.Equal("87654321-4321-4321-4321-210987654321", (string)job["targetTenantId"]!);
            Assert.Equal("submitted", (string)job["status"]!);
            Assert.Equal("validate", (string)job["jobType"]!);
            Assert.Equal("", (string)job["message"]!);
            Assert.Equal("a0d9fdb1-171f-4e2b-8a82-06775ad24790", (string)job["createdBy"]!);
            string created = (string)job["createdDateTime"]!;
            Assert.EndsWith("Z", created);
            Assert.True(DateTimeOffset.Parse(created) >= before);
            Assert.Equal(created, (string)job["lastUpdatedDateTime"]!);
            // the create response echoes what was sent
            Assert.Equal(new[] { user }, job["resources"]!.AsArray().Select(r => (string)r!));
            Assert.Equal("Users", (string)job["resourceType"]!);
            Assert.Equal(response.Headers.Location!.ToString(), $"https://graph.microsoft.com/v1.0/solutions/migrations/crossTenantMigrationJobs/{job["id"]}");
        }

        [Fact]
        public async Task Quirks_echo_empty_resources_lowercase_values_and_object_id_outside_create()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("quirky");
            var got = await svc.GetJobAsync((string)job["id"]!);
            Assert.Empty(got["resources"]!.AsArray());
            Assert.Equal("users", (string)got["resourceType"]!);
            Assert.Equal(new[] { "exchange", "odsp", "teams" }, got["workloads"]!.AsArray().Select(w => (string)w!));
            Assert.Equal("a0d9fdb1-171f-4e2b-8a82-06775ad24790", (string)got["createdBy"]!);
        }

        [Fact]
        public async Task Without_quirks_the_stored_values_and_the_upn_or_app_id_are_echoed()
        {
            using var svc = new TestService(new SandboxOptions { Quirks = false }, TestService.Caller(c => c.Upn = "migrator@fabrikam.com"));
            string user = NewUser();
            var job = await svc.CreateAsync("plain", new[] { user });
            var got = await svc.GetJobAsync((string)job["id"]!);
            Assert.Equal(new[] { user }, got["resources"]!.AsArray().Select(r => (string)r!));
            Assert.Equal("Users", (string)got["resourceType"]!);
            Assert.Equal("Exchange", (string)got["workloads"]![0]!);
            Assert.Equal("migrator@fabrikam.com", (string)got["createdBy"]!);

            using var app = new TestService(new SandboxOptions { Quirks = false }, TestService.Caller(c =>
            {
                c.Upn = null; // an application
                c.AppId = "11111111-2222-3333-4444-555555555555";
            }));
            var appJob = await app.CreateAsync("by-app");
            Assert.Equal("11111111-2222-3333-4444-555555555555", (string)appJob["createdBy"]!);
        }

        [Fact]
        public async Task Duplicate_display_name_is_409_case_insensitive()
        {
            using var svc = new TestService();
            await svc.CreateAsync("Batch One");
            var response = await svc.PostAsync(Root, svc.JobBody("batch one"));
            Assert.Contains("Batch One", await ExpectErrorAsync(response, HttpStatusCode.Conflict, "nameAlreadyExists"));
            Assert.Equal(0, svc.Sandbox.GetStatistics().DuplicateDisplayNames);
        }

        [Fact]
        public async Task A_user_in_an_active_job_cannot_join_another_until_released()
        {
            using var svc = new TestService();
            string user = NewUser();
            var first = await svc.CreateAsync("first", new[] { user });
            string message = await ExpectErrorAsync(await svc.PostAsync(Root, svc.JobBody("second", new[] { NewUser(), user.ToUpperInvariant() })), HttpStatusCode.Conflict, "conflict");
            Assert.Contains(user, message);
            Assert.Contains("first", message);
            Assert.Contains((string)first["id"]!, message);

            // cancelling the user in the first job frees it once the cancel has completed
            await ExpectAsync(await svc.Client.PostAsync($"{Root}/{first["id"]}/users/{user}/cancel", null), HttpStatusCode.Accepted);
            await ExpectErrorAsync(await svc.PostAsync(Root, svc.JobBody("second", new[] { user })), HttpStatusCode.Conflict, "conflict");
            svc.Advance();
            await svc.CreateAsync("second", new[] { user });
        }

        [Fact]
        public async Task Users_are_released_when_a_job_is_cancelled_and_the_rule_can_be_switched_off()
        {
            using var svc = new TestService();
            string user = NewUser();
            var first = await svc.CreateAsync("first", new[] { user });
            await svc.ActionAsync((string)first["id"]!, "cancel", HttpStatusCode.Accepted);
            // pendingCancel still holds the user
            await ExpectErrorAsync(await svc.PostAsync(Root, svc.JobBody("second", new[] { user })), HttpStatusCode.Conflict, "conflict");
            svc.Advance();
            await svc.CreateAsync("second", new[] { user });

            svc.Sandbox.Options.EnforceOneActiveBatchPerUser = false;
            await svc.CreateAsync("third", new[] { user });
        }

        [Fact]
        public async Task Past_complete_after_can_be_allowed_by_option()
        {
            using var svc = new TestService(new SandboxOptions { RejectPastCompleteAfterOnCreate = false });
            var job = await svc.CreateAsync("past", completeAfter: svc.Sandbox.Clock.UtcNow.AddDays(-1));
            Assert.Equal("submitted", (string)job["status"]!);
        }
    }
}
