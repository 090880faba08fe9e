using System;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    public class PatchDeleteCancelTests
    {
        [Fact]
        public async Task Patch_accepts_only_completeAfterDateTime_and_returns_204()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("patch");
            string id = (string)job["id"]!;
            var when = new DateTimeOffset(2031, 5, 22, 17, 14, 52, TimeSpan.FromHours(2));
            var ok = await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["@odata.type"] = "#microsoft.graph.crossTenantMigrationJob", ["completeAfterDateTime"] = when.ToString("o") });
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
            Assert.Empty(await ok.Content.ReadAsByteArrayAsync());
            var got = await svc.GetJobAsync(id);
            Assert.Equal("2031-05-22T15:14:52.0000000Z", (string)got["completeAfterDateTime"]!);

            Assert.Contains("displayName", await ExpectErrorAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["displayName"] = "renamed" }), HttpStatusCode.BadRequest, "invalidRequest"));
            Assert.Contains("status", await ExpectErrorAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["completeAfterDateTime"] = when.ToString("o"), ["status"] = "completed" }), HttpStatusCode.BadRequest, "invalidRequest"));
            Assert.Contains("completeAfterDateTime", await ExpectErrorAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject()), HttpStatusCode.BadRequest, "invalidRequest"));
            Assert.Contains("completeAfterDateTime", await ExpectErrorAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["completeAfterDateTime"] = "soon" }), HttpStatusCode.BadRequest, "invalidRequest"));
            Assert.Equal("patch", (string)(await svc.GetJobAsync(id))["displayName"]!);
        }

        [Fact]
        public async Task Patch_with_a_past_value_means_due_now()
        {
            using var svc = new TestService();
            var job = await svc.CreateValidatedAsync("due-now", completeAfter: svc.Sandbox.Clock.UtcNow.AddDays(14));
            string id = (string)job["id"]!;
            await svc.ActionAsync(id, "migrate");
            svc.Advance(5);
            Assert.Equal("inProgress", await svc.StatusAsync(id));
            await ExpectAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["completeAfterDateTime"] = "2001-01-01T00:00:00Z" }), HttpStatusCode.NoContent);
            Assert.Equal("cuttingOver", await svc.StatusAsync(id));
            // no more PATCH while cutting over or after
            await ExpectErrorAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["completeAfterDateTime"] = "2040-01-01T00:00:00Z" }), HttpStatusCode.Conflict, "conflict");
            svc.Advance();
            Assert.Equal("completed", await svc.StatusAsync(id));
            Assert.Contains("completed", await ExpectErrorAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["completeAfterDateTime"] = "2040-01-01T00:00:00Z" }), HttpStatusCode.Conflict, "conflict"));
        }

        [Fact]
        public async Task Moving_completeAfter_later_keeps_the_job_in_progress()
        {
            using var svc = new TestService();
            var job = await svc.CreateValidatedAsync("later", completeAfter: svc.Sandbox.Clock.UtcNow.AddMinutes(1));
            string id = (string)job["id"]!;
            await svc.ActionAsync(id, "migrate");
            svc.Advance(1);
            var later = svc.Sandbox.Clock.UtcNow.AddHours(1);
            await ExpectAsync(await svc.PatchAsync($"{Root}/{id}", new JsonObject { ["completeAfterDateTime"] = later.ToString("o") }), HttpStatusCode.NoContent);
            svc.Advance(TimeSpan.FromMinutes(30));
            Assert.Equal("inProgress", await svc.StatusAsync(id));
            svc.Advance(later - svc.Sandbox.Clock.UtcNow + TimeSpan.FromMilliseconds(100));
            Assert.Equal("cuttingOver", await svc.StatusAsync(id));
        }

        [Fact]
        public async Task Delete_is_202_then_pendingDelete_for_one_step_then_gone()
        {
            using var svc = new TestService();
            var job = await svc.CreateValidatedAsync("to-delete");
            string id = (string)job["id"]!;
            var delete = await svc.Client.DeleteAsync($"{Root}/{id}");
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            var pending = await svc.GetJobAsync(id);
            Assert.Equal("pendingDelete", (string)pending["status"]!);
            Assert.Single((await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK))["value"]!.AsArray());
            // a second delete while pending is a conflict
            Assert.Contains("pendingDelete", await ExpectErrorAsync(await svc.Client.DeleteAsync($"{Root}/{id}"), HttpStatusCode.Conflict, "conflict"));
            svc.Advance();
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{id}"), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await svc.Client.DeleteAsync($"{Root}/{id}"), HttpStatusCode.NotFound, "itemNotFound");
            Assert.Empty((await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK))["value"]!.AsArray());
            Assert.Equal(0, svc.Sandbox.GetStatistics().Jobs);
            // the name is free again
            await svc.CreateAsync("to-delete");
        }

        [Fact]
        public async Task Delete_of_an_active_job_is_409_telling_to_cancel_or_wait()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("active");
            string message = await ExpectErrorAsync(await svc.Client.DeleteAsync($"{Root}/{job["id"]}"), HttpStatusCode.Conflict, "conflict");
            Assert.Contains("cancel it or wait", message);
        }

        [Fact]
        public async Task Cancel_job_returns_cancel_response_then_pendingCancel_then_cancelled()
        {
            using var svc = new TestService();
            string user = NewUser();
            var job = await svc.CreateValidatedAsync("cancel-me", new[] { user });
            string id = (string)job["id"]!;
            await svc.ActionAsync(id, "migrate");
            svc.Advance();
            var response = await ExpectAsync(await svc.Client.PostAsync($"{Root}/{id}/cancel", null), HttpStatusCode.Accepted);
            Assert.Equal("#microsoft.graph.crossTenantMigrationCancelResponse", (string)response["@odata.type"]!);
            Assert.Equal("pendingCancel", (string)response["status"]!);
            Assert.False(string.IsNullOrEmpty((string?)response["message"]));
            Assert.Equal("pendingCancel", await svc.StatusAsync(id));
            Assert.All((await svc.WorkloadStatusesAsync(id, user)).Values, s => Assert.Equal("pendingCancel", s));
            svc.Advance();
            Assert.Equal("cancelled", await svc.StatusAsync(id));
            Assert.All((await svc.WorkloadStatusesAsync(id, user)).Values, s => Assert.Equal("cancelled", s));
            Assert.Contains("Cancel is not possible. Current status is cancelled", await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{id}/cancel", null), HttpStatusCode.Conflict, "conflict"));
        }

        [Fact]
        public async Task Cancel_after_completeAfter_has_passed_is_409()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("late-cancel", completeAfter: svc.Sandbox.Clock.UtcNow.AddMinutes(1));
            svc.Advance(TimeSpan.FromMinutes(2));
            Assert.Equal("submitted", await svc.StatusAsync((string)job["id"]!));
            string message = await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{job["id"]}/cancel", null), HttpStatusCode.Conflict, "conflict");
            Assert.Contains("Cancel is not possible. Current status is submitted", message);
            Assert.Contains("completeAfterDateTime", message);
        }

        [Fact]
        public async Task Cancel_user_removes_only_that_user()
        {
            using var svc = new TestService();
            string keep = NewUser();
            string drop = NewUser();
            var job = await svc.CreateValidatedAsync("user-cancel", new[] { keep, drop }, svc.Sandbox.Clock.UtcNow.AddMinutes(10));
            string id = (string)job["id"]!;
            await svc.ActionAsync(id, "migrate");
            svc.Advance();
            var response = await ExpectAsync(await svc.Client.PostAsync($"{Root}/{id}/users/{drop}/microsoft.graph.cancel", null), HttpStatusCode.Accepted);
            Assert.Equal("pendingCancel", (string)response["status"]!);
            Assert.Contains(drop, (string)response["message"]!);
            Assert.All((await svc.WorkloadStatusesAsync(id, drop)).Values, s => Assert.Equal("pendingCancel", s));
            svc.Advance();
            Assert.All((await svc.WorkloadStatusesAsync(id, drop)).Values, s => Assert.Equal("cancelled", s));
            Assert.Contains("Cancel is not possible. Current status is cancelled", await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{id}/users/{drop}/cancel", null), HttpStatusCode.Conflict, "conflict"));

            svc.Advance(TimeSpan.FromMinutes(11));
            Assert.Equal("completed", await svc.StatusAsync(id));
            Assert.All((await svc.WorkloadStatusesAsync(id, keep)).Values, s => Assert.Equal("completed", s));
            Assert.All((await svc.WorkloadStatusesAsync(id, drop)).Values, s => Assert.Equal("cancelled", s));
            Assert.Contains("Current status is completed", await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{id}/users/{keep}/cancel", null), HttpStatusCode.Conflict, "conflict"));
        }

        [Fact]
        public async Task Cancel_user_after_completeAfter_is_409_and_cancelling_every_user_cancels_the_job()
        {
            using var svc = new TestService();
            string a = NewUser();
            var late = await svc.CreateAsync("late-user", new[] { a }, svc.Sandbox.Clock.UtcNow.AddMinutes(1));
            svc.Advance(TimeSpan.FromMinutes(2));
            string message = await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{late["id"]}/users/{a}/cancel", null), HttpStatusCode.Conflict, "conflict");
            Assert.Contains("Cancel is not possible. Current status is submitted", message);

            string b = NewUser();
            var only = await svc.CreateAsync("only-user", new[] { b });
            await ExpectAsync(await svc.Client.PostAsync($"{Root}/{only["id"]}/users/{b}/cancel", null), HttpStatusCode.Accepted);
            Assert.Equal("pendingCancel", await svc.StatusAsync((string)only["id"]!));
            svc.Advance();
            Assert.Equal("cancelled", await svc.StatusAsync((string)only["id"]!));
        }
    }
}
