using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator.Host;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>The hostile layer of the host: each rule does what a test asks, counts it, and nothing else.</summary>
    public sealed class HostileLayerTests : IAsyncLifetime
    {
        private EmulatorHost _host = null!;
        private HttpClient _client = null!;
        private string _token = null!;

        public async Task InitializeAsync()
        {
            _host = await EmulatorHost.StartAsync(new EmulatorHostOptions { Hostile = true });
            _token = _host.Emulator.IssueToken(new TokenRequest()).AccessToken;
            _client = new HttpClient { BaseAddress = _host.HttpUrl };
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        public async Task DisposeAsync()
        {
            _client.Dispose();
            await _host.DisposeAsync();
        }

        private string Origin => _host.HttpUrl.GetLeftPart(UriPartial.Authority);

        private async Task SetRulesAsync(string rulesJson) =>
            await ExpectArrayAsync(await _client.PutAsync("/_hostile/rules", Json(rulesJson)));

        private async Task<JsonArray> RulesAsync() => await ExpectArrayAsync(await _client.GetAsync("/_hostile/rules"));

        private static async Task<JsonArray> ExpectArrayAsync(HttpResponseMessage response)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
            return JsonNode.Parse(text)!.AsArray();
        }

        private async Task<string> CreateJobAsync(string name)
        {
            var body = new JsonObject
            {
                ["displayName"] = name,
                ["completeAfterDateTime"] = DateTimeOffset.UtcNow.AddDays(1).ToString("o"),
                ["sourceTenantId"] = SourceTenant,
                ["resourceType"] = "Users",
                ["resources"] = new JsonArray(NewUser()),
                ["workloads"] = new JsonArray("Teams"),
            };
            var job = await ExpectAsync(await _client.PostAsync(Root, Json(body)), HttpStatusCode.Created);
            return (string)job["id"]!;
        }

        private static int Count(JsonArray rules, int index, string counter) => (int)rules[index]![counter]!;

        [Fact]
        public async Task A_nextLink_rule_rewrites_list_pages_with_its_placeholders_and_counts_only_what_it_changed()
        {
            string job = await CreateJobAsync("next-link");
            await SetRulesAsync("""
                [{"method":"GET","path":"crossTenantMigrationJobs(\\?|$)","times":1,"action":"nextLink","nextLink":"{self}"},
                 {"method":"GET","path":"crossTenantMigrationJobs","action":"nextLink","nextLink":"{capture}{pathAndQuery}|{captureLoopback}|{origin}/beta"}]
                """);

            var looping = await ExpectAsync(await _client.GetAsync(Root + "?$top=5"), HttpStatusCode.OK);
            Assert.Equal($"{Origin}/{Root}?$top=5", (string)looping["@odata.nextLink"]!);
            Assert.Equal(job, (string)looping["value"]![0]!["id"]!);

            var foreign = await ExpectAsync(await _client.GetAsync(Root), HttpStatusCode.OK);
            var capture = _host.Hostile!.Capture;
            Assert.Equal(
                $"{capture.Url.GetLeftPart(UriPartial.Authority)}/{Root}|{capture.LoopbackUrl.GetLeftPart(UriPartial.Authority)}|{Origin}/beta",
                (string)foreign["@odata.nextLink"]!);

            // not a list page: the answer goes through as it is, and the rule does not count it
            var single = await ExpectAsync(await _client.GetAsync($"{Root}/{job}"), HttpStatusCode.OK);
            Assert.Null(single["@odata.nextLink"]);

            var rules = await RulesAsync();
            Assert.Equal((2, 1), (Count(rules, 0, "matched"), Count(rules, 0, "fired"))); // it matched the second page too, but had run out of times
            Assert.Equal((2, 1), (Count(rules, 1, "matched"), Count(rules, 1, "fired")));
        }

        [Fact]
        public async Task The_capture_servers_listen_elsewhere_and_record_whether_a_token_came_never_the_token()
        {
            var capture = _host.Hostile!.Capture;
            Assert.Equal("127.0.0.2", capture.Url.Host);
            Assert.Equal("127.0.0.1", capture.LoopbackUrl.Host);
            Assert.NotEqual(_host.HttpUrl.Port, capture.LoopbackUrl.Port);

            using var foreign = new HttpClient();
            var withToken = new HttpRequestMessage(HttpMethod.Get, new Uri(capture.Url, "/v1.0/solutions/migrations/crossTenantMigrationJobs?$skiptoken=abc"));
            withToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            var page = await ExpectAsync(await foreign.SendAsync(withToken), HttpStatusCode.OK);
            Assert.Empty(page["value"]!.AsArray());
            await foreign.PostAsync(new Uri(capture.LoopbackUrl, "/anything"), null);

            var response = await _client.GetAsync("/_hostile/capture");
            string text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(_token, text);
            var report = JsonNode.Parse(text)!;
            Assert.Equal(2, (int)report["count"]!);
            Assert.Equal(capture.Url.GetLeftPart(UriPartial.Authority), (string)report["url"]!);
            var requests = report["requests"]!.AsArray();
            Assert.Equal(("GET", "/v1.0/solutions/migrations/crossTenantMigrationJobs", true),
                ((string)requests[0]!["method"]!, (string)requests[0]!["path"]!, (bool)requests[0]!["hadAuthorization"]!));
            Assert.Equal(("POST", "/anything", false),
                ((string)requests[1]!["method"]!, (string)requests[1]!["path"]!, (bool)requests[1]!["hadAuthorization"]!));
            Assert.Equal(capture.LoopbackUrl.GetLeftPart(UriPartial.Authority), (string)requests[1]!["server"]!);

            Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/_hostile/capture")).StatusCode);
            Assert.Empty(capture.Requests);
            Assert.Equal(0, _host.Hostile.Requests); // neither the capture servers nor the admin API are counted
        }

        [Fact]
        public async Task A_status_rule_answers_a_Graph_error_without_forwarding_after_its_skip_and_for_its_times()
        {
            await SetRulesAsync("""[{"method":"GET","path":"crossTenantMigrationJobs$","skip":1,"times":2,"action":"status","status":503,"retryAfter":7}]""");
            _host.Emulator.ResetStatistics();

            await ExpectAsync(await _client.GetAsync(Root), HttpStatusCode.OK);
            for (int i = 0; i < 2; i++)
            {
                var refused = await _client.GetAsync(Root);
                Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter!.Delta);
                await ExpectErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "serviceNotAvailable");
            }

            await ExpectAsync(await _client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal(2, _host.Emulator.GetStatistics().Requests);
            var rules = await RulesAsync();
            Assert.Equal((4, 2), (Count(rules, 0, "matched"), Count(rules, 0, "fired")));

            await SetRulesAsync("""[{"path":"/users","action":"status","status":500,"code":"boom","message":"It broke.","retryAfter":"Wed, 21 Oct 2037 07:28:00 GMT"}]""");
            var failed = await _client.GetAsync($"{Root}/{Guid.NewGuid()}/users");
            Assert.Equal("Wed, 21 Oct 2037 07:28:00 GMT", failed.Headers.GetValues("Retry-After").Single());
            Assert.Equal("It broke.", await ExpectErrorAsync(failed, HttpStatusCode.InternalServerError, "boom"));
        }

        [Fact]
        public async Task A_trickle_rule_sends_the_headers_at_once_then_the_body_a_byte_at_a_time_and_the_rest_at_its_bound()
        {
            string job = await CreateJobAsync("trickle");
            byte[] whole = await (await _client.GetAsync($"{Root}/{job}")).Content.ReadAsByteArrayAsync();
            await SetRulesAsync($$"""[{"method":"GET","path":"{{job}}$","action":"trickle","intervalMs":20,"maxSeconds":1}]""");

            using var response = await _client.GetAsync($"{Root}/{job}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentLength);
            using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[whole.Length];
            Assert.Equal(1, await body.ReadAsync(buffer.AsMemory(0, buffer.Length)));
            Assert.Equal(1, await body.ReadAsync(buffer.AsMemory(1, buffer.Length - 1)));
            using var rest = new MemoryStream();
            rest.Write(buffer, 0, 2);
            await body.CopyToAsync(rest);
            Assert.Equal(whole, rest.ToArray());

            var rules = await RulesAsync();
            Assert.Equal(1, Count(rules, 0, "fired"));
            Assert.Equal(whole.Length, (long)rules[0]!["bytesSent"]!);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task An_oversized_rule_writes_a_JSON_body_of_its_size_with_or_without_a_Content_Length(bool contentLength)
        {
            const int size = 1024 * 1024 + 7;
            await SetRulesAsync($$"""[{"path":"crossTenantMigrationJobs$","action":"oversized","sizeBytes":{{size}},"contentLength":{{(contentLength ? "true" : "false")}}}]""");
            using var response = await _client.GetAsync(Root, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(contentLength ? size : (long?)null, response.Content.Headers.ContentLength);
            Assert.Equal(!contentLength, response.Headers.TransferEncodingChunked == true);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(size, body.Length);
            Assert.Empty(JsonNode.Parse(body)!["value"]!.AsArray());
            Assert.Equal(size, (long)(await RulesAsync())[0]!["bytesSent"]!);
        }

        [Fact]
        public async Task An_oversized_answer_stops_being_written_when_the_client_leaves()
        {
            const long size = 50L * 1024 * 1024;
            await SetRulesAsync($$"""[{"path":"crossTenantMigrationJobs$","action":"oversized","sizeBytes":{{size}}}]""");
            // a client that reads the start of the answer, then closes its connection
            using (var socket = new System.Net.Sockets.TcpClient())
            {
                await socket.ConnectAsync(_host.HttpUrl.Host, _host.HttpUrl.Port);
                var stream = socket.GetStream();
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET /{Root} HTTP/1.1\r\nHost: {_host.HttpUrl.Authority}\r\nAuthorization: Bearer {_token}\r\n\r\n"));
                await stream.ReadExactlyAsync(new byte[64 * 1024]);
            }

            var layer = _host.Hostile!;
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (layer.InFlight > 0)
            {
                await Task.Delay(20, patience.Token);
            }

            long sent = layer.Rules[0].BytesSent;
            Assert.InRange(sent, 64L * 1024, size / 2);
        }

        [Fact]
        public async Task An_items_rule_replaces_the_items_of_list_pages_only()
        {
            string job = await CreateJobAsync("items");
            await SetRulesAsync("""[{"method":"GET","path":"crossTenantMigrationJobs","action":"items","items":[null,1,"x",{"id":""}]}]""");
            var page = await ExpectAsync(await _client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal("""[null,1,"x",{"id":""}]""", page["value"]!.ToJsonString());
            var single = await ExpectAsync(await _client.GetAsync($"{Root}/{job}"), HttpStatusCode.OK);
            Assert.Equal(job, (string)single["id"]!);
            Assert.Equal(1, Count(await RulesAsync(), 0, "fired"));
        }

        [Fact]
        public async Task A_gone_job_is_read_its_skip_times_then_answers_404_to_everything_and_leaves_the_lists()
        {
            string gone = await CreateJobAsync("gone");
            string kept = await CreateJobAsync("kept");
            await SetRulesAsync($$"""[{"method":"GET","jobId":"{{gone.ToUpperInvariant()}}","skip":2,"action":"gone"}]""");

            await ExpectAsync(await _client.GetAsync($"{Root}/{gone}"), HttpStatusCode.OK);                  // read 1
            var listed = await ExpectAsync(await _client.GetAsync(Root), HttpStatusCode.OK);                  // read 2
            Assert.Contains(gone, listed["value"]!.AsArray().Select(j => (string)j!["id"]!));
            await ExpectAsync(await _client.PostAsync($"{Root}/{gone}/validate", null), HttpStatusCode.OK); // not a GET: not a read

            string message = await ExpectErrorAsync(await _client.GetAsync($"{Root}/{gone}"), HttpStatusCode.NotFound, "itemNotFound");
            Assert.Contains(gone, message);
            var after = await ExpectAsync(await _client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal(new[] { kept }, after["value"]!.AsArray().Select(j => (string)j!["id"]!).ToArray());
            await ExpectErrorAsync(await _client.GetAsync($"{Root}/{gone}/users"), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectErrorAsync(await _client.PostAsync($"{Root}/{gone}/cancel", null), HttpStatusCode.NotFound, "itemNotFound");
            await ExpectAsync(await _client.GetAsync($"{Root}/{kept}"), HttpStatusCode.OK);

            var rules = await RulesAsync();
            Assert.True((bool)rules[0]!["isGone"]!);
            Assert.Equal(3, Count(rules, 0, "matched"));
            Assert.Equal(4, Count(rules, 0, "fired")); // three 404s and one list page
        }

        [Fact]
        public async Task Requests_are_counted_while_and_after_they_run_but_not_the_admin_APIs()
        {
            var layer = _host.Hostile!;
            await _client.GetAsync(Root);
            await _client.GetAsync("/_emulator/stats");
            await _client.GetAsync("/_hostile/rules");
            var counts = JsonNode.Parse(await _client.GetStringAsync("/_hostile/requests"))!;
            Assert.Equal(1, (long)counts["total"]!);
            Assert.Equal(0, (long)counts["inFlight"]!);

            string job = await CreateJobAsync("in-flight");
            await SetRulesAsync($$"""[{"path":"{{job}}$","action":"trickle","intervalMs":50,"maxSeconds":60}]""");
            using (var trickling = await _client.GetAsync($"{Root}/{job}", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(1, layer.InFlight);
            }

            _client.Dispose(); // the client leaves in the middle of the body
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (layer.InFlight > 0)
            {
                await Task.Delay(20, patience.Token);
            }

            Assert.Equal(3, layer.Requests);
        }

        [Fact]
        public async Task A_bad_rule_is_refused_with_its_reason_and_the_rules_in_force_stay()
        {
            await SetRulesAsync("""[{"name":"probe","path":"x","action":"forward"}]""");
            foreach (var bad in new[]
            {
                ("""[{"name":"broken","path":"(","action":"forward"}]""", "Rule 1 ('broken'): path is not a valid regular expression"),
                ("""[{"path":"x","action":"forward","colour":"red"}]""", "colour"),
                ("""[{"path":"x","action":"status"}]""", "status, from 400 to 599"),
                ("""[{"path":"x","action":"items","items":{}}]""", "a JSON array"),
                ("""[{"path":"x","action":"nextLink"}]""", "needs nextLink"),
                ("""[{"path":"x","action":"oversized","sizeBytes":10}]""", "sizeBytes"),
                ("""[{"path":"x","action":"forward"},{"action":"gone","jobId":"nope"}]""", "Rule 2: a gone rule needs jobId"),
                ("""[{"path":"x","action":"explode"}]""", "$[0].action"),
                ("""{"path":"x","action":"forward"}""", "JSON"),
            })
            {
                var message = await ExpectErrorAsync400(await _client.PutAsync("/_hostile/rules", Json(bad.Item1)));
                Assert.Contains(bad.Item2, message);
            }

            Assert.Equal("probe", (string)(await RulesAsync()).Single()!["name"]!);
            Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/_hostile/rules")).StatusCode);
            Assert.Empty(await RulesAsync());
        }

        private static async Task<string> ExpectErrorAsync400(HttpResponseMessage response)
        {
            var body = await ExpectAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("invalidRequest", (string)body["error"]!["code"]!);
            return (string)body["error"]!["message"]!;
        }
    }

    public class HostileHostOptionTests
    {
        [Fact]
        public async Task Without_the_option_there_is_no_hostile_layer()
        {
            Assert.True(EmulatorHostOptions.Parse(new[] { "--hostile", "true" }).Hostile);
            Assert.False(EmulatorHostOptions.Parse(Array.Empty<string>()).Hostile);
            Assert.Throws<ArgumentException>(() => EmulatorHostOptions.Parse(new[] { "--hostile", "maybe" }));

            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions());
            Assert.Null(host.Hostile);
            using var client = new HttpClient { BaseAddress = host.HttpUrl };
            Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/_hostile/requests")).StatusCode);
        }

        [Fact]
        public async Task The_host_process_prints_the_capture_urls_after_its_own()
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "CrossTenantMigration.Emulator.Host.dll");
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "CrossTenantMigration.Emulator.Host.runtimeconfig.json"), dll, "--port", "0", "--hostile", "true" })
            {
                start.ArgumentList.Add(a);
            }

            using var host = Process.Start(start)!;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                Assert.Matches(@"^EMULATOR_URL=http://127\.0\.0\.1:\d+$", await host.StandardOutput.ReadLineAsync(timeout.Token));
                Assert.Matches(@"^CAPTURE_URL=http://127\.0\.0\.2:\d+$", await host.StandardOutput.ReadLineAsync(timeout.Token));
                Assert.Matches(@"^CAPTURE_LOOPBACK_URL=http://127\.0\.0\.1:\d+$", await host.StandardOutput.ReadLineAsync(timeout.Token));
            }
            finally
            {
                host.Kill(true);
            }
        }
    }
}
