using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading;
using System.Linq;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator;
using CrossTenantMigration.Emulator.Host;
using Microsoft.AspNetCore.Builder;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Emulator.Tests
{
    public class HostTests
    {
        private static async Task<string> TokenAsync(HttpClient client)
        {
            var token = await ExpectAsync(await client.PostAsync("/_emulator/token", Json("{}")), HttpStatusCode.OK);
            return (string)token["access_token"]!;
        }

        [Fact]
        public async Task Host_serves_the_service_over_http_on_loopback()
        {
            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { Emulator = new EmulatorOptions { StepDuration = TimeSpan.FromSeconds(1) } });
            Assert.Equal("127.0.0.1", host.HttpUrl.Host);
            Assert.NotEqual(0, host.HttpUrl.Port);

            using var client = new HttpClient { BaseAddress = host.HttpUrl };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
            client.DefaultRequestHeaders.Add("client-request-id", "over-http");

            var body = new JsonObject
            {
                ["displayName"] = "Ünïcode / O'Neil",
                ["completeAfterDateTime"] = DateTimeOffset.UtcNow.AddHours(1).ToString("o"),
                ["sourceTenantId"] = SourceTenant,
                ["resourceType"] = "Users",
                ["resources"] = new JsonArray(NewUser()),
                ["workloads"] = new JsonArray("Teams"),
            };
            var created = await client.PostAsync(Root, Json(body));
            var job = await ExpectAsync(created, HttpStatusCode.Created);
            Assert.Equal("over-http", string.Join(",", created.Headers.GetValues("client-request-id")));
            Assert.StartsWith(host.HttpUrl.GetLeftPart(UriPartial.Authority) + "/v1.0/$metadata#", (string)job["@odata.context"]!);

            string byName = "v1.0/solutions/migrations/crossTenantMigrationJobs(displayName='" + Uri.EscapeDataString("Ünïcode / O''Neil") + "')";
            var got = await ExpectAsync(await client.GetAsync(byName), HttpStatusCode.OK);
            Assert.Equal((string)job["id"]!, (string)got["id"]!);

            var patch = await client.PatchAsync($"{Root}/{job["id"]}", Json(new JsonObject { ["completeAfterDateTime"] = DateTimeOffset.UtcNow.AddHours(2).ToString("o") }));
            Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);

            var count = await client.GetAsync(Root + "/$count");
            Assert.Equal("1", await count.Content.ReadAsStringAsync());

            var unauthorized = await new HttpClient { BaseAddress = host.HttpUrl }.GetAsync(Root);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
            Assert.Equal("Bearer", unauthorized.Headers.WwwAuthenticate.ToString().Split(' ')[0]);

            host.Emulator.Throttle = new ThrottleSettings { EveryNth = 1, RetryAfterSeconds = 5 };
            var throttled = await client.GetAsync(Root);
            Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), throttled.Headers.RetryAfter!.Delta);
        }

        [Fact]
        public async Task A_dropped_connection_surfaces_as_HttpRequestException_over_http()
        {
            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions());
            using var client = new HttpClient { BaseAddress = host.HttpUrl };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
            var body = new JsonObject
            {
                ["displayName"] = "dropped-after",
                ["completeAfterDateTime"] = DateTimeOffset.UtcNow.AddHours(1).ToString("o"),
                ["sourceTenantId"] = SourceTenant,
                ["resourceType"] = "Users",
                ["resources"] = new JsonArray(NewUser()),
                ["workloads"] = new JsonArray("Teams"),
            };

            host.Emulator.Faults = new FaultSettings { Rate = 1, Kinds = { FaultKind.DropAfterCommit } };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.PostAsync(Root, Json(body)));
            host.Emulator.Faults = null;
            Assert.Equal(1, host.Emulator.GetStatistics().Jobs);

            host.Emulator.Faults = new FaultSettings { Rate = 1, Kinds = { FaultKind.DropBeforeCommit } };
            body["displayName"] = "dropped-before";
            body["resources"] = new JsonArray(NewUser());
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.PostAsync(Root, Json(body)));
            host.Emulator.Faults = null;
            Assert.Equal(1, host.Emulator.GetStatistics().Jobs);

            // the server is still fine afterwards
            await ExpectAsync(await client.GetAsync(Root), HttpStatusCode.OK);
        }

        [Fact]
        public async Task Https_listener_uses_the_certificate_written_as_pem()
        {
            string certPath = Path.Combine(Path.GetTempPath(), "xtm-emulator-" + Guid.NewGuid().ToString("N"), "cert.pem");
            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { HttpsPort = 0, CertificateOutputPath = certPath });
            Assert.NotNull(host.HttpsUrl);
            Assert.Equal("127.0.0.1", host.HttpsUrl!.Host);
            using var written = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certPath));
            Assert.Equal(host.Certificate!.Thumbprint, written.Thumbprint);

            using var handler = new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert != null && cert.Thumbprint == written.Thumbprint,
            };
            using var client = new HttpClient(handler) { BaseAddress = host.HttpsUrl };
            var clock = await ExpectAsync(await client.GetAsync("/_emulator/clock"), HttpStatusCode.OK);
            Assert.NotNull(clock["utcNow"]);
            Directory.Delete(Path.GetDirectoryName(certPath)!, true);
        }

        [Fact]
        public void Command_line_is_parsed_and_bad_arguments_are_reported()
        {
            var options = EmulatorHostOptions.Parse(new[] { "--port", "0", "--step-ms", "250", "--quirks", "false", "--parent-pid", "1", "--https-port=0", "--cert-out", "/tmp/x.pem" });
            Assert.Equal(0, options.Port);
            Assert.Equal(TimeSpan.FromMilliseconds(250), options.Emulator.StepDuration);
            Assert.False(options.Emulator.Quirks);
            Assert.Equal(1, options.ParentProcessId);
            Assert.Equal(0, options.HttpsPort);
            Assert.Equal("/tmp/x.pem", options.CertificateOutputPath);
            Assert.Throws<ArgumentException>(() => EmulatorHostOptions.Parse(new[] { "--port", "x" }));
            Assert.Throws<ArgumentException>(() => EmulatorHostOptions.Parse(new[] { "--nope" }));
            Assert.Throws<ArgumentException>(() => EmulatorHostOptions.Parse(new[] { "--quirks" }));
        }

        [Fact]
        public async Task The_host_process_prints_its_url_serves_requests_and_exits_with_its_parent()
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "CrossTenantMigration.Emulator.Host.dll");
            Assert.True(File.Exists(dll), dll);

            // a stand-in parent that the host watches
            using var parent = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
            var start = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "CrossTenantMigration.Emulator.Host.runtimeconfig.json"), dll, "--port", "0", "--step-ms", "100", "--parent-pid", parent.Id.ToString() })
            {
                start.ArgumentList.Add(a);
            }

            using var host = Process.Start(start)!;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                string? line = await host.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.NotNull(line);
                Assert.Matches(@"^EMULATOR_URL=http://127\.0\.0\.1:\d+$", line);
                var url = new Uri(line!.Substring("EMULATOR_URL=".Length));

                using var client = new HttpClient { BaseAddress = url };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client));
                var list = await ExpectAsync(await client.GetAsync(Root), HttpStatusCode.OK);
                Assert.Empty(list["value"]!.AsArray());
                var options = await ExpectAsync(await client.GetAsync("/_emulator/options"), HttpStatusCode.OK);
                Assert.Equal(100, (int)options["stepMilliseconds"]!);

                parent.Kill();
                await host.WaitForExitAsync(timeout.Token);
                Assert.Equal(0, host.ExitCode);
                string rest = await host.StandardOutput.ReadToEndAsync();
                Assert.Equal("", rest.Trim());
            }
            finally
            {
                if (!host.HasExited)
                {
                    host.Kill(true);
                }

                if (!parent.HasExited)
                {
                    parent.Kill();
                }
            }
        }
    }
}

