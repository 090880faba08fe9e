using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator.Host;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>The directory over real HTTP: users steered through /_emulator/directory/users, read through GET /users and JSON batches.</summary>
    public class DirectoryAdminTests
    {
        private const string Users = "/_emulator/directory/users";

        private static readonly string AdeleId = Guid.NewGuid().ToString();
        private static readonly string AlexId = Guid.NewGuid().ToString();

        private static readonly string TwoUsers =
            $"[{{\"id\":\"{AdeleId}\",\"userPrincipalName\":\"AdeleV@fabrikam.onmicrosoft.com\",\"displayName\":\"Adele Vance\"}}," +
            $"{{\"ID\":\"{AlexId}\",\"UserPrincipalName\":\"AlexW@fabrikam.onmicrosoft.com\",\"displayName\":null}}]";

        private static async Task<HttpClient> ClientAsync(EmulatorHost host, string tokenRequest = "{}")
        {
            var client = new HttpClient { BaseAddress = host.HttpUrl };
            var token = await ExpectAsync(await client.PostAsync("/_emulator/token", Json(tokenRequest)), HttpStatusCode.OK);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)token["access_token"]!);
            return client;
        }

        private static StringContent Batch(params string[] urls) => Json(new JsonObject
        {
            ["requests"] = new JsonArray(urls.Select((url, i) => (JsonNode)new JsonObject { ["id"] = (i + 1).ToString(), ["method"] = "GET", ["url"] = url }).ToArray()),
        });

        [Fact]
        public async Task Users_put_over_the_admin_api_are_listed_found_by_the_Graph_routes_counted_and_cleared()
        {
            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions());
            using var client = await ClientAsync(host);
            await ExpectAsync(await client.PutAsync(Users, Json(TwoUsers)), HttpStatusCode.NoContent);

            var listed = await ExpectAsync(await client.GetAsync(Users), HttpStatusCode.OK);
            var value = listed["value"]!.AsArray();
            Assert.Equal(new[] { "AdeleV@fabrikam.onmicrosoft.com", "AlexW@fabrikam.onmicrosoft.com" }, value.Select(u => (string)u!["userPrincipalName"]!));
            Assert.Equal(AdeleId, (string)value[0]!["id"]!);
            Assert.Null((string?)value[1]!["displayName"]);

            var user = await ExpectAsync(await client.GetAsync("/v1.0/users/adelev@FABRIKAM.onmicrosoft.com?$select=id,userPrincipalName,displayName"), HttpStatusCode.OK);
            Assert.Equal(AdeleId, (string)user["id"]!);
            Assert.Equal("Adele Vance", (string)user["displayName"]!);

            var batch = await ExpectAsync(await client.PostAsync("/v1.0/$batch", Batch($"/users/{AlexId}", "/users/nobody@fabrikam.onmicrosoft.com")), HttpStatusCode.OK);
            var responses = batch["responses"]!.AsArray();
            Assert.Equal(200, (int)responses[0]!["status"]!);
            Assert.Equal("AlexW@fabrikam.onmicrosoft.com", (string)responses[0]!["body"]!["userPrincipalName"]!);
            Assert.Equal(404, (int)responses[1]!["status"]!);
            Assert.Equal("Request_ResourceNotFound", (string)responses[1]!["body"]!["error"]!["code"]!);

            var stats = await ExpectAsync(await client.GetAsync("/_emulator/stats"), HttpStatusCode.OK);
            Assert.Equal(3, (int)stats["userLookups"]!);
            Assert.Equal(1, (int)stats["batches"]!);
            Assert.Equal(2, (int)stats["directoryUsers"]!);
            Assert.Equal(2, (int)stats["total"]!);

            await ExpectAsync(await client.DeleteAsync(Users), HttpStatusCode.NoContent);
            Assert.Empty((await ExpectAsync(await client.GetAsync(Users), HttpStatusCode.OK))["value"]!.AsArray());
            await ExpectAsync(await client.PutAsync(Users, Json(TwoUsers)), HttpStatusCode.NoContent);
            await ExpectAsync(await client.PostAsync("/_emulator/reset", null), HttpStatusCode.NoContent);
            Assert.Empty((await ExpectAsync(await client.GetAsync(Users), HttpStatusCode.OK))["value"]!.AsArray());
            await ExpectErrorAsync(await client.GetAsync($"/v1.0/users/{AdeleId}"), HttpStatusCode.NotFound, "Request_ResourceNotFound");
        }

        [Fact]
        public async Task A_put_replaces_users_by_id_and_a_bad_one_is_a_400_that_changes_nothing()
        {
            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions());
            using var client = await ClientAsync(host);
            await ExpectAsync(await client.PutAsync(Users, Json(TwoUsers)), HttpStatusCode.NoContent);
            await ExpectAsync(await client.PutAsync(Users, Json($"{{\"id\":\"{AdeleId}\",\"userPrincipalName\":\"adele.vance@fabrikam.com\",\"displayName\":\"Adele V.\"}}")), HttpStatusCode.NoContent);
            Assert.Equal("Adele V.", (string)(await ExpectAsync(await client.GetAsync("/v1.0/users/adele.vance@fabrikam.com"), HttpStatusCode.OK))["displayName"]!);

            string fresh = $"{{\"id\":\"{Guid.NewGuid()}\",\"userPrincipalName\":\"fresh@fabrikam.com\"}}";
            foreach (var (body, said) in new[]
            {
                ($"[{fresh},{{\"id\":\"not-a-guid\",\"userPrincipalName\":\"x@fabrikam.com\"}}]", "not-a-guid"),
                ($"[{fresh},{{\"id\":\"{Guid.NewGuid()}\",\"userPrincipalName\":\"no-domain\"}}]", "no-domain"),
                ($"[{fresh},{{\"id\":\"{Guid.NewGuid()}\",\"userPrincipalName\":\"ALEXW@fabrikam.onmicrosoft.com\"}}]", AlexId),
                ($"[{fresh},{{\"id\":\"{Guid.NewGuid()}\",\"upn\":\"x@fabrikam.com\"}}]", "upn"),
                ($"[{fresh},{{\"id\":7}}]", "id"),
                ("\"users\"", "array"),
            })
            {
                string message = await ExpectErrorAsync(await client.PutAsync(Users, Json(body)), HttpStatusCode.BadRequest, "invalidRequest");
                Assert.Contains(said, message);
            }

            Assert.Equal(2, (await ExpectAsync(await client.GetAsync(Users), HttpStatusCode.OK))["value"]!.AsArray().Count);
            await ExpectErrorAsync(await client.PostAsync(Users, Json(TwoUsers)), HttpStatusCode.NotFound, "itemNotFound");
        }

        [Fact]
        public async Task A_token_issued_without_a_directory_permission_is_refused_inside_the_batch()
        {
            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions());
            using var client = await ClientAsync(host, "{\"scopes\":[\"CrossTenantContentMigration.ReadWrite.All\"]}");
            await ExpectAsync(await client.PutAsync(Users, Json(TwoUsers)), HttpStatusCode.NoContent);
            var batch = await ExpectAsync(await client.PostAsync("/v1.0/$batch", Batch($"/users/{AdeleId}")), HttpStatusCode.OK);
            var response = batch["responses"]![0]!;
            Assert.Equal(403, (int)response["status"]!);
            Assert.Equal("Authorization_RequestDenied", (string)response["body"]!["error"]!["code"]!);
            await ExpectErrorAsync(await client.GetAsync($"/v1.0/users/{AdeleId}"), HttpStatusCode.Forbidden, "Authorization_RequestDenied");

            using var application = await ClientAsync(host, "{\"roles\":[\"User.Read.All\"]}");
            await ExpectAsync(await application.GetAsync($"/v1.0/users/{AdeleId}"), HttpStatusCode.OK);
        }
    }
}
