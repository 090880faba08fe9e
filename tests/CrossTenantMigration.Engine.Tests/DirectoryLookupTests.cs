using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>
    /// Users looked up by name or id through Graph's JSON batching, against a fake network: batches of at most 20, a few
    /// at once, each answer read as untrusted input, throttled requests sent again in a later batch, and a batch treated
    /// as the read it is by the retries and by the request gate.
    /// </summary>
    public class DirectoryLookupTests
    {
        private const string Endpoint = "https://graph.test";
        private const string BatchUrl = Endpoint + "/v1.0/$batch";
        private readonly CancellationToken _none = CancellationToken.None;

        /// <summary>One request of a batch, as the fake received it.</summary>
        private sealed class BatchRequest
        {
            public BatchRequest(string id, string method, string url)
            {
                Id = id;
                Method = method;
                Url = url;
            }

            public string Id { get; }
            public string Method { get; }
            public string Url { get; }

            /// <summary>The name or id the request's URL looks up.</summary>
            public string Key
            {
                get
                {
                    var path = Url.Substring(0, Url.IndexOf('?'));
                    return path.StartsWith("/users('", StringComparison.Ordinal)
                        ? Uri.UnescapeDataString(path.Substring(8, path.Length - 10)).Replace("''", "'")
                        : Uri.UnescapeDataString(path.Substring("/users/".Length));
                }
            }
        }

        /// <summary>What the fake answers for one request of a batch: a status, a body and a Retry-After, or null for the directory's answer.</summary>
        private delegate (int Status, object? Body, string? RetryAfter)? Answer(int batch, BatchRequest request);

        /// <summary>
        /// The network: answers <c>POST /v1.0/$batch</c> from a directory (in the reverse order of the requests, as Graph
        /// may), and anything else with a created job. Records every batch, and how many were under way at once.
        /// </summary>
        private sealed class FakeGraph : HttpMessageHandler
        {
            private readonly Dictionary<string, (string Id, string Upn, string Name)> _users = new Dictionary<string, (string, string, string)>(StringComparer.OrdinalIgnoreCase);
            private int _inFlight;

            public List<List<BatchRequest>> Batches { get; } = new List<List<BatchRequest>>();
            public List<string> Requests { get; } = new List<string>();
            public int MostInFlight { get; private set; }
            public Answer? Override { get; set; }
            /// <summary>The whole answer to the request of this number (from 1) instead of the directory's; may throw.</summary>
            public Func<int, HttpResponseMessage?>? Raw { get; set; }
            public TimeSpan Latency { get; set; }

            public string Add(string upn, string? id = null)
            {
                id ??= Guid.NewGuid().ToString();
                _users[upn] = _users[id] = (id, upn, upn.Split('@')[0]);
                return id;
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                int number;
                lock (Requests)
                {
                    Requests.Add($"{request.Method} {request.RequestUri}");
                    number = Requests.Count;
                    MostInFlight = Math.Max(MostInFlight, ++_inFlight);
                }
                try
                {
                    if (Latency > TimeSpan.Zero) await Task.Delay(Latency, cancellationToken);
                    if (Raw?.Invoke(number) is HttpResponseMessage raw) return raw;
                    if (request.Method != HttpMethod.Post || request.RequestUri!.AbsolutePath != "/v1.0/$batch")
                        return Json(HttpStatusCode.Created, "{\"id\":\"" + Guid.NewGuid() + "\",\"displayName\":\"wave\",\"status\":\"submitted\"}");
                    var batch = ReadBatch(await request.Content!.ReadAsStringAsync(cancellationToken));
                    int batchNumber;
                    lock (Batches)
                    {
                        Batches.Add(batch);
                        batchNumber = Batches.Count;
                    }
                    var responses = batch.Select(r => Respond(batchNumber, r)).Reverse().ToList();
                    return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new { responses }));
                }
                finally
                {
                    lock (Requests) _inFlight--;
                }
            }

            private object Respond(int batch, BatchRequest request)
            {
                var (status, body, retryAfter) = Override?.Invoke(batch, request) ?? Directory(request.Key);
                var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
                if (retryAfter != null) headers["Retry-After"] = retryAfter;
                return new { id = request.Id, status, headers, body };
            }

            private (int, object?, string?) Directory(string key) =>
                _users.TryGetValue(key, out var user)
                    ? (200, new { id = user.Id, userPrincipalName = user.Upn, displayName = user.Name }, null)
                    : (404, Error("Request_ResourceNotFound", $"Resource '{key}' does not exist or one of its queried reference-property objects are not present."), (string?)null);

            private static List<BatchRequest> ReadBatch(string body)
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.GetProperty("requests").EnumerateArray()
                    .Select(r => new BatchRequest(r.GetProperty("id").GetString()!, r.GetProperty("method").GetString()!, r.GetProperty("url").GetString()!))
                    .ToList();
            }
        }

        private static object Error(string code, string message) => new { error = new { code, message } };

        private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
            new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        /// <summary>A connection over the fake; its retries wait on a clock the test moves, never for real, and each wait is recorded.</summary>
        private static IMigrationTransport Connect(FakeGraph graph, List<TimeSpan>? waits = null, int maxAttempts = 5, TimeSpan? maxRetryDelay = null)
        {
            var token = new SecureString();
            foreach (var c in "not-a-jwt") token.AppendChar(c);
            var transport = MigrationTransportFactory.Connect(new ConnectionOptions
            {
                SignInKind = SignInKind.AccessToken,
                AccessToken = token,
                Endpoint = new Uri(Endpoint),
                NetworkHandler = graph,
                MaxAttempts = maxAttempts,
                MaxRetryDelay = maxRetryDelay ?? TimeSpan.FromMinutes(2),
            });
            var now = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
            var resilience = ((RestMigrationTransport)transport.Transport).Resilience;
            resilience.UtcNow = () => now;
            resilience.Delay = (delay, _) =>
            {
                lock (resilience) waits?.Add(delay);
                now += delay;
                return Task.CompletedTask;
            };
            return transport.Transport;
        }

        [Fact]
        public async Task Looks_users_up_in_batches_of_at_most_twenty_by_name_or_id()
        {
            var graph = new FakeGraph();
            var names = Enumerable.Range(1, 44).Select(i => $"user{i:00}@contoso.com").ToList();
            var ids = names.Take(40).Select(n => graph.Add(n)).ToList();
            var keys = names.Concat(new[] { ids[0].ToUpperInvariant() }).ToList();
            using var transport = Connect(graph);

            var lookups = await transport.LookUpUsersAsync(keys, 4, _none);

            Assert.Equal(new[] { 20, 20, 5 }, graph.Batches.Select(b => b.Count).OrderByDescending(n => n));
            Assert.All(graph.Requests, r => Assert.Equal("POST " + BatchUrl, r));
            Assert.All(graph.Batches, batch =>
            {
                Assert.Equal(Enumerable.Range(1, batch.Count).Select(i => i.ToString()), batch.Select(r => r.Id));
                Assert.All(batch, r => Assert.Equal("GET", r.Method));
            });
            Assert.Contains(graph.Batches.SelectMany(b => b), r => r.Url == "/users/user01%40contoso.com?$select=id,userPrincipalName,displayName");
            Assert.Equal(keys, lookups.Select(l => l.Key));
            Assert.All(lookups.Take(40), l => Assert.Equal(DirectoryLookupStatus.Found, l.Status));
            Assert.Equal(ids, lookups.Take(40).Select(l => l.User!.Id));
            Assert.Equal("user01@contoso.com", lookups[0].User!.UserPrincipalName);
            Assert.Equal("user01", lookups[0].User!.DisplayName);
            Assert.All(lookups.Skip(40).Take(4), l => Assert.Equal(DirectoryLookupStatus.NotFound, l.Status));
            Assert.Equal(ids[0], lookups[44].User!.Id);
        }

        [Fact]
        public async Task Sends_at_most_the_concurrency_in_batches_at_once()
        {
            var graph = new FakeGraph { Latency = TimeSpan.FromMilliseconds(30) };
            using var transport = Connect(graph);

            await transport.LookUpUsersAsync(Enumerable.Range(1, 200).Select(i => $"u{i}@contoso.com").ToList(), 3, _none);

            Assert.Equal(10, graph.Batches.Count);
            Assert.Equal(3, graph.MostInFlight);
        }

        [Fact]
        public async Task A_key_given_twice_in_any_case_is_sent_once()
        {
            var graph = new FakeGraph();
            graph.Add("adele@contoso.com");
            using var transport = Connect(graph);

            var lookups = await transport.LookUpUsersAsync(new[] { "adele@contoso.com", "ADELE@contoso.com" }, 4, _none);

            Assert.Single(Assert.Single(graph.Batches));
            Assert.Equal("adele@contoso.com", Assert.Single(lookups).Key);
        }

        [Theory]
        [InlineData("o'neil+test@contoso.com", "/users/o%27neil%2Btest%40contoso.com?$select=id,userPrincipalName,displayName")]
        [InlineData("alice_fabrikam.com#EXT#@contoso.onmicrosoft.com", "/users/alice_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com?$select=id,userPrincipalName,displayName")]
        [InlineData("$admin@contoso.com", "/users('%24admin%40contoso.com')?$select=id,userPrincipalName,displayName")]
        [InlineData("4dd550d9-9ea2-4e71-a16b-60b1d1c4f506", "/users/4dd550d9-9ea2-4e71-a16b-60b1d1c4f506?$select=id,userPrincipalName,displayName")]
        public async Task A_key_is_escaped_for_its_path_segment(string key, string url)
        {
            var graph = new FakeGraph();
            graph.Add(key.Contains('@') ? key : "someone@contoso.com", key.Contains('@') ? null : key);
            using var transport = Connect(graph);

            var lookup = Assert.Single(await transport.LookUpUsersAsync(new[] { key }, 1, _none));

            Assert.Equal(url, Assert.Single(Assert.Single(graph.Batches)).Url);
            Assert.Equal(DirectoryLookupStatus.Found, lookup.Status);
        }

        [Fact]
        public async Task A_request_throttled_inside_a_batch_goes_again_after_its_Retry_After_and_the_other_answers_are_kept()
        {
            var graph = new FakeGraph();
            foreach (var n in new[] { "a", "b", "c" }) graph.Add(n + "@contoso.com");
            graph.Override = (batch, request) => batch == 1 && request.Key == "b@contoso.com"
                ? (429, Error("TooManyRequests", "Too many requests."), "7") : ((int, object?, string?)?)null;
            var waits = new List<TimeSpan>();
            using var transport = Connect(graph, waits);

            var lookups = await transport.LookUpUsersAsync(new[] { "a@contoso.com", "b@contoso.com", "c@contoso.com" }, 4, _none);

            Assert.All(lookups, l => Assert.Equal(DirectoryLookupStatus.Found, l.Status));
            Assert.Equal(new[] { "b@contoso.com" }, graph.Batches[1].Select(r => r.Key));
            Assert.Equal(2, graph.Batches.Count);
            Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, waits);
        }

        [Fact]
        public async Task A_Retry_After_given_as_a_date_is_waited_out_by_the_connections_clock()
        {
            var graph = new FakeGraph();
            graph.Add("a@contoso.com");
            graph.Override = (batch, request) => batch == 1 ? (429, null, "Tue, 01 Dec 2026 12:00:30 GMT") : ((int, object?, string?)?)null;
            var waits = new List<TimeSpan>();
            using var transport = Connect(graph, waits);

            Assert.Equal(DirectoryLookupStatus.Found, Assert.Single(await transport.LookUpUsersAsync(new[] { "a@contoso.com" }, 1, _none)).Status);
            Assert.Equal(new[] { TimeSpan.FromSeconds(30) }, waits);
        }

        [Fact]
        public async Task A_request_still_throttled_after_every_attempt_fails_with_the_reason_and_the_others_are_found()
        {
            var graph = new FakeGraph();
            graph.Add("a@contoso.com");
            graph.Add("b@contoso.com");
            graph.Override = (batch, request) => request.Key == "b@contoso.com" ? (429, null, "1") : ((int, object?, string?)?)null;
            var waits = new List<TimeSpan>();
            using var transport = Connect(graph, waits, maxAttempts: 3);

            var lookups = await transport.LookUpUsersAsync(new[] { "a@contoso.com", "b@contoso.com" }, 1, _none);

            Assert.Equal(DirectoryLookupStatus.Found, lookups[0].Status);
            Assert.Equal(DirectoryLookupStatus.Failed, lookups[1].Status);
            Assert.Equal(429, lookups[1].HttpStatus);
            Assert.Contains("throttled (HTTP 429) after 3 attempt(s)", lookups[1].Reason);
            Assert.Contains("-MaxRetryCount", lookups[1].Reason);
            Assert.Equal(3, graph.Batches.Count);
            Assert.Equal(2, waits.Count);
        }

        [Fact]
        public async Task A_Retry_After_longer_than_the_policy_allows_fails_that_request_at_once()
        {
            var graph = new FakeGraph();
            graph.Override = (batch, request) => (429, null, "600");
            var waits = new List<TimeSpan>();
            using var transport = Connect(graph, waits, maxRetryDelay: TimeSpan.FromSeconds(30));

            var lookup = Assert.Single(await transport.LookUpUsersAsync(new[] { "a@contoso.com" }, 1, _none));

            Assert.Equal(DirectoryLookupStatus.Failed, lookup.Status);
            Assert.Contains("asked to wait 600 s, more than -MaxRetryWaitSec (30 s)", lookup.Reason);
            Assert.Single(graph.Batches);
            Assert.Empty(waits);
        }

        [Fact]
        public async Task Not_found_refused_and_failed_are_answers_for_their_keys_not_failures_of_the_lookup()
        {
            var graph = new FakeGraph();
            graph.Add("found@contoso.com");
            graph.Override = (batch, request) =>
                request.Key == "secret@contoso.com" ? (403, Error("Authorization_RequestDenied", "Insufficient privileges to complete the operation."), null)
                : request.Key == "broken@contoso.com" ? (500, Error("UnknownError", "Something went wrong."), null)
                : ((int, object?, string?)?)null;
            using var transport = Connect(graph);

            var lookups = await transport.LookUpUsersAsync(new[] { "found@contoso.com", "gone@contoso.com", "secret@contoso.com", "broken@contoso.com" }, 1, _none);

            Assert.Equal(new[] { DirectoryLookupStatus.Found, DirectoryLookupStatus.NotFound, DirectoryLookupStatus.Refused, DirectoryLookupStatus.Failed },
                lookups.Select(l => l.Status));
            Assert.Equal("HTTP 403 Authorization_RequestDenied: Insufficient privileges to complete the operation", lookups[2].Reason);
            Assert.Equal("HTTP 500 UnknownError: Something went wrong", lookups[3].Reason);
            Assert.Equal(500, lookups[3].HttpStatus);
            Assert.Single(graph.Batches);
        }

        public static IEnumerable<object[]> MalformedAnswers() => new[]
        {
            new object[] { "not JSON", "[]" },
            new object[] { "no responses", "{\"value\":[]}" },
            new object[] { "responses not a list", "{\"responses\":{}}" },
            new object[] { "an id that was not sent", "{\"responses\":[{\"id\":\"1\",\"status\":404},{\"id\":\"3\",\"status\":404}]}" },
            new object[] { "an id in another form", "{\"responses\":[{\"id\":\"01\",\"status\":404},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "an id twice", "{\"responses\":[{\"id\":\"1\",\"status\":404},{\"id\":\"1\",\"status\":404}]}" },
            new object[] { "an answer missing", "{\"responses\":[{\"id\":\"1\",\"status\":404}]}" },
            new object[] { "a response without a status", "{\"responses\":[{\"id\":\"1\"},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "a status that is text", "{\"responses\":[{\"id\":\"1\",\"status\":\"200\"},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "a response that is not an object", "{\"responses\":[\"1\",{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "a user without a body", "{\"responses\":[{\"id\":\"1\",\"status\":200},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "a user without an id", "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"userPrincipalName\":\"a@contoso.com\"}},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "a user with an empty id", "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"id\":\"\"}},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "a user whose id is not a GUID", "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"id\":\"42\"}},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "a user whose body is a list", "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":[]},{\"id\":\"2\",\"status\":404}]}" },
            new object[] { "another user than the id asked for", "{\"responses\":[{\"id\":\"1\",\"status\":404},{\"id\":\"2\",\"status\":200,\"body\":{\"id\":\"" + Guid.NewGuid() + "\"}}]}" },
        };

        [Theory]
        [MemberData(nameof(MalformedAnswers))]
        public async Task An_answer_that_is_not_the_documented_batch_is_refused_whole(string what, string answer)
        {
            var graph = new FakeGraph { Raw = _ => Json(HttpStatusCode.OK, answer) };
            using var transport = Connect(graph);

            var refused = await Assert.ThrowsAsync<ServiceException>(() =>
                transport.LookUpUsersAsync(new[] { "a@contoso.com", "4dd550d9-9ea2-4e71-a16b-60b1d1c4f506" }, 1, _none));

            Assert.True(refused.ErrorId == ErrorIds.ServiceError, what);
            Assert.Contains("Looking up 2 user(s) in the target tenant's directory failed", refused.Message);
            Assert.False(refused.OutcomeUnknown);
            Assert.Single(graph.Requests);
        }

        [Fact]
        public async Task A_batch_refused_whole_names_the_directory_permission()
        {
            var graph = new FakeGraph { Raw = _ => Json(HttpStatusCode.Forbidden, "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges.\"}}") };
            using var transport = Connect(graph);

            var refused = await Assert.ThrowsAsync<ServiceException>(() => transport.LookUpUsersAsync(new[] { "a@contoso.com" }, 1, _none));

            Assert.Equal(ErrorIds.PermissionDenied, refused.ErrorId);
            Assert.Contains("User.ReadBasic.All (or User.Read.All)", refused.Message);
            Assert.DoesNotContain("CrossTenantContentMigration", refused.Message);
        }

        [Fact]
        public async Task A_batch_is_sent_again_after_a_lost_connection_or_a_gateway_timeout_because_it_only_reads()
        {
            var graph = new FakeGraph();
            graph.Add("a@contoso.com");
            graph.Raw = number => number == 1 ? throw new HttpRequestException("connection reset")
                : number == 2 ? new HttpResponseMessage(HttpStatusCode.GatewayTimeout)
                : null;
            using var transport = Connect(graph);

            var lookup = Assert.Single(await transport.LookUpUsersAsync(new[] { "a@contoso.com" }, 1, _none));

            Assert.Equal(DirectoryLookupStatus.Found, lookup.Status);
            Assert.Equal(3, graph.Requests.Count);
        }

        [Fact]
        public async Task A_job_created_after_a_lost_connection_is_not_sent_again_unlike_a_batch()
        {
            // The other side of the marker: a POST that is not marked is an action whose outcome is unknown.
            var graph = new FakeGraph { Raw = number => number == 1 ? throw new HttpRequestException("connection reset") : null };
            using var transport = Connect(graph);

            var lost = await Assert.ThrowsAsync<ServiceException>(() => transport.CreateJobAsync(TransportTests.Definition(), _none));

            Assert.True(lost.OutcomeUnknown);
            Assert.Single(graph.Requests);
        }

        [Fact]
        public async Task The_request_gate_notes_a_created_job_but_not_a_batch_of_lookups()
        {
            var graph = new FakeGraph();
            graph.Add("a@contoso.com");
            using var transport = Connect(graph);
            var gate = new RequestGate(new CommandStop());

            using (RequestGate.Begin(gate))
            {
                await transport.LookUpUsersAsync(new[] { "a@contoso.com" }, 1, _none);
                Assert.Empty(gate.AcceptedActions);
                await transport.CreateJobAsync(TransportTests.Definition(), _none);
            }

            Assert.Equal("POST " + Endpoint + "/v1.0/solutions/migrations/crossTenantMigrationJobs", Assert.Single(gate.AcceptedActions));
        }

        [Fact]
        public async Task A_stopped_command_sends_no_batch()
        {
            var graph = new FakeGraph();
            using var transport = Connect(graph);
            var stop = new CommandStop();
            stop.Stop();

            using (RequestGate.Begin(new RequestGate(stop)))
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.LookUpUsersAsync(new[] { "a@contoso.com" }, 1, _none));

            Assert.Empty(graph.Requests);
        }

        [Fact]
        public async Task One_batch_that_fails_fails_the_lookup_and_the_batches_not_yet_sent_are_not()
        {
            var graph = new FakeGraph { Raw = number => number == 1 ? Json(HttpStatusCode.BadRequest, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid batch.\"}}") : null };
            using var transport = Connect(graph);

            var failed = await Assert.ThrowsAsync<ServiceException>(() =>
                transport.LookUpUsersAsync(Enumerable.Range(1, 100).Select(i => $"u{i}@contoso.com").ToList(), 1, _none));

            Assert.Equal(ErrorIds.ServiceRejectedRequest, failed.ErrorId);
            Assert.Single(graph.Requests);
        }

        [Fact]
        public async Task The_offline_connection_answers_a_lookup_with_an_empty_directory()
        {
            using var transport = await OfflineConnection.ConnectAsync(_none);

            var lookups = await transport.Transport.LookUpUsersAsync(new[] { "a@contoso.com", "4dd550d9-9ea2-4e71-a16b-60b1d1c4f506" }, 1, _none);

            Assert.All(lookups, l => Assert.Equal(DirectoryLookupStatus.NotFound, l.Status));
        }
    }
}
