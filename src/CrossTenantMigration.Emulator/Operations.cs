using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrossTenantMigration.Emulator
{
    public sealed partial class MigrationServiceEmulator
    {
        private static readonly string[] CreatableProperties =
        {
            "displayName", "completeAfterDateTime", "sourceTenantId", "exchangeSettings", "workloads", "resourceType", "resources",
        };

        private static readonly string[] ReadOnlyProperties =
        {
            "id", "jobType", "status", "message", "targetTenantId", "createdBy", "createdDateTime", "lastUpdatedDateTime", "users",
        };

        private static readonly Regex IsoDateTime = new Regex(
            @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$",
            RegexOptions.CultureInvariant);

        private static readonly Regex DomainName = new Regex(
            @"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$",
            RegexOptions.CultureInvariant);

        private EmulatorResponse Execute(RequestContext ctx, Route route, ODataQuery query, CallerPrincipal principal, DateTimeOffset now)
        {
            switch (route.Kind)
            {
                case RouteKind.MigrationsRoot:
                    return EmulatorResponse.Json(HttpStatusCode.OK, w =>
                    {
                        w.WriteStartObject();
                        w.WriteString("@odata.context", MetadataUrl(ctx, "solutions/migrations/$entity"));
                        w.WriteString("id", "migrations");
                        w.WriteEndObject();
                    });
                case RouteKind.Jobs:
                    return ctx.Method == "POST" ? CreateJob(ctx, principal, now) : ListJobs(ctx, query);
                case RouteKind.JobsCount:
                    return EmulatorResponse.Text(FilterJobs(query).Count().ToString(CultureInfo.InvariantCulture));
                case RouteKind.Job:
                    var job = FindJob(route.Job!);
                    switch (ctx.Method)
                    {
                        case "PATCH": return UpdateJob(ctx, job, now);
                        case "DELETE": return DeleteJob(job, now);
                        default: return JobResponse(ctx, job, query, HttpStatusCode.OK, EntityContext(ctx, query), isCreate: false);
                    }

                case RouteKind.JobAction:
                    EnsureNoActionBody(ctx);
                    var target = FindJob(route.Job!);
                    switch (route.Action)
                    {
                        case "validate": return Validate(ctx, target, now);
                        case "migrate": return Migrate(ctx, target, now);
                        default: return CancelJob(target, now);
                    }

                case RouteKind.Users:
                    return ListUsers(ctx, FindJob(route.Job!), query, now);
                case RouteKind.UsersCount:
                    return EmulatorResponse.Text(FindJob(route.Job!).Users.Count.ToString(CultureInfo.InvariantCulture));
                case RouteKind.User:
                    var owner = FindJob(route.Job!);
                    var user = FindUser(owner, route.UserId!);
                    return EmulatorResponse.Json(HttpStatusCode.OK, w => WriteTask(
                        w, owner, user, query, now, MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs('{owner.Id}')/users{SelectSuffix(query)}/$entity")));
                case RouteKind.UserCancel:
                    EnsureNoActionBody(ctx);
                    var parent = FindJob(route.Job!);
                    return CancelUser(parent, FindUser(parent, route.UserId!), now);
                default:
                    throw GraphErrorException.NotFound("The requested resource does not exist.");
            }
        }

        // ---------------------------------------------------------------- lookups

        private JobRecord FindJob(JobKey key)
        {
            if (key.DisplayName != null)
            {
                foreach (var job in _jobs.Values)
                {
                    if (string.Equals(job.DisplayName, key.DisplayName, StringComparison.OrdinalIgnoreCase))
                    {
                        return job;
                    }
                }

                throw GraphErrorException.NotFound($"The crossTenantMigrationJob with displayName '{key.DisplayName}' was not found.");
            }

            if (key.Id != null && Guid.TryParseExact(key.Id, "D", out var id) && _jobs.TryGetValue(id.ToString("D"), out var found))
            {
                return found;
            }

            throw GraphErrorException.NotFound($"The crossTenantMigrationJob with id '{key.Id}' was not found.");
        }

        private static UserRecord FindUser(JobRecord job, string userId)
        {
            if (Guid.TryParseExact(userId, "D", out var id) && job.UsersById.TryGetValue(id.ToString("D"), out var user))
            {
                return user;
            }

            throw GraphErrorException.NotFound($"The user '{userId}' is not part of the crossTenantMigrationJob '{job.DisplayName}' ({job.Id}).");
        }

        // ---------------------------------------------------------------- create

        private EmulatorResponse CreateJob(RequestContext ctx, CallerPrincipal principal, DateTimeOffset now)
        {
            var body = ParseJsonObject(ctx);
            var props = CollectProperties(body, "crossTenantMigrationJob");
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

            // displayName
            string displayName = RequiredString(props, "displayName");
            if (displayName.Trim().Length == 0)
            {
                throw GraphErrorException.BadRequest("The property 'displayName' must not be empty or blank.");
            }

            // completeAfterDateTime
            var completeAfter = ParseDateTime(props, "completeAfterDateTime");
            if (Options.RejectPastCompleteAfterOnCreate && completeAfter < now)
            {
                throw GraphErrorException.BadRequest($"The property 'completeAfterDateTime' ({JsonWriting.Date(completeAfter)}) can't be in the past (now: {JsonWriting.Date(now)}).");
            }

            // sourceTenantId
            string sourceTenantId = RequiredString(props, "sourceTenantId");
            if (!Guid.TryParseExact(sourceTenantId, "D", out var sourceTenant))
            {
                throw GraphErrorException.BadRequest($"The property 'sourceTenantId' must be a tenant id (GUID); '{sourceTenantId}' is not.");
            }

            // resourceType
            string resourceType = RequiredString(props, "resourceType");
            if (!string.Equals(resourceType, "Users", StringComparison.OrdinalIgnoreCase))
            {
                throw GraphErrorException.BadRequest($"The property 'resourceType' value '{resourceType}' is not supported. Only 'Users' is supported.");
            }

            // resources
            if (!props.TryGetValue("resources", out var resourcesElement) || resourcesElement.ValueKind == JsonValueKind.Null)
            {
                throw GraphErrorException.BadRequest("The property 'resources' is required.");
            }

            if (resourcesElement.ValueKind != JsonValueKind.Array)
            {
                throw GraphErrorException.BadRequest("The property 'resources' must be an array of user object ids (GUIDs).");
            }

            int count = resourcesElement.GetArrayLength();
            if (count == 0)
            {
                throw GraphErrorException.BadRequest("The property 'resources' must contain at least one user object id.");
            }

            if (count > Options.MaxResourcesPerJob)
            {
                throw GraphErrorException.BadRequest($"The property 'resources' has {count} entries; at most {Options.MaxResourcesPerJob} are allowed per job.");
            }

            var resources = new List<string>(count);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in resourcesElement.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.String || !Guid.TryParseExact(r.GetString(), "D", out var userGuid))
                {
                    throw GraphErrorException.BadRequest($"The property 'resources' contains {(r.ValueKind == JsonValueKind.String ? "'" + r.GetString() + "'" : r.GetRawText())}, which is not a user object id (GUID).");
                }

                string normalized = userGuid.ToString("D");
                if (!seen.Add(normalized))
                {
                    throw GraphErrorException.BadRequest($"The property 'resources' contains the user '{r.GetString()}' more than once.");
                }

                resources.Add(normalized);
            }

            // workloads
            var workloads = new List<string>();
            if (!props.TryGetValue("workloads", out var workloadsElement) || workloadsElement.ValueKind == JsonValueKind.Null)
            {
                workloads.AddRange(Workloads.All);
            }
            else
            {
                if (workloadsElement.ValueKind != JsonValueKind.Array)
                {
                    throw GraphErrorException.BadRequest("The property 'workloads' must be an array of workload names (Exchange, ODSP, Teams, Meeting).");
                }

                if (workloadsElement.GetArrayLength() == 0)
                {
                    throw GraphErrorException.BadRequest("The property 'workloads' must not be empty; omit it to include all workloads.");
                }

                foreach (var w in workloadsElement.EnumerateArray())
                {
                    string? canonical = w.ValueKind == JsonValueKind.String ? Workloads.Canonical(w.GetString()!) : null;
                    if (canonical == null)
                    {
                        throw GraphErrorException.BadRequest($"The property 'workloads' contains {(w.ValueKind == JsonValueKind.String ? "'" + w.GetString() + "'" : w.GetRawText())}, which is not a supported workload (Exchange, ODSP, Teams, Meeting).");
                    }

                    if (workloads.Contains(canonical))
                    {
                        throw GraphErrorException.BadRequest($"The property 'workloads' contains the workload '{canonical}' more than once.");
                    }

                    workloads.Add(canonical);
                }
            }

            // exchangeSettings
            ExchangeSettingsRecord? exchange = null;
            if (props.TryGetValue("exchangeSettings", out var exchangeElement) && exchangeElement.ValueKind != JsonValueKind.Null)
            {
                if (exchangeElement.ValueKind != JsonValueKind.Object)
                {
                    throw GraphErrorException.BadRequest("The property 'exchangeSettings' must be an object.");
                }

                var ex = CollectProperties(exchangeElement, "exchangeSettings");
                exchange = new ExchangeSettingsRecord();
                foreach (var kv in ex)
                {
                    switch (kv.Key)
                    {
                        case "@odata.type":
                            break;
                        case "targetDeliveryDomain":
                            exchange.TargetDeliveryDomain = OptionalString(kv.Value, "exchangeSettings.targetDeliveryDomain");
                            break;
                        case "sourceEndpoint":
                            exchange.SourceEndpoint = OptionalString(kv.Value, "exchangeSettings.sourceEndpoint");
                            break;
                        default:
                            throw GraphErrorException.BadRequest($"The property 'exchangeSettings.{kv.Key}' does not exist on type 'microsoft.graph.exchangeOnlineCrossTenantMigrationSettings'.");
                    }
                }

                if (exchange.TargetDeliveryDomain != null && !DomainName.IsMatch(exchange.TargetDeliveryDomain))
                {
                    throw GraphErrorException.BadRequest($"The property 'exchangeSettings.targetDeliveryDomain' value '{exchange.TargetDeliveryDomain}' is not a domain name.");
                }
            }

            if (workloads.Contains(Workloads.Exchange) && string.IsNullOrWhiteSpace(exchange?.TargetDeliveryDomain))
            {
                throw GraphErrorException.BadRequest("The property 'exchangeSettings' with a 'targetDeliveryDomain' is required when Exchange is one of the workloads (an omitted 'workloads' includes Exchange).");
            }

            // service-side conflicts
            foreach (var other in _jobs.Values)
            {
                if (string.Equals(other.DisplayName, displayName, StringComparison.OrdinalIgnoreCase))
                {
                    throw new GraphErrorException(HttpStatusCode.Conflict, "nameAlreadyExists", $"A crossTenantMigrationJob with the displayName '{other.DisplayName}' already exists (id {other.Id}). The displayName must be unique in the tenant.");
                }
            }

            if (Options.EnforceOneActiveBatchPerUser)
            {
                EnsureUsersFree(resources, null, now);
            }

            var job = new JobRecord(Guid.NewGuid().ToString("D"), ++_sequence)
            {
                DisplayName = displayName,
                CompleteAfter = completeAfter,
                CompleteAfterSetAt = now,
                SourceTenantId = sourceTenant.ToString("D"),
                TargetTenantId = Options.TargetTenantId,
                ExchangeSettings = exchange,
                ResourceType = "Users",
                CreatedByObjectId = principal.ObjectId,
                CreatedByName = principal.DisplayIdentity,
                Created = now,
                LastUpdated = now,
                StatusEnteredAt = now,
                JobType = "validate",
            };
            job.Workloads.AddRange(workloads);
            for (int i = 0; i < resources.Count; i++)
            {
                var user = new UserRecord(resources[i], i, now);
                job.Users.Add(user);
                job.UsersById[user.Id] = user;
            }

            if (Options.AutoValidateOnCreate)
            {
                job.Status = JobStatus.ValidateSubmitted;
                job.Message = Messages.ValidateSubmitted;
            }
            else
            {
                job.Status = JobStatus.Submitted;
                job.Message = "";
            }

            _jobs[job.Id] = job;
            _creates++;
            var response = JobResponse(ctx, job, null, HttpStatusCode.Created, MetadataUrl(ctx, "solutions/migrations/crossTenantMigrationJobs/$entity"), isCreate: true);
            response.Headers.Add(new KeyValuePair<string, string>("Location", $"{ctx.BaseUrl}/{ctx.ApiVersion}/solutions/migrations/crossTenantMigrationJobs/{job.Id}"));
            return response;
        }

        /// <summary>
        /// 409 when one of <paramref name="userIds"/> is held by another active job. A user whose cancel is still
        /// pending (pendingCancel) is held until the cancel completes.
        /// </summary>
        private void EnsureUsersFree(IEnumerable<string> userIds, JobRecord? except, DateTimeOffset now)
        {
            var active = _jobs.Values.Where(j => j != except && !JobStatus.ReleasesUsers(j.Status)).OrderBy(j => j.Sequence).ToList();
            if (active.Count == 0)
            {
                return;
            }

            foreach (var id in userIds)
            {
                foreach (var other in active)
                {
                    if (other.UsersById.TryGetValue(id, out var held) && UserStatus(other, held, now) != JobStatus.Cancelled)
                    {
                        throw GraphErrorException.Conflict($"The user '{id}' is already in the active crossTenantMigrationJob '{other.DisplayName}' ({other.Id}, status {other.Status}). A user can be in only one active batch at a time.");
                    }
                }
            }
        }

        // ---------------------------------------------------------------- update / delete

        private EmulatorResponse UpdateJob(RequestContext ctx, JobRecord job, DateTimeOffset now)
        {
            var props = CollectProperties(ParseJsonObject(ctx), "crossTenantMigrationJob");
            foreach (var name in props.Keys)
            {
                if (name != "@odata.type" && name != "completeAfterDateTime")
                {
                    throw GraphErrorException.BadRequest($"The property '{name}' can't be updated. Only 'completeAfterDateTime' can be changed on a crossTenantMigrationJob.");
                }
            }

            var value = ParseDateTime(props, "completeAfterDateTime");
            switch (job.Status)
            {
                case JobStatus.CuttingOver:
                case JobStatus.Completed:
                case JobStatus.CompletedWithErrors:
                case JobStatus.Failed:
                case JobStatus.Cancelled:
                case JobStatus.PendingCancel:
                case JobStatus.PendingDelete:
                    throw GraphErrorException.Conflict($"The job can't be updated because the current status is {job.Status}.");
            }

            job.CompleteAfter = value;
            job.CompleteAfterSetAt = now;
            job.LastUpdated = now;
            return EmulatorResponse.Empty(HttpStatusCode.NoContent);
        }

        private EmulatorResponse DeleteJob(JobRecord job, DateTimeOffset now)
        {
            switch (job.Status)
            {
                case JobStatus.ValidatePassed:
                case JobStatus.ValidateFailed:
                case JobStatus.Completed:
                case JobStatus.CompletedWithErrors:
                case JobStatus.Failed:
                case JobStatus.Cancelled:
                    break;
                default:
                    throw GraphErrorException.Conflict($"The job can't be deleted because the current status is {job.Status}. Delete is possible only in a terminal or final state: cancel it or wait until every user reaches a terminal state.");
            }

            job.StatusBeforeDelete = job.Status;
            Enter(job, JobStatus.PendingDelete, Messages.PendingDelete, now);
            return EmulatorResponse.Empty(HttpStatusCode.Accepted);
        }

        // ---------------------------------------------------------------- actions

        private EmulatorResponse Validate(RequestContext ctx, JobRecord job, DateTimeOffset now)
        {
            bool expiredPass = job.Status == JobStatus.ValidatePassed && ValidationExpired(job, now);
            if (job.Status != JobStatus.Submitted && job.Status != JobStatus.ValidateFailed && !expiredPass)
            {
                throw GraphErrorException.Conflict($"Validation can't be started because the current status is {job.Status}. Validate is possible only when the status is submitted or validateFailed.");
            }

            foreach (var user in job.Users)
            {
                user.ValidationFailures.Clear();
            }

            job.JobType = "validate";
            job.ValidatePassedAt = null;
            Enter(job, JobStatus.ValidateSubmitted, Messages.ValidateSubmitted, now);
            return JobResponse(ctx, job, null, HttpStatusCode.OK, MetadataUrl(ctx, "microsoft.graph.crossTenantMigrationJob"), isCreate: false);
        }

        private bool ValidationExpired(JobRecord job, DateTimeOffset now)
            => job.ValidatePassedAt.HasValue && now - job.ValidatePassedAt.Value > Options.ValidationValidity;

        private EmulatorResponse Migrate(RequestContext ctx, JobRecord job, DateTimeOffset now)
        {
            bool retry = job.Status == JobStatus.Failed || job.Status == JobStatus.CompletedWithErrors;
            if (job.Status != JobStatus.ValidatePassed && !retry)
            {
                throw GraphErrorException.Conflict($"Migration can't be started because the current status is {job.Status}");
            }

            if (job.Status == JobStatus.ValidatePassed && ValidationExpired(job, now))
            {
                throw GraphErrorException.Conflict(
                    $"Migration can't be started because the validation results have expired: validation passed at {JsonWriting.Date(job.ValidatePassedAt!.Value)}, more than {Options.ValidationValidity.TotalDays:0.##} days ago. Validate the job again.");
            }

            var rerun = ActiveUsers(job).Where(u => !u.MigrationCompleted).ToList();
            if (retry && Options.EnforceOneActiveBatchPerUser)
            {
                EnsureUsersFree(rerun.Select(u => u.Id), job, now);
            }

            foreach (var user in rerun)
            {
                user.MigrationFailures.Clear();
                user.LastUpdated = now;
            }

            job.JobType = "migrate";
            Enter(job, JobStatus.Processing, Messages.MigrateSubmitted, now);
            return JobResponse(ctx, job, null, HttpStatusCode.OK, MetadataUrl(ctx, "microsoft.graph.crossTenantMigrationJob"), isCreate: false);
        }

        private EmulatorResponse CancelJob(JobRecord job, DateTimeOffset now)
        {
            switch (job.Status)
            {
                case JobStatus.Submitted:
                case JobStatus.ValidateSubmitted:
                case JobStatus.ValidateProcessing:
                case JobStatus.ValidateInProgress:
                case JobStatus.ValidatePassed:
                case JobStatus.ValidateFailed:
                case JobStatus.Processing:
                case JobStatus.InProgress:
                    break;
                default:
                    throw GraphErrorException.Conflict($"Cancel is not possible. Current status is {job.Status}");
            }

            if (now >= job.CompleteAfter)
            {
                throw GraphErrorException.Conflict($"Cancel is not possible. Current status is {job.Status}; completeAfterDateTime ({JsonWriting.Date(job.CompleteAfter)}) has passed.");
            }

            foreach (var user in ActiveUsers(job))
            {
                if (!user.MigrationCompleted)
                {
                    user.CancelRequestedAt = now;
                    user.LastUpdated = now;
                }
            }

            Enter(job, JobStatus.PendingCancel, Messages.PendingCancel, now);
            return CancelResponse(Messages.PendingCancel);
        }

        private EmulatorResponse CancelUser(JobRecord job, UserRecord user, DateTimeOffset now)
        {
            string status = UserStatus(job, user, now);
            if (IsTerminalUserStatus(status)
                || job.Status == JobStatus.CuttingOver || job.Status == JobStatus.PendingCancel
                || job.Status == JobStatus.Cancelled || job.Status == JobStatus.PendingDelete)
            {
                throw GraphErrorException.Conflict($"Cancel is not possible. Current status is {status}");
            }

            if (now >= job.CompleteAfter)
            {
                throw GraphErrorException.Conflict($"Cancel is not possible. Current status is {status}; completeAfterDateTime ({JsonWriting.Date(job.CompleteAfter)}) has passed.");
            }

            user.CancelRequestedAt = now;
            user.LastUpdated = now;
            job.LastUpdated = now;
            if (job.Users.All(u => u.IsCancelled))
            {
                Enter(job, JobStatus.PendingCancel, Messages.PendingCancel, now);
            }

            return CancelResponse($"Cancelation request for user ID: {user.Id} from batch: {job.DisplayName} was accepted.");
        }

        private static EmulatorResponse CancelResponse(string message)
            => EmulatorResponse.Json(HttpStatusCode.Accepted, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.type", "#microsoft.graph.crossTenantMigrationCancelResponse");
                w.WriteString("status", JobStatus.PendingCancel);
                w.WriteString("message", message);
                w.WriteEndObject();
            });

        // ---------------------------------------------------------------- lists

        private IEnumerable<JobRecord> FilterJobs(ODataQuery query)
        {
            IEnumerable<JobRecord> jobs = _jobs.Values;
            if (query.Filter != null)
            {
                foreach (var clause in query.Filter)
                {
                    var c = clause;
                    switch (c.Property)
                    {
                        case "status":
                            jobs = jobs.Where(j => j.Status == c.Value);
                            break;
                        case "jobType":
                            jobs = jobs.Where(j => j.JobType == c.Value);
                            break;
                        default:
                            jobs = jobs.Where(j => string.Equals(j.DisplayName, c.Value, StringComparison.OrdinalIgnoreCase));
                            break;
                    }
                }
            }

            return jobs;
        }

        private EmulatorResponse ListJobs(RequestContext ctx, ODataQuery query)
        {
            const string scope = "jobs";
            var all = FilterJobs(query).OrderByDescending(j => j.Sequence).ToList();
            IEnumerable<JobRecord> remaining = all;
            if (query.SkipToken != null)
            {
                long after = ODataQuery.DecodeSkipToken(query.SkipToken, scope);
                remaining = all.Where(j => j.Sequence < after);
            }

            int size = query.Top ?? Math.Max(1, Options.PageSize);
            var rest = remaining.ToList();
            var page = rest.Take(size).ToList();
            string? next = rest.Count > size ? query.NextLink(ctx, ODataQuery.EncodeSkipToken(scope, page[page.Count - 1].Sequence)) : null;
            var now = Clock.UtcNow;
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs{SelectSuffix(query)}"));
                if (query.Count)
                {
                    w.WriteNumber("@odata.count", all.Count);
                }

                if (next != null)
                {
                    w.WriteString("@odata.nextLink", next);
                }

                w.WriteStartArray("value");
                foreach (var job in page)
                {
                    WriteJob(w, job, query, null, isCreate: false);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private EmulatorResponse ListUsers(RequestContext ctx, JobRecord job, ODataQuery query, DateTimeOffset now)
        {
            string scope = "users:" + job.Id;
            int start = 0;
            if (query.SkipToken != null)
            {
                start = (int)Math.Min(int.MaxValue, Math.Max(0, ODataQuery.DecodeSkipToken(query.SkipToken, scope) + 1));
            }

            int size = query.Top ?? Math.Max(1, Options.PageSize);
            var page = job.Users.Skip(start).Take(size).ToList();
            bool more = start + page.Count < job.Users.Count;
            string? next = more ? query.NextLink(ctx, ODataQuery.EncodeSkipToken(scope, page[page.Count - 1].Index)) : null;
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs('{job.Id}')/users{SelectSuffix(query)}"));
                if (query.Count)
                {
                    w.WriteNumber("@odata.count", job.Users.Count);
                }

                if (next != null)
                {
                    w.WriteString("@odata.nextLink", next);
                }

                w.WriteStartArray("value");
                foreach (var user in page)
                {
                    WriteTask(w, job, user, query, now, null);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        // ---------------------------------------------------------------- JSON out

        private static string MetadataUrl(RequestContext ctx, string fragment) => $"{ctx.BaseUrl}/{ctx.ApiVersion}/$metadata#{fragment}";

        private static string SelectSuffix(ODataQuery? query) => query?.Select == null ? "" : "(" + string.Join(",", query.Select) + ")";

        private static string EntityContext(RequestContext ctx, ODataQuery query)
            => MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs{SelectSuffix(query)}/$entity");

        private EmulatorResponse JobResponse(RequestContext ctx, JobRecord job, ODataQuery? query, HttpStatusCode status, string context, bool isCreate)
            => EmulatorResponse.Json(status, w => WriteJob(w, job, query, context, isCreate));

        private void WriteJob(Utf8JsonWriter w, JobRecord job, ODataQuery? query, string? context, bool isCreate)
        {
            bool quirks = Options.Quirks && !isCreate;
            bool Want(string p) => query == null || query.Wants(p);
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            w.WriteString("id", job.Id);
            if (Want("displayName")) w.WriteString("displayName", job.DisplayName);
            if (Want("jobType")) w.WriteString("jobType", job.JobType);
            if (Want("status")) w.WriteString("status", job.Status);
            if (Want("message")) w.WriteString("message", job.Message);
            if (Want("completeAfterDateTime")) w.WriteString("completeAfterDateTime", JsonWriting.Date(job.CompleteAfter));
            if (Want("sourceTenantId")) w.WriteString("sourceTenantId", job.SourceTenantId);
            if (Want("targetTenantId")) w.WriteString("targetTenantId", job.TargetTenantId);
            if (Want("exchangeSettings"))
            {
                if (job.ExchangeSettings == null)
                {
                    w.WriteNull("exchangeSettings");
                }
                else
                {
                    w.WriteStartObject("exchangeSettings");
                    WriteNullableString(w, "targetDeliveryDomain", job.ExchangeSettings.TargetDeliveryDomain);
                    WriteNullableString(w, "sourceEndpoint", job.ExchangeSettings.SourceEndpoint);
                    w.WriteEndObject();
                }
            }

            if (Want("resourceType")) w.WriteString("resourceType", quirks ? "users" : job.ResourceType);
            if (Want("resources"))
            {
                w.WriteStartArray("resources");
                if (!quirks)
                {
                    foreach (var u in job.Users)
                    {
                        w.WriteStringValue(u.Id);
                    }
                }

                w.WriteEndArray();
            }

            if (Want("workloads"))
            {
                w.WriteStartArray("workloads");
                foreach (var wl in job.Workloads)
                {
                    w.WriteStringValue(quirks ? wl.ToLowerInvariant() : wl);
                }

                w.WriteEndArray();
            }

            if (Want("createdBy")) w.WriteString("createdBy", Options.Quirks ? job.CreatedByObjectId : job.CreatedByName);
            if (Want("createdDateTime")) w.WriteString("createdDateTime", JsonWriting.Date(job.Created));
            if (Want("lastUpdatedDateTime")) w.WriteString("lastUpdatedDateTime", JsonWriting.Date(job.LastUpdated));
            w.WriteEndObject();
        }

        private void WriteTask(Utf8JsonWriter w, JobRecord job, UserRecord user, ODataQuery? query, DateTimeOffset now, string? context)
        {
            bool Want(string p) => query == null || query.Wants(p);
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            w.WriteString("id", user.Id);
            if (Want("taskType")) w.WriteString("taskType", "Users");
            if (Want("lastUpdatedDateTime")) w.WriteString("lastUpdatedDateTime", JsonWriting.Date(TaskLastUpdated(job, user)));
            if (Want("currentStatus"))
            {
                w.WriteStartArray("currentStatus");
                foreach (var workload in job.Workloads)
                {
                    var state = WorkloadState(job, user, workload, now);
                    w.WriteStartObject();
                    w.WriteString("service", workload);
                    w.WriteString("status", state.Status);
                    w.WriteString("message", state.Message);
                    w.WriteStartArray("errors");
                    if (state.Error != null)
                    {
                        w.WriteStartObject();
                        w.WriteString("code", state.Error.Code);
                        w.WriteString("message", state.Error.Message);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
        {
            if (value == null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }

        // ---------------------------------------------------------------- JSON in

        private static JsonElement ParseJsonObject(RequestContext ctx)
        {
            if (!ctx.HasBody)
            {
                throw GraphErrorException.BadRequest("A request body with a JSON object is required.");
            }

            if (!string.Equals(ctx.ContentType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphErrorException(HttpStatusCode.UnsupportedMediaType, "invalidRequest", $"The request body must be sent with 'Content-Type: application/json' (was '{ctx.ContentType ?? "none"}').");
            }

            try
            {
                using (var doc = JsonDocument.Parse(ctx.Body))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw GraphErrorException.BadRequest("The request body must be a JSON object.");
                    }

                    return doc.RootElement.Clone();
                }
            }
            catch (JsonException e)
            {
                throw GraphErrorException.BadRequest("The request body is not valid JSON: " + e.Message);
            }
        }

        private static void EnsureNoActionBody(RequestContext ctx)
        {
            if (!ctx.HasBody)
            {
                return;
            }

            try
            {
                using (var doc = JsonDocument.Parse(ctx.Body))
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && !doc.RootElement.EnumerateObject().Any())
                    {
                        return;
                    }
                }
            }
            catch (JsonException)
            {
            }

            throw GraphErrorException.BadRequest("This action takes no request body: send an empty body.");
        }

        /// <summary>The properties of an object, rejecting a property that appears twice.</summary>
        private static Dictionary<string, JsonElement> CollectProperties(JsonElement obj, string what)
        {
            var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in obj.EnumerateObject())
            {
                if (result.ContainsKey(p.Name))
                {
                    throw GraphErrorException.BadRequest($"The property '{p.Name}' appears more than once in the {what}.");
                }

                result[p.Name] = p.Value;
            }

            return result;
        }

        private static string RequiredString(Dictionary<string, JsonElement> props, string name)
        {
            if (!props.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                throw GraphErrorException.BadRequest($"The property '{name}' is required.");
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw GraphErrorException.BadRequest($"The property '{name}' must be a string.");
            }

            return value.GetString()!;
        }

        private static string? OptionalString(JsonElement value, string name)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw GraphErrorException.BadRequest($"The property '{name}' must be a string.");
            }

            return value.GetString();
        }

        private static DateTimeOffset ParseDateTime(Dictionary<string, JsonElement> props, string name)
        {
            string text = RequiredString(props, name);
            if (!IsoDateTime.IsMatch(text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                throw GraphErrorException.BadRequest($"The property '{name}' value '{text}' is not an ISO 8601 date and time with a time zone (for example 2026-05-22T17:14:52Z).");
            }

            return value.ToUniversalTime();
        }
    }
}
