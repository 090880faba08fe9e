using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    public class QueryTests
    {
        private static async Task<List<string>> CreateManyAsync(TestService svc, int count, string prefix = "job")
        {
            var ids = new List<string>();
            for (int i = 0; i < count; i++)
            {
                ids.Add((string)(await svc.CreateAsync($"{prefix}-{i:D3}"))["id"]!);
            }

            return ids;
        }

        [Fact]
        public async Task Lists_page_at_20_newest_first_and_follow_next_links()
        {
            using var svc = new TestService();
            var ids = await CreateManyAsync(svc, 45);
            var seen = new List<string>();
            string? url = Root;
            int pages = 0;
            while (url != null)
            {
                var page = await ExpectAsync(await svc.Client.GetAsync(url), HttpStatusCode.OK);
                pages++;
                var values = page["value"]!.AsArray();
                Assert.True(values.Count <= 20);
                seen.AddRange(values.Select(v => (string)v!["id"]!));
                url = (string?)page["@odata.nextLink"];
                if (url != null)
                {
                    Assert.StartsWith("https://graph.microsoft.com/v1.0/solutions/migrations/crossTenantMigrationJobs?", url);
                    Assert.Contains("$skiptoken=", url);
                }
            }

            Assert.Equal(3, pages);
            Assert.Equal(Enumerable.Reverse(ids), seen);
        }

        [Fact]
        public async Task Paging_is_stable_when_jobs_are_created_between_pages()
        {
            using var svc = new TestService();
            var ids = await CreateManyAsync(svc, 25);
            var first = await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            await CreateManyAsync(svc, 3, "late");
            var second = await ExpectAsync(await svc.Client.GetAsync((string)first["@odata.nextLink"]!), HttpStatusCode.OK);
            var all = first["value"]!.AsArray().Concat(second["value"]!.AsArray()).Select(v => (string)v!["id"]!).ToList();
            Assert.Equal(Enumerable.Reverse(ids), all);
        }

        [Fact]
        public async Task Top_filter_count_and_select_work_together()
        {
            using var svc = new TestService();
            await CreateManyAsync(svc, 12);
            var validated = await svc.CreateAsync("it's validated");
            await svc.ActionAsync((string)validated["id"]!, "validate");

            var top = await ExpectAsync(await svc.Client.GetAsync(Root + "?$top=5&$count=true"), HttpStatusCode.OK);
            Assert.Equal(5, top["value"]!.AsArray().Count);
            Assert.Equal(13, (int)top["@odata.count"]!);
            string next = (string)top["@odata.nextLink"]!;
            Assert.Contains("$top=5", next);
            var second = await ExpectAsync(await svc.Client.GetAsync(next), HttpStatusCode.OK);
            Assert.Equal(5, second["value"]!.AsArray().Count);

            var filtered = await ExpectAsync(await svc.Client.GetAsync(Root + "?$filter=" + Uri.EscapeDataString("status eq 'validateSubmitted' and jobType eq 'validate'") + "&$count=true"), HttpStatusCode.OK);
            Assert.Equal(1, (int)filtered["@odata.count"]!);
            Assert.Equal("it's validated", (string)filtered["value"]![0]!["displayName"]!);

            var byName = await ExpectAsync(await svc.Client.GetAsync(Root + "?$filter=" + Uri.EscapeDataString("displayName eq 'IT''S VALIDATED'")), HttpStatusCode.OK);
            Assert.Single(byName["value"]!.AsArray());

            var none = await ExpectAsync(await svc.Client.GetAsync(Root + "?$filter=" + Uri.EscapeDataString("status eq 'completed'")), HttpStatusCode.OK);
            Assert.Empty(none["value"]!.AsArray());
            Assert.Null(none["@odata.nextLink"]);

            var selected = await ExpectAsync(await svc.Client.GetAsync(Root + "?$select=displayName,status&$top=1"), HttpStatusCode.OK);
            var item = selected["value"]![0]!.AsObject();
            Assert.Equal(new[] { "id", "displayName", "status" }, item.Select(p => p.Key));
            Assert.Contains("crossTenantMigrationJobs(displayName,status)", (string)selected["@odata.context"]!);
            Assert.Contains("$select=displayName%2Cstatus", (string)selected["@odata.nextLink"]!);

            var one = await ExpectAsync(await svc.Client.GetAsync($"{Root}/{validated["id"]}?$select=status"), HttpStatusCode.OK);
            Assert.Equal("validateSubmitted", (string)one["status"]!);
            Assert.Null(one["displayName"]);
        }

        [Theory]
        [InlineData("$top=0", "$top")]
        [InlineData("$top=1000", "$top")]
        [InlineData("$top=abc", "$top")]
        [InlineData("$count=yes", "$count")]
        [InlineData("$orderby=displayName", "$orderby")]
        [InlineData("$skip=5", "$skip")]
        [InlineData("$expand=users", "$expand")]
        [InlineData("$search=abc", "$search")]
        [InlineData("foo=bar", "foo")]
        [InlineData("$select=nope", "$select")]
        [InlineData("$filter=status%20ne%20'completed'", "$filter")]
        [InlineData("$filter=status%20eq%20'done'", "$filter")]
        [InlineData("$filter=message%20eq%20'x'", "$filter")]
        [InlineData("$filter=displayName%20eq%20'unterminated", "$filter")]
        [InlineData("$filter=status%20eq%20'completed'%20or%20status%20eq%20'failed'", "$filter")]
        [InlineData("$skiptoken=garbage", "$skiptoken")]
        [InlineData("$top=5&$top=6", "$top")]
        public async Task Unknown_or_malformed_query_options_are_400_naming_the_option(string query, string option)
        {
            using var svc = new TestService();
            await svc.CreateAsync("one");
            var message = await ExpectErrorAsync(await svc.Client.GetAsync(Root + "?" + query), HttpStatusCode.BadRequest, "invalidRequest");
            Assert.Contains(option, message);
        }

        [Fact]
        public async Task Query_options_on_actions_and_other_collections_are_rejected()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("q");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{job["id"]}/validate?$top=1", null), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{job["id"]}/users?$filter=" + Uri.EscapeDataString("status eq 'x'")), HttpStatusCode.BadRequest, "invalidRequest");
            // a jobs token is not valid for a users list
            await CreateManyAsync(svc, 21);
            var page = await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            string token = new Uri((string)page["@odata.nextLink"]!).Query.Split("$skiptoken=")[1];
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{job["id"]}/users?$skiptoken={token}"), HttpStatusCode.BadRequest, "invalidRequest");
        }

        [Fact]
        public async Task Users_list_pages_with_top_skiptoken_and_count()
        {
            using var svc = new TestService();
            var users = Enumerable.Range(0, 45).Select(_ => NewUser()).ToList();
            var job = await svc.CreateAsync("many-users", users);
            string id = (string)job["id"]!;

            var seen = new List<string>();
            string? url = $"{Root}/{id}/users?$count=true";
            while (url != null)
            {
                var page = await ExpectAsync(await svc.Client.GetAsync(url), HttpStatusCode.OK);
                Assert.Equal(45, (int)page["@odata.count"]!);
                Assert.Contains($"crossTenantMigrationJobs('{id}')/users", (string)page["@odata.context"]!);
                seen.AddRange(page["value"]!.AsArray().Select(v => (string)v!["id"]!));
                url = (string?)page["@odata.nextLink"];
            }

            Assert.Equal(users, seen);

            var top = await ExpectAsync(await svc.Client.GetAsync($"{Root}/{id}/users?$top=10"), HttpStatusCode.OK);
            Assert.Equal(10, top["value"]!.AsArray().Count);
            var task = top["value"]![0]!.AsObject();
            Assert.Equal("Users", (string)task["taskType"]!);
            Assert.Equal(4, task["currentStatus"]!.AsArray().Count);

            var selected = await ExpectAsync(await svc.Client.GetAsync($"{Root}/{id}/users?$select=currentStatus&$top=1"), HttpStatusCode.OK);
            Assert.Equal(new[] { "id", "currentStatus" }, selected["value"]![0]!.AsObject().Select(p => p.Key));
        }

        [Fact]
        public async Task Count_endpoints_return_plain_text()
        {
            using var svc = new TestService();
            await CreateManyAsync(svc, 3);
            var job = await svc.CreateAsync("counted", new[] { NewUser(), NewUser() });
            var count = await svc.Client.GetAsync(Root + "/$count");
            Assert.Equal(HttpStatusCode.OK, count.StatusCode);
            Assert.Equal("text/plain", count.Content.Headers.ContentType!.MediaType);
            Assert.Equal("4", await count.Content.ReadAsStringAsync());

            var filtered = await svc.Client.GetAsync(Root + "/$count?$filter=" + Uri.EscapeDataString("displayName eq 'counted'"));
            Assert.Equal("1", await filtered.Content.ReadAsStringAsync());

            var users = await svc.Client.GetAsync($"{Root}/{job["id"]}/users/$count");
            Assert.Equal("text/plain", users.Content.Headers.ContentType!.MediaType);
            Assert.Equal("2", await users.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Page_size_follows_the_option()
        {
            using var svc = new TestService(new SandboxOptions { PageSize = 7 });
            await CreateManyAsync(svc, 8);
            var page = await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal(7, page["value"]!.AsArray().Count);
            Assert.NotNull(page["@odata.nextLink"]);
        }
    }
}
