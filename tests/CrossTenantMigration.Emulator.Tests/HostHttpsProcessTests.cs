using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core.Pipeline;
using Azure.Identity;
using Xunit;

namespace CrossTenantMigration.Emulator.Tests
{
    public class HostHttpsProcessTests
    {
        /// <summary>
        /// The host as an end-to-end test starts it: both ports chosen by the system, the certificate written as PEM, the
        /// certificate valid for 127.0.0.1 and localhost (no name mismatch), and a real credential getting a token from it.
        /// </summary>
        [Fact]
        public async Task The_host_process_serves_the_token_service_over_https_with_the_written_certificate()
        {
            string dir = Directory.CreateTempSubdirectory("xtm-host-https-").FullName;
            string pem = Path.Combine(dir, "emulator.pem");
            var start = new ProcessStartInfo("dotnet")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[]
            {
                "exec", "--runtimeconfig", Path.Combine(AppContext.BaseDirectory, "CrossTenantMigration.Emulator.Host.runtimeconfig.json"),
                Path.Combine(AppContext.BaseDirectory, "CrossTenantMigration.Emulator.Host.dll"),
                "--port", "0", "--https-port", "0", "--cert-out", pem, "--parent-pid", Environment.ProcessId.ToString(),
            })
            {
                start.ArgumentList.Add(a);
            }

            using var host = Process.Start(start)!;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                string? http = await host.StandardOutput.ReadLineAsync(timeout.Token);
                string? https = await host.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.Matches(@"^EMULATOR_URL=http://127\.0\.0\.1:\d+$", http);
                Assert.Matches(@"^EMULATOR_HTTPS_URL=https://127\.0\.0\.1:\d+$", https);
                var httpUrl = new Uri(http!.Substring("EMULATOR_URL=".Length));
                var httpsUrl = new Uri(https!.Substring("EMULATOR_HTTPS_URL=".Length));
                Assert.NotEqual(0, httpsUrl.Port);

                using var written = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(pem));
                foreach (string name in new[] { "127.0.0.1", "localhost" })
                {
                    SslPolicyErrors seen = SslPolicyErrors.None;
                    using var handler = new SocketsHttpHandler();
                    handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                    {
                        seen = errors;
                        return cert != null && new X509Certificate2(cert).Thumbprint == written.Thumbprint;
                    };
                    using var client = new HttpClient(handler);
                    var clock = await client.GetAsync($"https://{name}:{httpsUrl.Port}/_emulator/clock");
                    Assert.Equal(HttpStatusCode.OK, clock.StatusCode);
                    Assert.False(seen.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch), $"{name}: {seen}");
                }

                using var admin = new HttpClient { BaseAddress = httpUrl };
                var put = await admin.PutAsync("/_emulator/apps/e2e-app", TestService.Json(new JsonObject { ["secret"] = "p", ["roles"] = new JsonArray(IdentityHost.ReadWrite) }));
                Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

                var trusting = new SocketsHttpHandler();
                trusting.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert != null && new X509Certificate2(cert).Thumbprint == written.Thumbprint;
                var credential = new ClientSecretCredential("87654321-4321-4321-4321-210987654321", "e2e-app", "p", new ClientSecretCredentialOptions
                {
                    AuthorityHost = new Uri(httpsUrl, "/"),
                    DisableInstanceDiscovery = true,
                    Transport = new HttpClientTransport(new HttpClient(trusting)),
                });
                var token = await IdentityHost.TokenAsync(credential);
                using var graph = new HttpClient { BaseAddress = httpUrl };
                graph.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
                Assert.Equal(HttpStatusCode.OK, (await graph.GetAsync(TestService.Root)).StatusCode);
                var stats = await TestService.ExpectAsync(await admin.GetAsync("/_emulator/stats"), HttpStatusCode.OK);
                Assert.Equal(1, (long)stats["total"]!);
                Assert.Equal(1, (long)stats["tokenRequests"]!);
                Assert.Equal(1, (long)stats["tokenRequestsByGrant"]!["client_credentials"]!);
            }
            finally
            {
                if (!host.HasExited)
                {
                    host.Kill(true);
                    await host.WaitForExitAsync();
                }

                Directory.Delete(dir, true);
            }
        }
    }
}
