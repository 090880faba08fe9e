using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator.Host.Hostile;
using CrossTenantMigration.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossTenantMigration.Emulator.Host
{
    /// <summary>A Kestrel server on 127.0.0.1 that forwards every request to a <see cref="MigrationServiceEmulator"/>.</summary>
    public sealed class EmulatorHost : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly CancellationTokenSource _watcherStop = new CancellationTokenSource();

        private EmulatorHost(WebApplication app, MigrationServiceEmulator emulator, Uri httpUrl, Uri? httpsUrl, X509Certificate2? certificate, HostileLayer? hostile)
        {
            _app = app;
            Hostile = hostile;
            Emulator = emulator;
            HttpUrl = httpUrl;
            HttpsUrl = httpsUrl;
            Certificate = certificate;
        }

        /// <summary>The emulated service behind the host.</summary>
        public MigrationServiceEmulator Emulator { get; }

        /// <summary>http://127.0.0.1:port</summary>
        public Uri HttpUrl { get; }

        /// <summary>https://127.0.0.1:port, when an HTTPS port was asked for.</summary>
        public Uri? HttpsUrl { get; }

        /// <summary>The self-signed certificate of the HTTPS listener.</summary>
        public X509Certificate2? Certificate { get; }

        /// <summary>The hostile layer in front of the emulator, with <see cref="EmulatorHostOptions.Hostile"/>; else null.</summary>
        public HostileLayer? Hostile { get; }

        /// <summary>Stopped when the host shuts down (Ctrl+C, SIGTERM, parent exit or <see cref="StopAsync"/>).</summary>
        public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

        /// <summary>Builds and starts the host; returns once it listens.</summary>
        public static async Task<EmulatorHost> StartAsync(EmulatorHostOptions options, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(options);
            var emulator = new MigrationServiceEmulator(options.Emulator);
            X509Certificate2? certificate = options.HttpsPort.HasValue ? CreateCertificate() : null;

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = Array.Empty<string>(),
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.Connections", LogLevel.Error);
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
                kestrel.Listen(IPAddress.Loopback, options.Port);
                if (options.HttpsPort.HasValue)
                {
                    kestrel.Listen(IPAddress.Loopback, options.HttpsPort.Value, listen => listen.UseHttps(certificate!));
                }
            });

            var app = builder.Build();
            // the hostile layer, when asked for, takes every request before the extensions and the emulator
            HostileLayer? hostile = options.Hostile ? await HostileLayer.StartAsync(cancellationToken).ConfigureAwait(false) : null;
            hostile?.Attach(app, emulator);

            // extensions map their endpoints first; the emulator answers everything no endpoint took
            var extensionContext = new EmulatorHostContext(emulator, options, certificate);
            foreach (var extension in options.Extensions)
            {
                extension.Configure(app, extensionContext);
            }

            app.Use(async (context, next) =>
            {
                if (context.GetEndpoint() != null)
                {
                    await next(context).ConfigureAwait(false);
                    return;
                }

                await ForwardAsync(context, emulator).ConfigureAwait(false);
            });

            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (hostile != null)
                {
                    await hostile.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? Array.Empty<string>();
            Uri http = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)));
            Uri? https = options.HttpsPort.HasValue
                ? new Uri(addresses.First(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                : null;

            if (certificate != null && options.CertificateOutputPath != null)
            {
                string full = Path.GetFullPath(options.CertificateOutputPath);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, certificate.ExportCertificatePem() + "\n", cancellationToken).ConfigureAwait(false);
            }

            var host = new EmulatorHost(app, emulator, http, https, certificate, hostile);
            if (options.ParentProcessId.HasValue)
            {
                host.WatchParent(options.ParentProcessId.Value);
            }

            return host;
        }

        /// <summary>Completes when the host has shut down.</summary>
        public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

        /// <summary>Stops listening and shuts the host down.</summary>
        public async Task StopAsync()
        {
            _watcherStop.Cancel();
            await _app.StopAsync().ConfigureAwait(false);
            if (Hostile != null)
            {
                await Hostile.DisposeAsync().ConfigureAwait(false);
            }
        }

        /// <inheritdoc />
        public async ValueTask DisposeAsync()
        {
            _watcherStop.Cancel();
            await _app.DisposeAsync().ConfigureAwait(false);
            if (Hostile != null)
            {
                await Hostile.DisposeAsync().ConfigureAwait(false);
            }

            Certificate?.Dispose();
            _watcherStop.Dispose();
        }

        private void WatchParent(int pid)
        {
            var token = _watcherStop.Token;
            _ = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                try
                {
                    while (!ParentGone(pid) && await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
                    {
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                if (!token.IsCancellationRequested)
                {
                    _app.Lifetime.StopApplication();
                }
            });
        }

        private static bool ParentGone(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return process.HasExited;
            }
            catch (ArgumentException)
            {
                return true;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }

        /// <summary>Turns the Kestrel request into an <see cref="HttpRequestMessage"/>, runs it and writes the answer back.</summary>
        internal static async Task ForwardAsync(HttpContext context, MigrationServiceEmulator emulator)
        {
            using var response = await SendToEmulatorAsync(context, emulator).ConfigureAwait(false);
            if (response == null)
            {
                return;
            }

            byte[] body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            await WriteAnswerAsync(context, response, body).ConfigureAwait(false);
        }

        /// <summary>The request's absolute URL as the client sent it.</summary>
        internal static Uri RequestUri(HttpContext context)
        {
            var request = context.Request;
            string target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
            return target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? new Uri(target)
                : new Uri($"{request.Scheme}://{request.Host.Value}{(target.StartsWith('/') ? target : "/" + target)}");
        }

        /// <summary>
        /// Runs the Kestrel request through the emulator. Null when there is nothing to answer: the emulator dropped
        /// the connection (it is aborted) or the client went away.
        /// </summary>
        internal static async Task<HttpResponseMessage?> SendToEmulatorAsync(HttpContext context, MigrationServiceEmulator emulator)
        {
            var request = context.Request;
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), RequestUri(context));
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            if (buffer.Length > 0 || request.ContentLength.HasValue || request.ContentType != null)
            {
                message.Content = new ByteArrayContent(buffer.ToArray());
            }

            foreach (var header in request.Headers)
            {
                if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string[] values = header.Value.Where(v => v != null).Select(v => v!).ToArray();
                if (!message.Headers.TryAddWithoutValidation(header.Key, values))
                {
                    message.Content?.Headers.TryAddWithoutValidation(header.Key, values);
                }
            }

            try
            {
                return await emulator.SendAsync(message, context.RequestAborted).ConfigureAwait(false);
            }
            catch (EmulatedConnectionDropException)
            {
                context.Abort();
                return null;
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return null;
            }
        }

        /// <summary>The emulator's status and headers on the Kestrel answer, but its Content-Length (the body may differ).</summary>
        internal static void CopyStatusAndHeaders(HttpContext context, HttpResponseMessage response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers)
            {
                if (!string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }

            foreach (var header in response.Content.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[header.Key] = header.Value.ToArray();
                }
            }
        }

        /// <summary>Writes the emulator's answer with <paramref name="body"/> as its body.</summary>
        internal static async Task WriteAnswerAsync(HttpContext context, HttpResponseMessage response, byte[] body)
        {
            CopyStatusAndHeaders(context, response);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                context.Response.ContentLength = body.Length;
            }

            if (body.Length > 0)
            {
                await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            }
        }

        /// <summary>A self-signed server certificate for 127.0.0.1 and localhost, valid for 30 days.</summary>
        internal static X509Certificate2 CreateCertificate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=CrossTenantMigration Emulator", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var now = DateTimeOffset.UtcNow;
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
            // round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), (string?)null);
        }
    }
}
