using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>An answer of one of the emulator's own routes before it becomes an <see cref="HttpResponseMessage"/>.</summary>
    internal sealed class EmulatorResponse
    {
        /// <summary>The content type of the admin API's answers: Graph's, as the admin errors are in Graph's envelope.</summary>
        public const string GraphJsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;
        public byte[]? Body { get; set; }
        public string? ContentType { get; set; }
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>The methods a 405 names.</summary>
        public string[]? Allow { get; set; }

        public static EmulatorResponse Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
            => new EmulatorResponse { Status = status, Body = EmulatorJson.Write(write), ContentType = GraphJsonContentType };

        public static EmulatorResponse Empty(HttpStatusCode status) => new EmulatorResponse { Status = status };

        /// <summary>The HTTP answer, with the request's <c>request-id</c> and <c>client-request-id</c>.</summary>
        public HttpResponseMessage ToHttp(EmulatorRequest read, HttpRequestMessage request)
        {
            var content = new ByteArrayContent(Body ?? Array.Empty<byte>());
            if (ContentType != null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            foreach (var method in Allow ?? Array.Empty<string>())
            {
                content.Headers.Allow.Add(method);
            }

            var message = new HttpResponseMessage(Status) { RequestMessage = request, Content = content };
            message.Headers.TryAddWithoutValidation("request-id", read.RequestId);
            message.Headers.TryAddWithoutValidation("client-request-id", read.ClientRequestId);
            foreach (var header in Headers)
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return message;
        }
    }
}
