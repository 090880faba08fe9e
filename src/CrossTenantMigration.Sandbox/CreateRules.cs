using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// POST .../crossTenantMigrationJobs: the create rules in the order the README lists them, one method per
    /// property, then the service-side conflicts (name, one active batch per user).
    /// </summary>
    internal sealed class CreateRules
    {
        private const string Entity = "crossTenantMigrationJob";

        private static readonly string[] CreatableProperties =
        {
            "displayName", "completeAfterDateTime", "sourceTenantId", "exchangeSettings", "workloads", "resourceType", "resources",
        };

        private static readonly string[] ReadOnlyProperties =
        {
            "id", "jobType", "status", "message", "targetTenantId", "createdBy", "createdDateTime", "lastUpdatedDateTime", "users",
        };

        private static readonly Regex DomainName = new Regex(
            @"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$",
            RegexOptions.CultureInvariant);

        private readonly SandboxOptions _options;
        private readonly JobStore _store;
        private readonly JobJson _json;

        public CreateRules(SandboxOptions options, JobStore store, JobJson json)
        {
            _options = options;
            _store = store;
            _json = json;
        }

        public ServiceResponse Create(RequestContext ctx, SandboxCaller caller, DateTimeOffset now)
        {
            var props = RequestBody.Properties(RequestBody.ParseJsonObject(ctx), Entity);
            RejectOtherProperties(props);
            string displayName = ReadDisplayName(props);
            var completeAfter = ReadCompleteAfter(props, now);
            string sourceTenantId = ReadSourceTenantId(props);
            ReadResourceType(props);
            var resources = ReadResources(props);
            var workloads = ReadWorkloads(props);
            var exchange = ReadExchangeSettings(props);
            RequireExchangeSettings(workloads, exchange);
            EnsureNameFree(displayName);
            if (_options.EnforceOneActiveBatchPerUser)
            {
                _store.EnsureUsersFree(resources, null, now);
            }

            var job = _store.NewJob();
            job.DisplayName = displayName;
            job.CompleteAfter = completeAfter;
            job.CompleteAfterSetAt = now;
            job.SourceTenantId = sourceTenantId;
            job.TargetTenantId = _options.TargetTenantId;
            job.ExchangeSettings = exchange;
            job.CreatedByObjectId = caller.ObjectId;
            job.CreatedByName = caller.DisplayIdentity;
            job.Created = now;
            job.LastUpdated = now;
            job.StatusEnteredAt = now;
            job.Workloads.AddRange(workloads);
            AddUsers(job, resources, now);
            SetInitialStatus(job);
            _store.Add(job);

            var response = _json.JobResponse(job, null, HttpStatusCode.Created, JobJson.MetadataUrl(ctx, "solutions/migrations/crossTenantMigrationJobs/$entity"), isCreate: true);
            response.Headers.Add(new KeyValuePair<string, string>("Location", $"{ctx.BaseUrl}/{ctx.ApiVersion}/solutions/migrations/crossTenantMigrationJobs/{job.Id}"));
            return response;
        }

        /// <summary>Rule 1: only the creatable properties and @odata.type (ignored).</summary>
        private static void RejectOtherProperties(Dictionary<string, JsonElement> props)
        {
            foreach (var name in props.Keys)
            {
                if (name == "@odata.type" || CreatableProperties.Contains(name))
                {
                    continue;
                }

                if (ReadOnlyProperties.Contains(name))
                {
                    throw GraphErrorException.BadRequest($"The property '{name}' is read-only and can't be set when a crossTenantMigrationJob is created.");
                }

                throw GraphErrorException.BadRequest($"The property '{name}' does not exist on type 'microsoft.graph.crossTenantMigrationJob'. Make sure to only use property names that are defined by the type.");
            }
        }

        private static string ReadDisplayName(Dictionary<string, JsonElement> props)
        {
            string displayName = RequestBody.RequiredString(props, "displayName");
            if (displayName.Trim().Length == 0)
            {
                throw GraphErrorException.BadRequest("The property 'displayName' must not be empty or blank.");
            }

            return displayName;
        }

        private DateTimeOffset ReadCompleteAfter(Dictionary<string, JsonElement> props, DateTimeOffset now)
        {
            var completeAfter = RequestBody.ParseDateTime(props, "completeAfterDateTime");
            if (_options.RejectPastCompleteAfterOnCreate && completeAfter < now)
            {
                throw GraphErrorException.BadRequest($"The property 'completeAfterDateTime' ({JsonWriting.Date(completeAfter)}) can't be in the past (now: {JsonWriting.Date(now)}).");
            }

            return completeAfter;
        }

        private static string ReadSourceTenantId(Dictionary<string, JsonElement> props)
        {
            string sourceTenantId = RequestBody.RequiredString(props, "sourceTenantId");
            if (!Guid.TryParseExact(sourceTenantId, "D", out var sourceTenant))
            {
                throw GraphErrorException.BadRequest($"The property 'sourceTenantId' must be a tenant id (GUID); '{sourceTenantId}' is not.");
            }

            return sourceTenant.ToString("D");
        }

        private static void ReadResourceType(Dictionary<string, JsonElement> props)
        {
            string resourceType = RequestBody.RequiredString(props, "resourceType");
            if (!string.Equals(resourceType, "Users", StringComparison.OrdinalIgnoreCase))
            {
                throw GraphErrorException.BadRequest($"The property 'resourceType' value '{resourceType}' is not supported. Only 'Users' is supported.");
            }
        }

        /// <summary>1..MaxResourcesPerJob distinct user object ids, normalized.</summary>
        private List<string> ReadResources(Dictionary<string, JsonElement> props)
        {
            if (!props.TryGetValue("resources", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                throw GraphErrorException.BadRequest("The property 'resources' is required.");
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                throw GraphErrorException.BadRequest("The property 'resources' must be an array of user object ids (GUIDs).");
            }

            int count = element.GetArrayLength();
            if (count == 0)
            {
                throw GraphErrorException.BadRequest("The property 'resources' must contain at least one user object id.");
            }

            if (count > _options.MaxResourcesPerJob)
            {
                throw GraphErrorException.BadRequest($"The property 'resources' has {count} entries; at most {_options.MaxResourcesPerJob} are allowed per job.");
            }

            var resources = new List<string>(count);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in element.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.String || !Guid.TryParseExact(r.GetString(), "D", out var userGuid))
                {
                    throw GraphErrorException.BadRequest($"The property 'resources' contains {Describe(r)}, which is not a user object id (GUID).");
                }

                string normalized = userGuid.ToString("D");
                if (!seen.Add(normalized))
                {
                    throw GraphErrorException.BadRequest($"The property 'resources' contains the user '{r.GetString()}' more than once.");
                }

                resources.Add(normalized);
            }

            return resources;
        }

        /// <summary>Omitted or null: all four; otherwise a non-empty list of distinct names, stored canonically.</summary>
        private static List<string> ReadWorkloads(Dictionary<string, JsonElement> props)
        {
            var workloads = new List<string>();
            if (!props.TryGetValue("workloads", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                workloads.AddRange(WireWorkload.Requestable);
                return workloads;
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                throw GraphErrorException.BadRequest("The property 'workloads' must be an array of workload names (Exchange, ODSP, Teams).");
            }

            if (element.GetArrayLength() == 0)
            {
                throw GraphErrorException.BadRequest("The property 'workloads' must not be empty; omit it to include all workloads.");
            }

            foreach (var w in element.EnumerateArray())
            {
                string? canonical = w.ValueKind == JsonValueKind.String ? WireWorkload.CanonicalRequestable(w.GetString()!) : null;
                if (canonical == null)
                {
                    throw GraphErrorException.BadRequest($"The property 'workloads' contains {Describe(w)}, which is not a supported workload. Supported workloads are Teams, Exchange, and ODSP.");
                }

                if (workloads.Contains(canonical))
                {
                    throw GraphErrorException.BadRequest($"The property 'workloads' contains the workload '{canonical}' more than once.");
                }

                workloads.Add(canonical);
            }

            return workloads;
        }

        private static ExchangeSettingsRecord? ReadExchangeSettings(Dictionary<string, JsonElement> props)
        {
            if (!props.TryGetValue("exchangeSettings", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                throw GraphErrorException.BadRequest("The property 'exchangeSettings' must be an object.");
            }

            var exchange = new ExchangeSettingsRecord();
            foreach (var kv in RequestBody.Properties(element, "exchangeSettings"))
            {
                switch (kv.Key)
                {
                    case "@odata.type":
                        break;
                    case "targetDeliveryDomain":
                        exchange.TargetDeliveryDomain = RequestBody.OptionalString(kv.Value, "exchangeSettings.targetDeliveryDomain");
                        break;
                    case "sourceEndpoint":
                        exchange.SourceEndpoint = RequestBody.OptionalString(kv.Value, "exchangeSettings.sourceEndpoint");
                        break;
                    default:
                        throw GraphErrorException.BadRequest($"The property 'exchangeSettings.{kv.Key}' does not exist on type 'microsoft.graph.exchangeOnlineCrossTenantMigrationSettings'.");
                }
            }

            if (exchange.TargetDeliveryDomain != null && !DomainName.IsMatch(exchange.TargetDeliveryDomain))
            {
                throw GraphErrorException.BadRequest($"The property 'exchangeSettings.targetDeliveryDomain' value '{exchange.TargetDeliveryDomain}' is not a domain name.");
            }

            return exchange;
        }

        private static void RequireExchangeSettings(List<string> workloads, ExchangeSettingsRecord? exchange)
        {
            if (workloads.Contains(WireWorkload.Exchange) && string.IsNullOrWhiteSpace(exchange?.TargetDeliveryDomain))
            {
                throw GraphErrorException.BadRequest("The property 'exchangeSettings' with a 'targetDeliveryDomain' is required when Exchange is one of the workloads (an omitted 'workloads' includes Exchange).");
            }
        }

        /// <summary>Display names are unique in the tenant (case-insensitive, pendingDelete jobs included).</summary>
        private void EnsureNameFree(string displayName)
        {
            var other = _store.FindByName(displayName);
            if (other != null)
            {
                throw new GraphErrorException(HttpStatusCode.Conflict, "nameAlreadyExists", $"A crossTenantMigrationJob with the displayName '{other.DisplayName}' already exists (id {other.Id}). The displayName must be unique in the tenant.");
            }
        }

        private static void AddUsers(JobRecord job, List<string> resources, DateTimeOffset now)
        {
            for (int i = 0; i < resources.Count; i++)
            {
                var user = new UserRecord(resources[i], i, now);
                job.Users.Add(user);
                job.UsersById[user.Id] = user;
            }
        }

        private void SetInitialStatus(JobRecord job)
        {
            job.JobType = "validate";
            if (_options.AutoValidateOnCreate)
            {
                job.Status = WireJobStatus.ValidateSubmitted;
                job.Message = Messages.ValidateSubmitted;
            }
            else
            {
                job.Status = WireJobStatus.Submitted;
                job.Message = "";
            }
        }

        private static string Describe(JsonElement value)
            => value.ValueKind == JsonValueKind.String ? "'" + value.GetString() + "'" : value.GetRawText();
    }
}
