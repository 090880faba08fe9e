using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CrossTenantMigration.Sandbox;
using Xunit;

namespace CrossTenantMigration.Tests
{
    /// <summary>
    /// An HttpClient over an in-memory handler of the service (the sandbox, or the emulator around it), with helpers
    /// for the common calls and assertions. Shared by the sandbox and emulator test projects.
    /// </summary>
    internal abstract class ServiceClient : IDisposable
    {
        public const string Root = "v1.0/solutions/migrations/crossTenantMigrationJobs";
        public const string SourceTenant = "12345678-1234-1234-1234-123456789012";

        private readonly SandboxOptions _options;

        protected ServiceClient(HttpMessageHandler handler, string accessToken, SandboxClock clock, SandboxOptions options)
        {
            Clock = clock;
            _options = options;
            Client = new HttpClient(handler) { BaseAddress = new Uri("https://graph.microsoft.com/") };
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        public HttpClient Client { get; }
        public SandboxClock Clock { get; }
        public TimeSpan Step => _options.StepDuration;

        public void Dispose() => Client.Dispose();

        public void Advance(int steps = 1) => Clock.Advance(TimeSpan.FromTicks(Step.Ticks * steps));

        public void Advance(TimeSpan by) => Clock.Advance(by);

        public static string NewUser(string prefix = "") =>
            prefix.Length == 0 ? Guid.NewGuid().ToString() : prefix + Guid.NewGuid().ToString().Substring(prefix.Length);

        public JsonObject JobBody(string name, IEnumerable<string>? users = null, DateTimeOffset? completeAfter = null, string[]? workloads = null)
        {
            var body = new JsonObject
            {
                ["displayName"] = name,
                ["completeAfterDateTime"] = (completeAfter ?? Clock.UtcNow.AddHours(1)).ToString("o"),
                ["sourceTenantId"] = SourceTenant,
                ["exchangeSettings"] = new JsonObject { ["targetDeliveryDomain"] = "fabrikam.onmicrosoft.com", ["sourceEndpoint"] = "EXOHandler" },
                ["resourceType"] = "Users",
                ["resources"] = new JsonArray((users ?? new[] { NewUser() }).Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()),
            };
            if (workloads != null)
            {
                body["workloads"] = new JsonArray(workloads.Select(w => (JsonNode)JsonValue.Create(w)!).ToArray());
            }

            return body;
        }

        public static StringContent Json(JsonNode body) => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

        public static StringContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

        public Task<HttpResponseMessage> PostAsync(string path, JsonNode? body = null)
            => Client.PostAsync(path, body == null ? null : Json(body));

        public Task<HttpResponseMessage> PatchAsync(string path, JsonNode body)
            => Client.PatchAsync(path, Json(body));

        /// <summary>Creates a job and returns its JSON (asserting 201).</summary>
        public async Task<JsonObject> CreateAsync(string name, IEnumerable<string>? users = null, DateTimeOffset? completeAfter = null, string[]? workloads = null)
        {
            var response = await PostAsync(Root, JobBody(name, users, completeAfter, workloads));
            return await ExpectAsync(response, HttpStatusCode.Created);
        }

        public async Task<JsonObject> GetJobAsync(string id)
            => await ExpectAsync(await Client.GetAsync($"{Root}/{id}"), HttpStatusCode.OK);

        public async Task<string> StatusAsync(string id) => (string)(await GetJobAsync(id))["status"]!;

        public async Task<JsonObject> ActionAsync(string id, string action, HttpStatusCode expected = HttpStatusCode.OK)
            => await ExpectAsync(await Client.PostAsync($"{Root}/{id}/{action}", null), expected);

        public async Task<JsonObject> GetUserAsync(string jobId, string userId)
            => await ExpectAsync(await Client.GetAsync($"{Root}/{jobId}/users/{userId}"), HttpStatusCode.OK);

        /// <summary>Per-workload statuses of one user: service → status.</summary>
        public async Task<Dictionary<string, string>> WorkloadStatusesAsync(string jobId, string userId)
        {
            var task = await GetUserAsync(jobId, userId);
            return task["currentStatus"]!.AsArray().ToDictionary(e => (string)e!["service"]!, e => (string)e!["status"]!);
        }

        /// <summary>Creates a job and takes it through validation to validatePassed.</summary>
        public async Task<JsonObject> CreateValidatedAsync(string name, IEnumerable<string>? users = null, DateTimeOffset? completeAfter = null)
        {
            var job = await CreateAsync(name, users, completeAfter);
            string id = (string)job["id"]!;
            await ActionAsync(id, "validate");
            Advance(3);
            Assert.Equal("validatePassed", await StatusAsync(id));
            return job;
        }

        public static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
            return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!.AsObject();
        }

        /// <summary>Asserts a Graph error envelope with the status and code; returns the message.</summary>
        public static async Task<string> ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
        {
            var body = await ExpectAsync(response, status);
            var error = body["error"]!.AsObject();
            Assert.Equal(code, (string)error["code"]!);
            var inner = error["innerError"]!.AsObject();
            Assert.False(string.IsNullOrEmpty((string?)inner["request-id"]));
            Assert.False(string.IsNullOrEmpty((string?)inner["client-request-id"]));
            Assert.False(string.IsNullOrEmpty((string?)inner["date"]));
            return (string)error["message"]!;
        }
    }
}
