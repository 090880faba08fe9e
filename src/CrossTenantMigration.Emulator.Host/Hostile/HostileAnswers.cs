using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace CrossTenantMigration.Emulator.Host.Hostile
{
    /// <summary>The answers the hostile layer writes itself: errors, trickled bodies and oversized bodies.</summary>
    internal static class HostileAnswers
    {
        private static readonly byte[] OversizedPrefix = Encoding.ASCII.GetBytes("{\"value\":[],\"padding\":\"");
        private static readonly byte[] OversizedSuffix = Encoding.ASCII.GetBytes("\"}");
        private static readonly byte[] Padding = CreatePadding(64 * 1024);

        /// <summary>The smallest oversized body: its JSON frame and some padding.</summary>
        public const long OversizedMinimum = 64;

        /// <summary>A Graph error envelope, with the request-id headers Graph sends and an optional Retry-After.</summary>
        public static async Task WriteErrorAsync(HttpContext context, int status, string? code, string? message, string? retryAfter)
        {
            string requestId = Guid.NewGuid().ToString();
            string clientRequestId = context.Request.Headers["client-request-id"].ToString();
            if (string.IsNullOrWhiteSpace(clientRequestId)) clientRequestId = Guid.NewGuid().ToString();

            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteStartObject("error");
                json.WriteString("code", code ?? DefaultCode(status));
                json.WriteString("message", message ?? $"The service answered {status}.");
                json.WriteStartObject("innerError");
                json.WriteString("date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteString("request-id", requestId);
                json.WriteString("client-request-id", clientRequestId);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            var response = context.Response;
            response.StatusCode = status;
            response.Headers["request-id"] = requestId;
            response.Headers["client-request-id"] = clientRequestId;
            if (retryAfter != null) response.Headers.RetryAfter = retryAfter;
            response.ContentType = "application/json";
            response.ContentLength = buffer.Length;
            await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
        }

        /// <summary>The error code Graph uses with a status.</summary>
        public static string DefaultCode(int status) => status switch
        {
            400 => "invalidRequest",
            401 => "InvalidAuthenticationToken",
            403 => "accessDenied",
            404 => "itemNotFound",
            409 => "conflict",
            429 => "activityLimitReached",
            502 => "badGateway",
            503 => "serviceNotAvailable",
            _ => "generalException",
        };

        /// <summary>
        /// The forwarded answer's status and headers at once, then its body a byte per interval for as long as the
        /// client reads, up to the rule's bound, after which the rest goes at once.
        /// </summary>
        public static async Task TrickleAsync(HttpContext context, HttpResponseMessage forwarded, byte[] body, HostileRule rule)
        {
            var aborted = context.RequestAborted;
            EmulatorHost.CopyStatusAndHeaders(context, forwarded); // no Content-Length: chunked, a chunk per byte
            var bound = Stopwatch.StartNew();
            try
            {
                await context.Response.StartAsync(aborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                int sent = 0;
                while (sent < body.Length && bound.Elapsed < TimeSpan.FromSeconds(rule.MaxSeconds))
                {
                    await context.Response.Body.WriteAsync(body.AsMemory(sent, 1), aborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    sent++;
                    rule.AddBytesSent(1);
                    await Task.Delay(rule.IntervalMs, aborted).ConfigureAwait(false);
                }

                if (sent < body.Length)
                {
                    await context.Response.Body.WriteAsync(body.AsMemory(sent), aborted).ConfigureAwait(false);
                    rule.AddBytesSent(body.Length - sent);
                }
            }
            catch (Exception e) when (e is OperationCanceledException || e is IOException)
            {
                // the client left
            }
        }

        /// <summary>
        /// 200 with <c>{"value":[],"padding":"xxx…"}</c> of the rule's size, generated as it is written (never held in
        /// memory), with or without a Content-Length. Counts what the server handed to the connection until the client left.
        /// </summary>
        public static async Task WriteOversizedAsync(HttpContext context, HostileRule rule)
        {
            var aborted = context.RequestAborted;
            // Once the client has gone, Kestrel completes writes without sending them, faster than it signals
            // RequestAborted; the socket knows at once, so a write is counted only while it is still connected.
            var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
            var response = context.Response;
            response.StatusCode = 200;
            response.ContentType = "application/json";
            if (rule.ContentLength) response.ContentLength = rule.SizeBytes;
            try
            {
                await WriteCountedAsync(OversizedPrefix).ConfigureAwait(false);
                for (long left = rule.SizeBytes - OversizedPrefix.Length - OversizedSuffix.Length; left > 0;)
                {
                    int count = (int)Math.Min(Padding.Length, left);
                    await WriteCountedAsync(Padding.AsMemory(0, count)).ConfigureAwait(false);
                    left -= count;
                }

                await WriteCountedAsync(OversizedSuffix).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException || e is IOException)
            {
                // the client stopped reading and closed the connection
            }

            async Task WriteCountedAsync(ReadOnlyMemory<byte> bytes)
            {
                if (socket is { Connected: false }) throw new OperationCanceledException(aborted);
                rule.AddBytesSent(bytes.Length); // before: a write that went out may still end cancelled once the client has gone
                await response.Body.WriteAsync(bytes, aborted).ConfigureAwait(false);
            }
        }

        private static byte[] CreatePadding(int size)
        {
            var padding = new byte[size];
            Array.Fill(padding, (byte)'x');
            return padding;
        }
    }
}
