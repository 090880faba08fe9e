using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>A service error that becomes a Graph error envelope.</summary>
    internal sealed class GraphErrorException : Exception
    {
        public GraphErrorException(HttpStatusCode status, string code, string message, string? innerCode = null)
            : base(message)
        {
            Status = status;
            Code = code;
            InnerCode = innerCode;
        }

        public HttpStatusCode Status { get; }
        public string Code { get; }
        public string? InnerCode { get; }
        public int? RetryAfterSeconds { get; set; }
        public string? WwwAuthenticate { get; set; }
        public string[]? Allow { get; set; }

        public static GraphErrorException BadRequest(string message) => new GraphErrorException(HttpStatusCode.BadRequest, "invalidRequest", message);

        public static GraphErrorException NotFound(string message) => new GraphErrorException(HttpStatusCode.NotFound, "itemNotFound", message);

        public static GraphErrorException Conflict(string message) => new GraphErrorException(HttpStatusCode.Conflict, "conflict", message);
    }

    /// <summary>A response before it becomes an <see cref="HttpResponseMessage"/>.</summary>
    internal sealed class EmulatorResponse
    {
        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;
        public byte[]? Body { get; set; }
        public string? ContentType { get; set; }
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();
        public int? RetryAfterSeconds { get; set; }
        public string[]? Allow { get; set; }
        public string? WwwAuthenticate { get; set; }

        public const string JsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

        public static EmulatorResponse Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
            => new EmulatorResponse { Status = status, Body = JsonWriting.Write(write), ContentType = JsonContentType };

        public static EmulatorResponse Empty(HttpStatusCode status) => new EmulatorResponse { Status = status };

        /// <summary>Plain JSON (the token service and managed-identity endpoints), not cached by the client.</summary>
        public static EmulatorResponse PlainJson(HttpStatusCode status, Action<Utf8JsonWriter> write)
        {
            var response = new EmulatorResponse { Status = status, Body = JsonWriting.Write(write), ContentType = "application/json; charset=utf-8" };
            response.Headers.Add(new KeyValuePair<string, string>("Cache-Control", "no-store, no-cache"));
            response.Headers.Add(new KeyValuePair<string, string>("Pragma", "no-cache"));
            return response;
        }

        public static EmulatorResponse Text(string text)
            => new EmulatorResponse { Status = HttpStatusCode.OK, Body = Encoding.UTF8.GetBytes(text), ContentType = "text/plain; charset=utf-8" };
    }

    internal static class JsonWriting
    {
        public static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    write(w);
                }

                return ms.ToArray();
            }
        }

        public static string Date(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        public static string ShortDate(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public static void WriteError(Utf8JsonWriter w, string code, string message, string? innerCode, DateTimeOffset date, string requestId, string clientRequestId)
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteStartObject("innerError");
            if (innerCode != null)
            {
                w.WriteString("code", innerCode);
            }

            w.WriteString("date", ShortDate(date));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", clientRequestId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    /// <summary>The parts of an incoming request the service looks at.</summary>
    internal sealed class RequestContext
    {
        private RequestContext() { }

        public string Method { get; private set; } = "GET";
        public Uri Uri { get; private set; } = new Uri("http://localhost/");

        /// <summary>scheme://authority of the request, used for absolute links.</summary>
        public string BaseUrl { get; private set; } = "";

        /// <summary>Decoded path segments (percent-decoding per segment, so an encoded '/' stays inside its segment).</summary>
        public List<string> Segments { get; } = new List<string>();

        /// <summary>Query options in order of appearance (decoded).</summary>
        public List<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

        public byte[] Body { get; private set; } = new byte[0];
        public string? ContentType { get; private set; }
        public string? Authorization { get; private set; }

        /// <summary>All request and content headers (names case-insensitive; values of a repeated header joined with ", ").</summary>
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string RequestId { get; } = Guid.NewGuid().ToString();
        public string ClientRequestId { get; private set; } = "";
        public string ApiVersion { get; set; } = "v1.0";

        public bool HasBody
        {
            get
            {
                foreach (var b in Body)
                {
                    if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n')
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        public static RequestContext Create(HttpRequestMessage request, byte[] body)
        {
            var ctx = new RequestContext();
            ctx.Method = request.Method.Method.ToUpperInvariant();
            var uri = request.RequestUri ?? new Uri("http://localhost/");
            if (!uri.IsAbsoluteUri)
            {
                uri = new Uri(new Uri("http://localhost/"), uri);
            }

            ctx.Uri = uri;
            ctx.BaseUrl = uri.GetLeftPart(UriPartial.Authority);
            string path = uri.GetComponents(UriComponents.Path, UriFormat.UriEscaped);
            foreach (var raw in path.Split('/'))
            {
                if (raw.Length > 0)
                {
                    ctx.Segments.Add(Uri.UnescapeDataString(raw));
                }
            }

            string query = uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped);
            if (!string.IsNullOrEmpty(query))
            {
                foreach (var pair in query.Split('&'))
                {
                    if (pair.Length == 0)
                    {
                        continue;
                    }

                    int eq = pair.IndexOf('=');
                    string name = eq < 0 ? pair : pair.Substring(0, eq);
                    string value = eq < 0 ? "" : pair.Substring(eq + 1);
                    ctx.Query.Add(new KeyValuePair<string, string>(DecodeQuery(name), DecodeQuery(value)));
                }
            }

            ctx.Body = body;
            foreach (var h in request.Headers)
            {
                ctx.Headers[h.Key] = string.Join(", ", h.Value);
            }

            if (request.Content != null)
            {
                foreach (var h in request.Content.Headers)
                {
                    ctx.Headers[h.Key] = string.Join(", ", h.Value);
                }
            }

            ctx.ContentType = request.Content?.Headers.ContentType?.MediaType;
            if (request.Headers.TryGetValues("Authorization", out var auth))
            {
                ctx.Authorization = auth.FirstOrDefault();
            }

            ctx.ClientRequestId = request.Headers.TryGetValues("client-request-id", out var cid) && !string.IsNullOrWhiteSpace(cid.FirstOrDefault())
                ? cid.First().Trim()
                : Guid.NewGuid().ToString();
            return ctx;
        }

        /// <summary>The first value of a query parameter (names compared exactly, as the services do), or null.</summary>
        public string? QueryValue(string name)
        {
            foreach (var kv in Query)
            {
                if (kv.Key == name)
                {
                    return kv.Value;
                }
            }

            return null;
        }

        /// <summary>A header value, or null.</summary>
        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

        internal static string DecodeQuery(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
    }

    internal static class ResponseConversion
    {
        public static HttpResponseMessage ToHttp(EmulatorResponse response, RequestContext? ctx, HttpRequestMessage request)
        {
            var message = new HttpResponseMessage(response.Status) { RequestMessage = request };
            var content = new ByteArrayContent(response.Body ?? new byte[0]);
            if (response.ContentType != null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", response.ContentType);
            }

            if (response.Allow != null)
            {
                foreach (var m in response.Allow)
                {
                    content.Headers.Allow.Add(m);
                }
            }

            message.Content = content;
            if (ctx != null)
            {
                message.Headers.TryAddWithoutValidation("request-id", ctx.RequestId);
                message.Headers.TryAddWithoutValidation("client-request-id", ctx.ClientRequestId);
            }

            if (response.RetryAfterSeconds.HasValue)
            {
                message.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(response.RetryAfterSeconds.Value));
            }

            if (response.WwwAuthenticate != null)
            {
                message.Headers.TryAddWithoutValidation("WWW-Authenticate", response.WwwAuthenticate);
            }

            foreach (var h in response.Headers)
            {
                message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }

            return message;
        }
    }
}
