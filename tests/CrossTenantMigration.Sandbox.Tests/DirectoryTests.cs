using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>The target tenant's directory: GET /users/{id | userPrincipalName}, JSON batches of them, who may read them, and their counters.</summary>
    public class DirectoryTests
    {
        private const string Batch = "v1.0/$batch";

        private static readonly SandboxDirectoryUser Adele = new SandboxDirectoryUser("6e7b768e-07e2-4810-8459-485f84f8f204", "AdeleV@fabrikam.onmicrosoft.com", "Adele Vance");
        private static readonly SandboxDirectoryUser Alex = new SandboxDirectoryUser("87d349ed-44d7-43e1-9a83-5f2406dee5bd", "AlexW@fabrikam.onmicrosoft.com", "Alex Wilber");

        private static TestService WithUsers(params SandboxDirectoryUser[] users)
        {
            var svc = new TestService();
            svc.Sandbox.AddDirectoryUsers(users.Length == 0 ? new[] { Adele, Alex } : users);
            return svc;
        }

        /// <summary>A client of the same sandbox whose token grants only <paramref name="permissions"/>.</summary>
        private static HttpClient ClientWith(TestService svc, params string[] permissions)
        {
            var caller = TestService.Caller(c =>
            {
                c.Permissions.Clear();
                foreach (var p in permissions) c.Permissions.Add(p);
            });
            var client = new HttpClient(svc.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", svc.IssueToken(caller, TimeSpan.FromHours(1)));
            return client;
        }

        private static JsonObject BatchOf(params string[] urls) => BatchOf(urls.Select((url, i) => ((i + 1).ToString(), "GET", url)).ToArray());

        private static JsonObject BatchOf(params (string Id, string Method, string Url)[] requests) => new JsonObject
        {
            ["requests"] = new JsonArray(requests.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["method"] = r.Method, ["url"] = r.Url }).ToArray()),
        };

        /// <summary>The batch's responses by id, after checking that each request has exactly one.</summary>
        private static async Task<Dictionary<string, JsonObject>> ResponsesAsync(HttpResponseMessage answer, int expected)
        {
            var body = await ExpectAsync(answer, HttpStatusCode.OK);
            var responses = body["responses"]!.AsArray().Select(r => r!.AsObject()).ToList();
            Assert.Equal(expected, responses.Count);
            return responses.ToDictionary(r => (string)r["id"]!);
        }

        private static int Status(JsonObject response) => (int)response["status"]!;

        private static string? ErrorCode(JsonObject response) => (string?)response["body"]?["error"]?["code"];

        [Fact]
        public async Task A_user_is_found_by_id_and_by_name_in_any_case_with_its_id_name_and_display_name()
        {
            using var svc = WithUsers();
            var byId = await ExpectAsync(await svc.Client.GetAsync($"v1.0/users/{Adele.Id!.ToUpperInvariant()}"), HttpStatusCode.OK);
            Assert.Equal(Adele.Id, (string)byId["id"]!);
            Assert.Equal(Adele.UserPrincipalName, (string)byId["userPrincipalName"]!);
            Assert.Equal("Adele Vance", (string)byId["displayName"]!);
            Assert.Equal("https://graph.microsoft.com/v1.0/$metadata#users/$entity", (string)byId["@odata.context"]!);

            var byName = await ExpectAsync(await svc.Client.GetAsync("beta/users/adelev@FABRIKAM.onmicrosoft.com?$select=id,userPrincipalName,displayName"), HttpStatusCode.OK);
            Assert.Equal(Adele.Id, (string)byName["id"]!);
            Assert.Equal("Adele Vance", (string)byName["displayName"]!);
            Assert.EndsWith("users(id,userPrincipalName,displayName)/$entity", (string)byName["@odata.context"]!);

            var quoted = await ExpectAsync(await svc.Client.GetAsync("v1.0/users('alexw%40fabrikam.onmicrosoft.com')?$select=displayName"), HttpStatusCode.OK);
            Assert.Equal(Alex.Id, (string)quoted["id"]!);
            Assert.Equal("Alex Wilber", (string)quoted["displayName"]!);
            Assert.Null(quoted["userPrincipalName"]);
        }

        [Fact]
        public async Task A_user_the_directory_does_not_have_is_404_Request_ResourceNotFound()
        {
            using var svc = WithUsers();
            string message = await ExpectErrorAsync(await svc.Client.GetAsync("v1.0/users/nobody@fabrikam.onmicrosoft.com"), HttpStatusCode.NotFound, "Request_ResourceNotFound");
            Assert.Contains("nobody@fabrikam.onmicrosoft.com", message);
            await ExpectErrorAsync(await svc.Client.GetAsync($"v1.0/users/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "Request_ResourceNotFound");
            await ExpectErrorAsync(await svc.Client.GetAsync("v1.0/users/x/manager"), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.GetAsync($"v1.0/users/{Adele.Id}?$select=mail"), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectErrorAsync(await svc.Client.DeleteAsync($"v1.0/users/{Adele.Id}"), HttpStatusCode.MethodNotAllowed, "invalidRequest");
        }

        [Fact]
        public async Task Reading_users_needs_a_directory_permission_and_the_migration_permission_is_not_one()
        {
            using var svc = WithUsers();
            string url = $"v1.0/users/{Adele.Id}";
            using var migrationOnly = ClientWith(svc, SandboxCaller.ReadWritePermission);
            await ExpectErrorAsync(await migrationOnly.GetAsync(url), HttpStatusCode.Forbidden, "Authorization_RequestDenied");
            foreach (var permission in new[] { "User.ReadBasic.All", "user.read.all", "Directory.Read.All" })
            {
                using var reader = ClientWith(svc, permission);
                await ExpectAsync(await reader.GetAsync(url), HttpStatusCode.OK);
            }

            // the sandbox's administrator may read users: a sandbox connection resolves names as it is
            Assert.Contains(SandboxCaller.UserReadBasicPermission, TestService.Caller().Permissions);
        }

        [Fact]
        public async Task A_batch_of_20_answers_each_request_found_or_not_in_its_order()
        {
            using var svc = WithUsers();
            var urls = new List<string> { $"/users/{Adele.Id}?$select=id,userPrincipalName,displayName", "users/ALEXW@fabrikam.onmicrosoft.com" };
            urls.AddRange(Enumerable.Range(0, 18).Select(i => $"/users/missing{i}@fabrikam.onmicrosoft.com"));
            var answer = await svc.Client.PostAsync(Batch, Json(BatchOf(urls.ToArray())));
            var body = await ExpectAsync(answer, HttpStatusCode.OK);
            var ordered = body["responses"]!.AsArray().Select(r => (string)r!["id"]!).ToList();
            Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString()), ordered);

            var responses = body["responses"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => (string)r["id"]!);
            Assert.Equal(200, Status(responses["1"]));
            Assert.Equal(Adele.Id, (string)responses["1"]["body"]!["id"]!);
            Assert.Equal(Adele.UserPrincipalName, (string)responses["1"]["body"]!["userPrincipalName"]!);
            Assert.StartsWith("application/json", (string)responses["1"]["headers"]!["Content-Type"]!);
            Assert.Equal(Alex.Id, (string)responses["2"]["body"]!["id"]!);
            Assert.Equal("Alex Wilber", (string)responses["2"]["body"]!["displayName"]!);
            foreach (var missing in Enumerable.Range(3, 18).Select(i => responses[i.ToString()]))
            {
                Assert.Equal(404, Status(missing));
                Assert.Equal("Request_ResourceNotFound", ErrorCode(missing));
                Assert.False(string.IsNullOrEmpty((string?)missing["body"]!["error"]!["innerError"]!["request-id"]));
            }
        }

        [Fact]
        public async Task A_batch_of_21_is_refused_whole_with_Graphs_error_envelope()
        {
            using var svc = WithUsers();
            var urls = Enumerable.Range(0, 21).Select(_ => $"/users/{Adele.Id}").ToArray();
            string message = await ExpectErrorAsync(await svc.Client.PostAsync(Batch, Json(BatchOf(urls))), HttpStatusCode.BadRequest, "BadRequest");
            Assert.Contains("20", message);
            Assert.Equal(0, svc.Sandbox.GetStatistics().UserLookups);

            await ExpectErrorAsync(await svc.Client.PostAsync(Batch, Json("{\"requests\":[]}")), HttpStatusCode.BadRequest, "BadRequest");
            var twice = BatchOf(("a", "GET", $"/users/{Adele.Id}"), ("A", "GET", $"/users/{Alex.Id}"));
            Assert.Contains("unique", await ExpectErrorAsync(await svc.Client.PostAsync(Batch, Json(twice)), HttpStatusCode.BadRequest, "BadRequest"));
            await ExpectErrorAsync(await svc.Client.PostAsync(Batch, Json("{\"requests\":[{\"id\":\"1\",\"url\":\"/users/x\"}]}")), HttpStatusCode.BadRequest, "BadRequest");
            await ExpectErrorAsync(await svc.Client.GetAsync(Batch), HttpStatusCode.MethodNotAllowed, "invalidRequest");
        }

        [Fact]
        public async Task Throttling_strikes_requests_inside_a_batch_each_with_its_own_Retry_After_while_the_others_succeed()
        {
            using var svc = WithUsers();
            svc.Sandbox.Throttle = new ThrottleSettings { EveryNth = 3, RetryAfterSeconds = 7 };
            var urls = Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? $"/users/{Adele.Id}" : "/users/alexw@fabrikam.onmicrosoft.com").ToArray();
            var responses = await ResponsesAsync(await svc.Client.PostAsync(Batch, Json(BatchOf(urls))), 6);
            foreach (var id in new[] { "3", "6" })
            {
                Assert.Equal(429, Status(responses[id]));
                Assert.Equal("7", (string)responses[id]["headers"]!["Retry-After"]!);
                Assert.Equal("activityLimitReached", ErrorCode(responses[id]));
            }

            Assert.All(new[] { "1", "2", "4", "5" }, id => Assert.Equal(200, Status(responses[id])));
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(2, stats.Throttled);
            Assert.Equal(1, stats.Requests);
        }

        [Fact]
        public async Task A_token_that_may_not_read_users_gets_403_inside_the_batch_and_one_that_is_refused_gets_401_for_it()
        {
            using var svc = WithUsers();
            using var migrationOnly = ClientWith(svc, SandboxCaller.ReadWritePermission);
            var responses = await ResponsesAsync(await migrationOnly.PostAsync(Batch, Json(BatchOf($"/users/{Adele.Id}", "/users/nobody@fabrikam.onmicrosoft.com"))), 2);
            Assert.All(responses.Values, r =>
            {
                Assert.Equal(403, Status(r));
                Assert.Equal("Authorization_RequestDenied", ErrorCode(r));
            });

            using var anonymous = new HttpClient(svc.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            await ExpectErrorAsync(await anonymous.PostAsync(Batch, Json(BatchOf($"/users/{Adele.Id}"))), HttpStatusCode.Unauthorized, "InvalidAuthenticationToken");
        }

        [Fact]
        public async Task Inside_a_batch_only_GET_of_a_user_is_served_and_a_failed_dependency_stops_its_dependents()
        {
            using var svc = WithUsers();
            var batch = BatchOf(
                ("1", "POST", $"/users/{Adele.Id}"),
                ("2", "GET", $"/{Root.Substring("v1.0/".Length)}"),
                ("3", "GET", $"https://graph.microsoft.com/v1.0/users/{Adele.Id}"),
                ("4", "GET", "/users/nobody@fabrikam.onmicrosoft.com"),
                ("5", "GET", $"/users/{Alex.Id}"));
            batch["requests"]![4]!["dependsOn"] = new JsonArray("4");
            var responses = await ResponsesAsync(await svc.Client.PostAsync(Batch, Json(batch)), 5);
            Assert.Equal(405, Status(responses["1"]));
            Assert.Equal("GET", (string)responses["1"]["headers"]!["Allow"]!);
            Assert.Equal(400, Status(responses["2"]));
            Assert.Equal(400, Status(responses["3"]));
            Assert.Equal(404, Status(responses["4"]));
            Assert.Equal(424, Status(responses["5"]));
        }

        [Fact]
        public async Task Statistics_count_each_lookup_on_its_own_or_inside_a_batch_and_each_batch()
        {
            using var svc = WithUsers();
            await svc.Client.GetAsync($"v1.0/users/{Adele.Id}");
            await svc.Client.GetAsync("v1.0/users/nobody@fabrikam.onmicrosoft.com");
            await svc.Client.PostAsync(Batch, Json(BatchOf($"/users/{Adele.Id}", $"/users/{Alex.Id}", "/users/nobody@fabrikam.onmicrosoft.com")));
            await svc.Client.PostAsync(Batch, Json(BatchOf($"/users/{Alex.Id}")));
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(6, stats.UserLookups);
            Assert.Equal(2, stats.Batches);
            Assert.Equal(4, stats.Requests);
            Assert.Equal(2, stats.DirectoryUsers);

            svc.Sandbox.ResetStatistics();
            stats = svc.Sandbox.GetStatistics();
            Assert.Equal(0, stats.UserLookups);
            Assert.Equal(0, stats.Batches);
            Assert.Equal(2, stats.DirectoryUsers);

            svc.Sandbox.Reset();
            Assert.Equal(0, svc.Sandbox.GetStatistics().DirectoryUsers);
            await ExpectErrorAsync(await svc.Client.GetAsync($"v1.0/users/{Adele.Id}"), HttpStatusCode.NotFound, "Request_ResourceNotFound");
        }

        [Fact]
        public void Directory_users_are_checked_whole_before_anything_changes()
        {
            using var svc = WithUsers();
            var before = svc.Sandbox.GetSettings();
            var cases = new (SandboxDirectoryUser User, string ErrorId)[]
            {
                (new SandboxDirectoryUser("not-a-guid", "new@fabrikam.onmicrosoft.com", "New"), ErrorIds.InvalidUserId),
                (new SandboxDirectoryUser(null, "new@fabrikam.onmicrosoft.com", "New"), ErrorIds.InvalidUserId),
                (new SandboxDirectoryUser(Guid.NewGuid().ToString(), "no-domain", "New"), "InvalidUserPrincipalName"),
                (new SandboxDirectoryUser(Guid.NewGuid().ToString(), "two words@fabrikam.com", "New"), "InvalidUserPrincipalName"),
                (new SandboxDirectoryUser(Guid.NewGuid().ToString(), "adelev@FABRIKAM.onmicrosoft.com", "Another Adele"), ErrorIds.DuplicateResourceId),
            };
            foreach (var (user, errorId) in cases)
            {
                var change = new SandboxSettingsChange { StepSec = 42, DirectoryUsers = new[] { new SandboxDirectoryUser(Guid.NewGuid().ToString(), "fine@fabrikam.com", "Fine"), user } };
                var e = Assert.Throws<InputValidationException>(() => svc.Sandbox.ChangeSettings(change));
                Assert.Equal(errorId, e.ErrorId);
                Assert.Equal("DirectoryUser", e.Error.ParameterName);
                Assert.Contains("-DirectoryUser", e.Message);
                Assert.Contains("user 2", e.Message);
            }

            var repeated = new SandboxDirectoryUser(Adele.Id, "other@fabrikam.com", null);
            Assert.Equal(ErrorIds.DuplicateResourceId, Assert.Throws<InputValidationException>(() =>
                svc.Sandbox.ChangeSettings(new SandboxSettingsChange { DirectoryUsers = new[] { repeated, repeated } })).ErrorId);

            Assert.Equal(before.StepSec, svc.Sandbox.GetSettings().StepSec);
            Assert.Equal(new[] { Adele.UserPrincipalName, Alex.UserPrincipalName }, svc.Sandbox.GetDirectoryUsers().Select(u => u.UserPrincipalName));
        }

        [Fact]
        public async Task A_user_given_again_replaces_the_one_of_its_id_and_gives_up_its_old_name()
        {
            using var svc = WithUsers();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange
            {
                DirectoryUsers = new[] { new SandboxDirectoryUser(Adele.Id!.ToUpperInvariant(), "adele.vance@fabrikam.com", "Adele V.") },
            });
            Assert.Equal(2, svc.Sandbox.GetStatistics().DirectoryUsers);
            var renamed = await ExpectAsync(await svc.Client.GetAsync("v1.0/users/adele.vance@fabrikam.com"), HttpStatusCode.OK);
            Assert.Equal(Adele.Id, (string)renamed["id"]!);
            Assert.Equal("Adele V.", (string)renamed["displayName"]!);
            await ExpectErrorAsync(await svc.Client.GetAsync($"v1.0/users/{Adele.UserPrincipalName}"), HttpStatusCode.NotFound, "Request_ResourceNotFound");
        }

        [Fact]
        public void The_default_failures_carry_codes_of_Microsofts_list_so_a_rehearsal_shows_their_remedies()
        {
            var codes = new[] { DocumentedFailures.Validation, DocumentedFailures.Dependent("Exchange") }
                .Concat(new[] { "Exchange", "ODSP", "Teams", "Meeting" }.Select(DocumentedFailures.Migration))
                .Select(e => e.Code);
            Assert.All(codes, code => Assert.True(UserErrorRemedies.For(code).IsListed, $"{code} is not in Microsoft's list"));
            Assert.Equal("EXCH-15", DocumentedFailures.Migration("Exchange").Code);
            Assert.Equal("CTTM-001", DocumentedFailures.Migration("Teams").Code);
            Assert.Equal("MnAMoveJobWasNotCreated", DocumentedFailures.Migration("ODSP").Code);
        }
    }
}
