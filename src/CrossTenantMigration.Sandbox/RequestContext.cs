using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace CrossTenantMigration.Sandbox
{
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

            ctx.ReadUri(uri);
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

        /// <summary>
        /// One request of a JSON batch, as if it had come on its own: its method, URL (absolute, under the batch's
        /// version root), headers and body; the batch's caller and client-request-id; a request-id of its own.
        /// </summary>
        public static RequestContext ForBatchItem(RequestContext batch, string method, Uri uri, IReadOnlyDictionary<string, string> headers, byte[] body)
        {
            var ctx = new RequestContext();
            ctx.Method = method;
            ctx.ReadUri(uri);
            ctx.Body = body;
            foreach (var h in headers)
            {
                ctx.Headers[h.Key] = h.Value;
            }

            string? contentType = ctx.Header("Content-Type");
            ctx.ContentType = contentType?.Split(';')[0].Trim();
            ctx.Authorization = batch.Authorization;
            ctx.ClientRequestId = batch.ClientRequestId;
            ctx.ApiVersion = batch.ApiVersion;
            return ctx;
        }

        /// <summary>The address, its path segments and its query options.</summary>
        private void ReadUri(Uri uri)
        {
            Uri = uri;
            BaseUrl = uri.GetLeftPart(UriPartial.Authority);
            string path = uri.GetComponents(UriComponents.Path, UriFormat.UriEscaped);
            foreach (var raw in path.Split('/'))
            {
                if (raw.Length > 0)
                {
                    Segments.Add(Uri.UnescapeDataString(raw));
                }
            }

            string query = uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped);
            if (string.IsNullOrEmpty(query))
            {
                return;
            }

            foreach (var pair in query.Split('&'))
            {
                if (pair.Length == 0)
                {
                    continue;
                }

                int eq = pair.IndexOf('=');
                string name = eq < 0 ? pair : pair.Substring(0, eq);
                string value = eq < 0 ? "" : pair.Substring(eq + 1);
                Query.Add(new KeyValuePair<string, string>(DecodeQuery(name), DecodeQuery(value)));
            }
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
}
