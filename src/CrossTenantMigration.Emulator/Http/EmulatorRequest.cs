using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// A request to one of the emulator's own routes (the admin API, the token service, the managed-identity
    /// endpoints), read once. Graph requests are never read here: they go to the sandbox as they came.
    /// </summary>
    internal sealed class EmulatorRequest
    {
        private readonly List<KeyValuePair<string, string>> _query = new List<KeyValuePair<string, string>>();
        private readonly Dictionary<string, string> _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        private EmulatorRequest(string method, IReadOnlyList<string> segments, string baseUrl, byte[] body)
        {
            Method = method;
            Segments = segments;
            BaseUrl = baseUrl;
            Body = body;
        }

        /// <summary>The HTTP method, upper case.</summary>
        public string Method { get; }

        /// <summary>The path's segments, each percent-decoded on its own (an encoded '/' stays inside its segment).</summary>
        public IReadOnlyList<string> Segments { get; }

        /// <summary>scheme://authority of the request, for the absolute URLs of the answers.</summary>
        public string BaseUrl { get; }

        public byte[] Body { get; }

        /// <summary>The request-id header of the answer.</summary>
        public string RequestId { get; } = Guid.NewGuid().ToString();

        /// <summary>The client-request-id the caller sent, or a new one.</summary>
        public string ClientRequestId { get; private set; } = "";

        /// <summary>Whether the body holds anything but white space.</summary>
        public bool HasBody => Body.Any(b => b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n');

        /// <summary>The decoded path segments of <paramref name="uri"/> (relative to http://localhost/ when it is relative).</summary>
        public static IReadOnlyList<string> PathSegments(Uri? uri) =>
            Absolute(uri).GetComponents(UriComponents.Path, UriFormat.UriEscaped)
                .Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(Uri.UnescapeDataString)
                .ToList();

        /// <summary>Reads the request, its body included.</summary>
        public static async Task<EmulatorRequest> ReadAsync(HttpRequestMessage request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
        {
            byte[] body = request.Content == null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var uri = Absolute(request.RequestUri);
            var read = new EmulatorRequest(request.Method.Method.ToUpperInvariant(), segments, uri.GetLeftPart(UriPartial.Authority), body);
            foreach (var pair in uri.GetComponents(UriComponents.Query, UriFormat.UriEscaped).Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=');
                read._query.Add(new KeyValuePair<string, string>(DecodeForm(eq < 0 ? pair : pair[..eq]), DecodeForm(eq < 0 ? "" : pair[(eq + 1)..])));
            }

            foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
            {
                read._headers[header.Key] = string.Join(", ", header.Value);
            }

            string? clientRequestId = read.Header("client-request-id");
            read.ClientRequestId = string.IsNullOrWhiteSpace(clientRequestId) ? Guid.NewGuid().ToString() : clientRequestId.Split(',')[0].Trim();
            return read;
        }

        /// <summary>The first value of a query parameter (names compared exactly, as the services do), or null.</summary>
        public string? QueryValue(string name) => _query.FirstOrDefault(kv => kv.Key == name).Value;

        /// <summary>A header value (the values of a repeated header joined with ", "), or null.</summary>
        public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

        /// <summary>A query or form component: '+' is a space, then percent-decoding.</summary>
        public static string DecodeForm(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

        private static Uri Absolute(Uri? uri) =>
            uri == null ? new Uri("http://localhost/") : uri.IsAbsoluteUri ? uri : new Uri(new Uri("http://localhost/"), uri);
    }
}