namespace CrossTenantMigration.Emulator.Tests
{
    public class HostExtensionTests
    {
        private sealed class PingExtension : IEmulatorHostExtension
        {
            public void Configure(WebApplication app, EmulatorHostContext context)
                => app.MapGet("/extension/ping", () => context.Emulator.Options.TargetTenantId);
        }

        [Fact]
        public async Task Extension_endpoints_are_served_next_to_the_emulator()
        {
            var options = new EmulatorHostOptions();
            options.Extensions.Add(new PingExtension());
            await using var host = await EmulatorHost.StartAsync(options);
            using var client = new HttpClient { BaseAddress = host.HttpUrl };
            Assert.Equal(host.Emulator.Options.TargetTenantId, await client.GetStringAsync("/extension/ping"));
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(TestService.Root)).StatusCode);
        }
    }
}

namespace CrossTenantMigration.Emulator.Tests
{
    public class HostSoakTests
    {
        [Fact]
        public async Task Parallel_creates_with_random_faults_over_http_end_with_one_job_per_name()
        {
            await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions());
            using var client = new HttpClient { BaseAddress = host.HttpUrl };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Emulator.IssueToken(new TokenRequest()).AccessToken);
            host.Emulator.Faults = new FaultSettings
            {
                Rate = 0.3,
                Seed = 11,
                StallDuration = TimeSpan.FromMilliseconds(20),
            };

            var svc = new TestService();
            const int names = 40;
            using var gate = new SemaphoreSlim(8);
            var outcomes = await Task.WhenAll(Enumerable.Range(0, names).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var body = svc.JobBody($"soak-{i}", new[] { TestService.NewUser() }, DateTimeOffset.UtcNow.AddHours(1), new[] { "Teams" });
                    for (int attempt = 0; attempt < 50; attempt++)
                    {
                        try
                        {
                            var response = await client.PostAsync(TestService.Root, TestService.Json(body));
                            if (response.StatusCode == HttpStatusCode.Created || response.StatusCode == HttpStatusCode.Conflict)
                            {
                                return response.StatusCode;
                            }
                        }
                        catch (HttpRequestException)
                        {
                        }
                    }

                    return HttpStatusCode.RequestTimeout;
                }
                finally
                {
                    gate.Release();
                }
            }));

            host.Emulator.Faults = null;
            Assert.DoesNotContain(HttpStatusCode.RequestTimeout, outcomes);
            var stats = host.Emulator.GetStatistics();
            Assert.Equal(names, stats.Jobs);
            Assert.Equal(0, stats.DuplicateDisplayNames);
            Assert.True(stats.FaultsInjected > 0);
        }
    }
}
