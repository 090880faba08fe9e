using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>A response before it becomes an <see cref="HttpResponseMessage"/>.</summary>
    internal sealed class ServiceResponse
    {
        public const string JsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;
        public byte[]? Body { get; set; }
        public string? ContentType { get; set; }
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();
        public int? RetryAfterSeconds { get; set; }
        public string[]? Allow { get; set; }
        public string? WwwAuthenticate { get; set; }

        public static ServiceResponse Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
            => new ServiceResponse { Status = status, Body = JsonWriting.Write(write), ContentType = JsonContentType };

        public static ServiceResponse Empty(HttpStatusCode status) => new ServiceResponse { Status = status };

        public static ServiceResponse Text(string text)
            => new ServiceResponse { Status = HttpStatusCode.OK, Body = Encoding.UTF8.GetBytes(text), ContentType = "text/plain; charset=utf-8" };

        /// <summary>The HTTP answer, with the request's <c>request-id</c> and <c>client-request-id</c>.</summary>
        public HttpResponseMessage ToHttp(RequestContext ctx, HttpRequestMessage request)
        {
            var message = new HttpResponseMessage(Status) { RequestMessage = request };
            var content = new ByteArrayContent(Body ?? new byte[0]);
            if (ContentType != null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            if (Allow != null)
            {
                foreach (var m in Allow)
                {
                    content.Headers.Allow.Add(m);
                }
            }

            message.Content = content;
            message.Headers.TryAddWithoutValidation("request-id", ctx.RequestId);
            message.Headers.TryAddWithoutValidation("client-request-id", ctx.ClientRequestId);
            if (RetryAfterSeconds.HasValue)
            {
                message.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(RetryAfterSeconds.Value));
            }

            if (WwwAuthenticate != null)
            {
                message.Headers.TryAddWithoutValidation("WWW-Authenticate", WwwAuthenticate);
            }

            foreach (var h in Headers)
            {
                message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            return message;
        }
    }
}
