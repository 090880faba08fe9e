using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrossTenantMigration.Emulator.Host.Hostile
{
    /// <summary>One request the capture server received. The token itself is never kept: only whether there was one.</summary>
    public sealed record CapturedRequest(string Server, string Method, string Path, bool HadAuthorization);

    /// <summary>
    /// Where a foreign nextLink leads: a server on another loopback address (127.0.0.2, another host as far as a
    /// client can tell; Linux routes all of 127.0.0.0/8 to loopback) and one on 127.0.0.1 on another port. It records
    /// every request and answers an empty list page, so that a test sees whether a client followed such a link and
    /// whether it sent its token there.
    /// </summary>
    public sealed class CaptureServer : IAsyncDisposable
    {
        private static readonly IPAddress OtherLoopback = IPAddress.Parse("127.0.0.2");
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<CapturedRequest> _requests;

        private CaptureServer(WebApplication app, ConcurrentQueue<CapturedRequest> requests, Uri url, Uri loopbackUrl)
        {
            _app = app;
            _requests = requests;
            Url = url;
            LoopbackUrl = loopbackUrl;
        }

        /// <summary>http://127.0.0.2:port</summary>
        public Uri Url { get; }

        /// <summary>http://127.0.0.1:port, a port other than the emulator's.</summary>
        public Uri LoopbackUrl { get; }

        /// <summary>What it received, oldest first.</summary>
        public IReadOnlyList<CapturedRequest> Requests => _requests.ToArray();

        public void Clear() => _requests.Clear();

        /// <summary>Starts both listeners on free ports.</summary>
        public static async Task<CaptureServer> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            builder.WebHost.UseSetting(WebHostDefaults.SuppressStatusMessagesKey, "true");
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Listen(OtherLoopback, 0);
                kestrel.Listen(IPAddress.Loopback, 0);
            });

            var app = builder.Build();
            var requests = new ConcurrentQueue<CapturedRequest>();
            app.Run(async context =>
            {
                var local = context.Connection.LocalIpAddress;
                requests.Enqueue(new CapturedRequest(
                    $"http://{local}:{context.Connection.LocalPort}",
                    context.Request.Method,
                    context.Request.Path.Value ?? "/",
                    context.Request.Headers.ContainsKey("Authorization")));
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"value\":[]}", context.RequestAborted).ConfigureAwait(false);
            });

            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is System.Net.Sockets.SocketException)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"The capture server could not listen on {OtherLoopback} and 127.0.0.1 ({e.Message}); on macOS, add the address first: sudo ifconfig lo0 alias {OtherLoopback}.", e);
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
            return new CaptureServer(
                app,
                requests,
                addresses.First(a => a.Host == OtherLoopback.ToString()),
                addresses.First(a => a.Host == IPAddress.Loopback.ToString()));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
    }
}
