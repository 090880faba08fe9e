using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// A JSON batch (POST /{version}/$batch) as Microsoft Graph serves one: at most <see cref="MaxRequests"/> requests,
    /// each an id, a method, a url relative to the version root and, optionally, headers, a body and dependsOn. The
    /// answer is 200 with one response per request (id, status, headers, body), in the requests' order. Each request is
    /// served on its own: throttling strikes them one by one with their own Retry-After, and a user not found or a
    /// permission missing fails that request alone. What cannot be read as a batch fails the whole batch (400).
    /// </summary>
    internal sealed class JsonBatch
    {
        /// <summary>Graph's limit on the requests of one batch.</summary>
        public const int MaxRequests = 20;

        private readonly SandboxClock _clock;
        private readonly FaultInjector _faults;
        private readonly DirectoryTraffic _traffic;
        private readonly Func<RequestContext, SandboxCaller, ServiceResponse> _serve;

        /// <summary>A batch whose requests <paramref name="serve"/> answers each as if it had come on its own (route, method, permission, query, operation).</summary>
        public JsonBatch(SandboxClock clock, FaultInjector faults, DirectoryTraffic traffic, Func<RequestContext, SandboxCaller, ServiceResponse> serve)
        {
            _clock = clock;
            _faults = faults;
            _traffic = traffic;
            _serve = serve;
        }

        public ServiceResponse Answer(RequestContext batch, SandboxCaller caller)
        {
            var requests = BatchRequest.ReadAll(batch);
            var statuses = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var answers = new List<KeyValuePair<string, ServiceResponse>>();
            foreach (var request in requests)
            {
                var response = AnswerOne(batch, request, caller, statuses);
                statuses[request.Id] = (int)response.Status;
                answers.Add(new KeyValuePair<string, ServiceResponse>(request.Id, response));
            }

            return ServiceResponse.Json(HttpStatusCode.OK, w => Write(w, answers));
        }

        private ServiceResponse AnswerOne(RequestContext batch, BatchRequest request, SandboxCaller caller, Dictionary<string, int> statuses)
        {
            // an absolute url would read as a path under the version root; it is refused by name instead
            bool absolute = request.Url.IndexOf("://", StringComparison.Ordinal) >= 0;
            string address = batch.BaseUrl + "/" + batch.ApiVersion + "/" + request.Url.TrimStart('/');
            bool readable = Uri.TryCreate(address, UriKind.Absolute, out var uri);
            var ctx = RequestContext.ForBatchItem(batch, request.Method, readable && !absolute ? uri! : batch.Uri, request.Headers, request.Body);
            try
            {
                if (absolute || !readable)
                {
                    throw GraphErrorException.BadRequest(
                        $"The url '{request.Url}' of request '{request.Id}' is not a path relative to the version root: a request in a batch names its resource as /users/{{id}}.");
                }

                if (Route.IsUserLookup(ctx))
                {
                    _traffic.CountUserLookup();
                }

                string? failed = request.DependsOn.FirstOrDefault(id => statuses[id] >= 400);
                if (failed != null)
                {
                    throw GraphErrorException.FailedDependency(failed);
                }

                int? retryAfter = _faults.DecideThrottle();
                if (retryAfter.HasValue)
                {
                    throw GraphErrorException.Throttled(retryAfter.Value);
                }

                return _serve(ctx, caller);
            }
            catch (GraphErrorException e)
            {
                return e.ToResponse(ctx, _clock.UtcNow);
            }
        }

        private static void Write(Utf8JsonWriter w, List<KeyValuePair<string, ServiceResponse>> answers)
        {
            w.WriteStartObject();
            w.WriteStartArray("responses");
            foreach (var answer in answers)
            {
                var response = answer.Value;
                w.WriteStartObject();
                w.WriteString("id", answer.Key);
                w.WriteNumber("status", (int)response.Status);
                w.WriteStartObject("headers");
                if (response.ContentType != null)
                {
                    w.WriteString("Content-Type", response.ContentType);
                }

                if (response.RetryAfterSeconds.HasValue)
                {
                    w.WriteString("Retry-After", response.RetryAfterSeconds.Value.ToString(CultureInfo.InvariantCulture));
                }

                if (response.Allow != null)
                {
                    w.WriteString("Allow", string.Join(", ", response.Allow));
                }

                foreach (var header in response.Headers)
                {
                    w.WriteString(header.Key, header.Value);
                }

                w.WriteEndObject();
                if (response.Body != null && response.Body.Length > 0)
                {
                    w.WritePropertyName("body");
                    // Graph embeds a JSON body as JSON and any other body as base64
                    if (response.ContentType != null && response.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                    {
                        w.WriteRawValue(response.Body);
                    }
                    else
                    {
                        w.WriteBase64StringValue(response.Body);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    /// <summary>One request of a JSON batch, as read from the batch's body.</summary>
    internal sealed class BatchRequest
    {
        private static readonly string[] Properties = { "id", "method", "url", "headers", "body", "dependsOn" };

        private BatchRequest(string id, string method, string url, Dictionary<string, string> headers, byte[] body, string[] dependsOn)
        {
            Id = id;
            Method = method;
            Url = url;
            Headers = headers;
            Body = body;
            DependsOn = dependsOn;
        }

        public string Id { get; }

        /// <summary>Upper case.</summary>
        public string Method { get; }

        /// <summary>Relative to the version root, as given.</summary>
        public string Url { get; }

        public IReadOnlyDictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        /// <summary>Ids of earlier requests of the batch that must succeed first.</summary>
        public string[] DependsOn { get; }

        /// <summary>
        /// The requests of a batch's body, all checked before any is served: 1 to <see cref="JsonBatch.MaxRequests"/>
        /// requests, each id unique (without regard to case), a method and a url, headers of strings, a body only with a
        /// Content-Type header, dependsOn naming earlier requests. Anything else fails the whole batch (400).
        /// </summary>
        public static List<BatchRequest> ReadAll(RequestContext batch)
        {
            var root = RequestBody.ParseJsonObject(batch);
            JsonElement? list = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!string.Equals(property.Name, "requests", StringComparison.OrdinalIgnoreCase))
                {
                    throw Invalid($"the property '{property.Name}' is not part of a batch; the body is {{\"requests\": [...]}}.");
                }

                list = property.Value;
            }

            if (list == null || list.Value.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("the body needs a 'requests' array.");
            }

            int count = list.Value.GetArrayLength();
            if (count == 0)
            {
                throw Invalid("'requests' is empty.");
            }

            if (count > JsonBatch.MaxRequests)
            {
                throw GraphErrorException.InvalidBatch($"The batch holds {count} requests; a JSON batch holds at most {JsonBatch.MaxRequests}.");
            }

            var requests = new List<BatchRequest>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            int position = 0;
            foreach (var element in list.Value.EnumerateArray())
            {
                position++;
                var request = Read(element, position, seen);
                if (!seen.Add(request.Id))
                {
                    throw GraphErrorException.InvalidBatch($"Request Id {request.Id} has to be unique in a batch.");
                }

                requests.Add(request);
            }

            return requests;
        }

        /// <summary>The request at <paramref name="position"/> (1 for the first), after the requests whose ids are <paramref name="earlier"/>.</summary>
        private static BatchRequest Read(JsonElement element, int position, HashSet<string> earlier)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"request {position} is not an object.");
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in element.EnumerateObject())
            {
                string? known = Properties.FirstOrDefault(p => string.Equals(p, property.Name, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    throw Invalid($"request {position} has the property '{property.Name}'; a request has {string.Join(", ", Properties)}.");
                }

                values[known] = property.Value;
            }

            string id = RequiredString(values, "id", position);
            string method = RequiredString(values, "method", position).ToUpperInvariant();
            string url = RequiredString(values, "url", position);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (values.TryGetValue("headers", out var headersElement) && headersElement.ValueKind != JsonValueKind.Null)
            {
                if (headersElement.ValueKind != JsonValueKind.Object || headersElement.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String))
                {
                    throw Invalid($"the headers of request '{id}' are not an object of strings.");
                }

                foreach (var header in headersElement.EnumerateObject())
                {
                    headers[header.Name] = header.Value.GetString()!;
                }
            }

            byte[] body = new byte[0];
            if (values.TryGetValue("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null)
            {
                if (!headers.ContainsKey("Content-Type"))
                {
                    throw Invalid($"request '{id}' has a body but no Content-Type header.");
                }

                body = Encoding.UTF8.GetBytes(bodyElement.GetRawText());
            }

            var dependsOn = new List<string>();
            if (values.TryGetValue("dependsOn", out var dependsElement) && dependsElement.ValueKind != JsonValueKind.Null)
            {
                if (dependsElement.ValueKind != JsonValueKind.Array || dependsElement.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
                {
                    throw Invalid($"dependsOn of request '{id}' is not an array of request ids.");
                }

                foreach (var dependency in dependsElement.EnumerateArray().Select(d => d.GetString()!))
                {
                    // the requests are served in order, so a request can wait only for one before it
                    if (!earlier.Contains(dependency))
                    {
                        throw Invalid($"request '{id}' depends on '{dependency}', which is not a request before it in the batch.");
                    }

                    dependsOn.Add(dependency);
                }
            }

            return new BatchRequest(id, method, url, headers, body, dependsOn.ToArray());
        }

        private static string RequiredString(Dictionary<string, JsonElement> values, string name, int position)
        {
            if (!values.TryGetValue(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                throw Invalid($"request {position} has no '{name}' (a string).");
            }

            return value.GetString()!.Trim();
        }

        private static GraphErrorException Invalid(string what) => GraphErrorException.InvalidBatch("Invalid batch payload format: " + what);
    }
}
