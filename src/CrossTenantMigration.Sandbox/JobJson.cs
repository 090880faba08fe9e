using System;
using System.Net;
using System.Text.Json;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>JSON out: jobs and user tasks as the service writes them, with $select and the documented quirks.</summary>
    internal sealed class JobJson
    {
        private readonly SandboxOptions _options;

        public JobJson(SandboxOptions options) => _options = options;

        public static string MetadataUrl(RequestContext ctx, string fragment) => $"{ctx.BaseUrl}/{ctx.ApiVersion}/$metadata#{fragment}";

        public static string SelectSuffix(ODataQuery? query) => query?.Select == null ? "" : "(" + string.Join(",", query.Select) + ")";

        public static string EntityContext(RequestContext ctx, ODataQuery query)
            => MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs{SelectSuffix(query)}/$entity");

        public ServiceResponse JobResponse(JobRecord job, ODataQuery? query, HttpStatusCode status, string context, bool isCreate)
            => ServiceResponse.Json(status, w => WriteJob(w, job, query, context, isCreate));

        public void WriteJob(Utf8JsonWriter w, JobRecord job, ODataQuery? query, string? context, bool isCreate)
        {
            bool quirks = _options.Quirks && !isCreate;
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
                    JsonWriting.WriteNullableString(w, "targetDeliveryDomain", job.ExchangeSettings.TargetDeliveryDomain);
                    JsonWriting.WriteNullableString(w, "sourceEndpoint", job.ExchangeSettings.SourceEndpoint);
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

            if (Want("createdBy")) w.WriteString("createdBy", _options.Quirks ? job.CreatedByObjectId : job.CreatedByName);
            if (Want("createdDateTime")) w.WriteString("createdDateTime", JsonWriting.Date(job.Created));
            if (Want("lastUpdatedDateTime")) w.WriteString("lastUpdatedDateTime", JsonWriting.Date(job.LastUpdated));
            w.WriteEndObject();
        }

        public void WriteTask(Utf8JsonWriter w, JobRecord job, UserRecord user, ODataQuery? query, DateTimeOffset now, string? context)
        {
            bool Want(string p) => query == null || query.Wants(p);
            w.WriteStartObject();
            if (context != null)
            {
                w.WriteString("@odata.context", context);
            }

            w.WriteString("id", user.Id);
            if (Want("taskType")) w.WriteString("taskType", "Users");
            if (Want("lastUpdatedDateTime")) w.WriteString("lastUpdatedDateTime", JsonWriting.Date(UserStatusRules.TaskLastUpdated(job, user)));
            if (Want("currentStatus"))
            {
                w.WriteStartArray("currentStatus");
                foreach (var workload in job.ReportedWorkloads)
                {
                    var state = UserStatusRules.WorkloadState(job, user, workload, now, _options.Step);
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
    }
}
