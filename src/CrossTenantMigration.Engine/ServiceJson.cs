using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace CrossTenantMigration.Engine
{
    /// <summary>
    /// The service's JSON, read into the module's own types and written from them, as the API reference
    /// and Microsoft's OpenAPI description define it. Reading tolerates the documented quirks of real
    /// answers (lower-case workloads and resource type, resources echoed as [], values it does not know).
    /// </summary>
    internal static class ServiceJson
    {
        /// <summary>How an item of a list is read, and what it is called when it is not one.</summary>
        internal sealed class ItemReader<T>
        {
            public ItemReader(string noun, Func<JsonElement, T> read)
            {
                Noun = noun;
                Read = read;
            }

            public string Noun { get; }
            public Func<JsonElement, T> Read { get; }
        }

        public static readonly ItemReader<MigrationJob> Job = new ItemReader<MigrationJob>("job", ReadJob);

        public static ItemReader<MigrationUser> User(string jobId) => new ItemReader<MigrationUser>("user", json => ReadUser(jobId, json));

        /// <summary>
        /// A page of a list: its items, each an object with an id, and its @odata.nextLink (null on the last
        /// page). A page that is not one is an answer this API does not give, never an empty list.
        /// </summary>
        public static (List<T> Items, string? NextLink) ReadPage<T>(JsonElement page, ItemReader<T> item)
        {
            if (!(Property(page, "value") is JsonElement array) || array.ValueKind != JsonValueKind.Array)
                throw new JsonException($"the service answered a page of {item.Noun}s without its list (\"value\")");
            var items = new List<T>(array.GetArrayLength());
            foreach (var element in array.EnumerateArray())
            {
                if (!HasId(element)) throw new JsonException($"the service listed an item that is not a {item.Noun}");
                items.Add(item.Read(element));
            }
            // A link that is not a string is kept as it is written, and so refused as a malformed link.
            var link = Property(page, "@odata.nextLink") is JsonElement l ? (l.ValueKind == JsonValueKind.String ? l.GetString() : l.GetRawText()) : null;
            return (items, string.IsNullOrEmpty(link) ? null : link);
        }

        public static MigrationJob ReadJob(JsonElement json)
        {
            if (!HasId(json)) throw new JsonException("the answer is not a job (an object with an id)");
            var job = new MigrationJob
            {
                Id = String(json, "id")!,
                DisplayName = String(json, "displayName") ?? "",
                JobType = String(json, "jobType"),
                Status = String(json, "status"),
                Message = String(json, "message"),
                CompleteAfterDateTime = Date(json, "completeAfterDateTime"),
                SourceTenantId = String(json, "sourceTenantId"),
                TargetTenantId = String(json, "targetTenantId"),
                Workloads = Strings(json, "workloads", w => Workload.Normalize(w) ?? w),
                ResourceType = String(json, "resourceType"),
                Resources = Strings(json, "resources", r => r),
                CreatedBy = String(json, "createdBy"),
                CreatedDateTime = Date(json, "createdDateTime"),
                LastUpdatedDateTime = Date(json, "lastUpdatedDateTime"),
            };
            if (string.Equals(job.ResourceType, JobDefinition.UsersResourceType, StringComparison.OrdinalIgnoreCase))
                job.ResourceType = JobDefinition.UsersResourceType;
            if (Property(json, "exchangeSettings") is JsonElement exchange && exchange.ValueKind == JsonValueKind.Object)
                job.ExchangeSettings = new MigrationExchangeSettings
                {
                    TargetDeliveryDomain = String(exchange, "targetDeliveryDomain"),
                    SourceEndpoint = String(exchange, "sourceEndpoint"),
                };
            return job;
        }

        public static MigrationUser ReadUser(string jobId, JsonElement json)
        {
            if (!HasId(json)) throw new JsonException("the answer is not a user (an object with an id)");
            var workloads = new List<MigrationWorkloadStatus>();
            if (Property(json, "currentStatus") is JsonElement statuses && statuses.ValueKind == JsonValueKind.Array)
                foreach (var status in statuses.EnumerateArray())
                {
                    var service = String(status, "service");
                    var workload = Workload.Normalize(service) ?? service ?? "";
                    var errors = new List<MigrationUserError>();
                    if (Property(status, "errors") is JsonElement list && list.ValueKind == JsonValueKind.Array)
                        foreach (var error in list.EnumerateArray())
                            errors.Add(new MigrationUserError { Workload = workload, Code = String(error, "code"), Message = String(error, "message") });
                    workloads.Add(new MigrationWorkloadStatus
                    {
                        Workload = workload,
                        Status = String(status, "status"),
                        Message = String(status, "message"),
                        Errors = errors.ToArray(),
                    });
                }
            return new MigrationUser
            {
                Id = String(json, "id")!,
                JobId = jobId,
                TaskType = String(json, "taskType"),
                LastUpdatedDateTime = Date(json, "lastUpdatedDateTime"),
                Workloads = workloads.ToArray(),
            };
        }

        /// <summary>A cancel's answer; an empty body (an undefined element) leaves status and message empty.</summary>
        public static MigrationCancelResult ReadCancelResult(string jobId, string? userId, JsonElement json) => new MigrationCancelResult
        {
            JobId = jobId,
            UserId = userId,
            Status = String(json, "status"),
            Message = String(json, "message"),
        };

        /// <summary>What the error envelope <c>{"error":{"code","message","innerError":{…}}}</c> says, where the body is one.</summary>
        public static ServiceError? ReadError(byte[] body)
        {
            if (body.Length == 0) return null;
            try
            {
                using var document = JsonDocument.Parse(body);
                return ReadError(document.RootElement);
            }
            catch (JsonException)
            {
                return null; // not the envelope: a proxy's page, say
            }
        }

        /// <summary>What an error envelope already parsed says (the body of a failed request in a batch), or null when it is not one.</summary>
        public static ServiceError? ReadError(JsonElement body)
        {
            if (body.ValueKind != JsonValueKind.Object || !(Property(body, "error") is JsonElement error) || error.ValueKind != JsonValueKind.Object)
                return null;
            var inner = Property(error, "innerError") ?? Property(error, "innererror");
            return new ServiceError(
                String(error, "code"),
                String(error, "message"),
                inner is JsonElement i && i.ValueKind == JsonValueKind.Object ? String(i, "request-id") : null,
                inner is JsonElement c && c.ValueKind == JsonValueKind.Object ? String(c, "client-request-id") : null);
        }

        /// <summary>
        /// The body of a JSON batch of GETs, one for each URL (relative to the service root), with the request ids
        /// "1", "2", ... in the URLs' order.
        /// </summary>
        public static byte[] WriteGetBatch(IReadOnlyList<string> urls) => Write(w =>
        {
            w.WriteStartArray("requests");
            for (var i = 0; i < urls.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("id", BatchRequestId(i));
                w.WriteString("method", "GET");
                w.WriteString("url", urls[i]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

        private static string BatchRequestId(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// The answer to a batch of user lookups sent by <see cref="WriteGetBatch"/>, one per key in the keys' order.
        /// It is untrusted input: every request answered exactly once (in any order), by an id that was sent and a
        /// status, and a user found is an object whose id is an object id (the one asked for, when a key is one).
        /// Anything else is not the answer Graph documents, and the whole batch is refused.
        /// </summary>
        public static List<BatchAnswer> ReadUserBatch(JsonElement json, IReadOnlyList<string> keys)
        {
            if (!(Property(json, "responses") is JsonElement responses) || responses.ValueKind != JsonValueKind.Array)
                throw new JsonException("the batch's answer has no list of responses");
            var answers = new BatchAnswer?[keys.Count];
            foreach (var item in responses.EnumerateArray())
            {
                var id = String(item, "id");
                var index = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n - 1 : -1;
                if (index < 0 || index >= keys.Count || id != BatchRequestId(index))
                    throw new JsonException($"the batch's answer holds a response to a request that was not sent ('{id}')");
                if (answers[index] != null)
                    throw new JsonException($"the batch's answer holds two responses to request {id}");
                if (!(Property(item, "status") is JsonElement statusElement) || statusElement.ValueKind != JsonValueKind.Number || !statusElement.TryGetInt32(out var status))
                    throw new JsonException($"the batch's response to request {id} has no HTTP status");
                var body = Property(item, "body");
                answers[index] = status == 200
                    ? new BatchAnswer(keys[index], status, ReadDirectoryUser(body, keys[index]), null, null)
                    : new BatchAnswer(keys[index], status, null, body is JsonElement b ? ReadError(b) : null, HeaderOf(item, "Retry-After"));
            }
            var unanswered = Array.FindAll(answers, a => a == null).Length;
            if (unanswered > 0)
                throw new JsonException($"the batch's answer has no response to {unanswered} of its {keys.Count} requests");
            return new List<BatchAnswer>(answers!);
        }

        private static DirectoryUser ReadDirectoryUser(JsonElement? body, string key)
        {
            if (!(body is JsonElement json) || !HasId(json))
                throw new JsonException("the batch's answer holds a user that is not one (an object with an id)");
            var id = String(json, "id")!;
            if (!Guid.TryParse(id, out var objectId))
                throw new JsonException($"the directory answered a user whose id '{id}' is not an object id (a GUID)");
            if (Guid.TryParse(key, out var asked) && asked != objectId)
                throw new JsonException($"the directory answered user '{id}' when asked for user '{key}'");
            return new DirectoryUser(objectId.ToString("D"), String(json, "userPrincipalName"), String(json, "displayName"));
        }

        /// <summary>A header of a response inside a batch (its "headers" object), by name in any case.</summary>
        private static string? HeaderOf(JsonElement response, string name)
        {
            if (!(Property(response, "headers") is JsonElement headers) || headers.ValueKind != JsonValueKind.Object) return null;
            foreach (var header in headers.EnumerateObject())
                if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
                    return header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() : header.Value.GetRawText();
            return null;
        }

        /// <summary>The body of a create: what the definition sets (without workloads the service takes every one).</summary>
        public static byte[] WriteDefinition(JobDefinition definition) => Write(w =>
        {
            w.WriteString("displayName", definition.DisplayName);
            w.WriteString("completeAfterDateTime", FormatDate(definition.CompleteAfterDateTime));
            w.WriteString("sourceTenantId", definition.SourceTenantId);
            w.WriteString("resourceType", definition.ResourceType);
            w.WriteStartArray("resources");
            foreach (var resource in definition.Resources) w.WriteStringValue(resource);
            w.WriteEndArray();
            if (definition.Workloads.Count > 0)
            {
                w.WriteStartArray("workloads");
                foreach (var workload in definition.Workloads) w.WriteStringValue(workload);
                w.WriteEndArray();
            }
            if (definition.TargetDeliveryDomain != null || definition.SourceEndpoint != null)
            {
                w.WriteStartObject("exchangeSettings");
                if (definition.TargetDeliveryDomain != null) w.WriteString("targetDeliveryDomain", definition.TargetDeliveryDomain);
                if (definition.SourceEndpoint != null) w.WriteString("sourceEndpoint", definition.SourceEndpoint);
                w.WriteEndObject();
            }
        });

        public static byte[] WriteReschedule(DateTimeOffset completeAfterDateTime) =>
            Write(w => w.WriteString("completeAfterDateTime", FormatDate(completeAfterDateTime)));

        private static byte[] Write(Action<Utf8JsonWriter> writeProperties)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writeProperties(writer);
                writer.WriteEndObject();
            }
            return buffer.ToArray();
        }

        /// <summary>UTC, ISO 8601, as Graph takes dates.</summary>
        private static string FormatDate(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        /// <summary>Whether an element is an entity: an object whose id is a non-empty string.</summary>
        private static bool HasId(JsonElement json) =>
            Property(json, "id") is JsonElement id && id.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(id.GetString());

        private static JsonElement? Property(JsonElement json, string name) =>
            json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : (JsonElement?)null;

        private static string? String(JsonElement json, string name) =>
            Property(json, name) is JsonElement value ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) : null;

        private static DateTimeOffset? Date(JsonElement json, string name) =>
            String(json, name) is string text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value : (DateTimeOffset?)null;

        private static string[] Strings(JsonElement json, string name, Func<string, string> normalize)
        {
            if (!(Property(json, name) is JsonElement array) || array.ValueKind != JsonValueKind.Array) return Array.Empty<string>();
            var values = new List<string>(array.GetArrayLength());
            foreach (var item in array.EnumerateArray())
                if (item.ValueKind == JsonValueKind.String && item.GetString() is string text && text.Length > 0)
                    values.Add(normalize(text));
            return values.ToArray();
        }
    }

    /// <summary>One request's answer inside a batch of user lookups.</summary>
    internal sealed class BatchAnswer
    {
        public BatchAnswer(string key, int status, DirectoryUser? user, ServiceError? error, string? retryAfter)
        {
            Key = key;
            Status = status;
            User = user;
            Error = error;
            RetryAfter = retryAfter;
        }

        /// <summary>The name or id the request looked up.</summary>
        public string Key { get; }
        public int Status { get; }
        /// <summary>The user, for a 200.</summary>
        public DirectoryUser? User { get; }
        /// <summary>The error envelope of a failure, when its body is one.</summary>
        public ServiceError? Error { get; }
        /// <summary>The response's own Retry-After header, as written.</summary>
        public string? RetryAfter { get; }
    }

    /// <summary>The service's error envelope: its code and message, and the ids support asks for.</summary>
    internal sealed class ServiceError
    {
        public ServiceError(string? code, string? message, string? requestId, string? clientRequestId)
        {
            Code = code;
            Message = message;
            RequestId = requestId;
            ClientRequestId = clientRequestId;
        }

        public string? Code { get; }
        public string? Message { get; }
        public string? RequestId { get; }
        public string? ClientRequestId { get; }
    }
}
