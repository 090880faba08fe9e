using System;
using System.Linq;
using System.Net;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// What a request does to one job: reschedule (PATCH), delete, validate, migrate, cancel the job or one user.
    /// Each checks the status the reference allows it from and answers 409 otherwise.
    /// </summary>
    internal sealed class JobChanges
    {
        private readonly SandboxOptions _options;
        private readonly JobStore _store;
        private readonly JobJson _json;

        public JobChanges(SandboxOptions options, JobStore store, JobJson json)
        {
            _options = options;
            _store = store;
            _json = json;
        }

        public ServiceResponse Update(RequestContext ctx, JobRecord job, DateTimeOffset now)
        {
            var props = RequestBody.Properties(RequestBody.ParseJsonObject(ctx), "crossTenantMigrationJob");
            foreach (var name in props.Keys)
            {
                if (name != "@odata.type" && name != "completeAfterDateTime")
                {
                    throw GraphErrorException.BadRequest($"The property '{name}' can't be updated. Only 'completeAfterDateTime' can be changed on a crossTenantMigrationJob.");
                }
            }

            var value = RequestBody.ParseDateTime(props, "completeAfterDateTime");
            switch (job.Status)
            {
                case WireJobStatus.CuttingOver:
                case WireJobStatus.Completed:
                case WireJobStatus.CompletedWithErrors:
                case WireJobStatus.Failed:
                case WireJobStatus.Cancelled:
                case WireJobStatus.PendingCancel:
                case WireJobStatus.PendingDelete:
                    throw GraphErrorException.Conflict($"The job can't be updated because the current status is {job.Status}.");
            }

            job.CompleteAfter = value;
            job.CompleteAfterSetAt = now;
            job.LastUpdated = now;
            return ServiceResponse.Empty(HttpStatusCode.NoContent);
        }

        public ServiceResponse Delete(JobRecord job, DateTimeOffset now)
        {
            switch (job.Status)
            {
                case WireJobStatus.ValidatePassed:
                case WireJobStatus.ValidateFailed:
                case WireJobStatus.Completed:
                case WireJobStatus.CompletedWithErrors:
                case WireJobStatus.Failed:
                case WireJobStatus.Cancelled:
                    break;
                default:
                    throw GraphErrorException.Conflict($"The job can't be deleted because the current status is {job.Status}. Delete is possible only in a terminal or final state: cancel it or wait until every user reaches a terminal state.");
            }

            job.StatusBeforeDelete = job.Status;
            JobLifecycle.Enter(job, WireJobStatus.PendingDelete, Messages.PendingDelete, now);
            return ServiceResponse.Empty(HttpStatusCode.Accepted);
        }

        public ServiceResponse Validate(RequestContext ctx, JobRecord job, DateTimeOffset now)
        {
            // The documentation, read literally: from submitted or validateFailed only, an expired pass included.
            if (job.Status != WireJobStatus.Submitted && job.Status != WireJobStatus.ValidateFailed)
            {
                throw GraphErrorException.Conflict($"Validation can't be started because the current status is {job.Status}. Validate is possible only when the status is submitted or validateFailed.");
            }

            foreach (var user in job.Users)
            {
                user.ValidationFailures.Clear();
            }

            job.JobType = "validate";
            job.ValidatePassedAt = null;
            JobLifecycle.Enter(job, WireJobStatus.ValidateSubmitted, Messages.ValidateSubmitted, now);
            return _json.JobResponse(job, null, HttpStatusCode.OK, JobJson.MetadataUrl(ctx, "microsoft.graph.crossTenantMigrationJob"), isCreate: false);
        }

        private bool ValidationExpired(JobRecord job, DateTimeOffset now)
            => job.ValidatePassedAt.HasValue && now - job.ValidatePassedAt.Value > _options.ValidationValidity;

        public ServiceResponse Migrate(RequestContext ctx, JobRecord job, DateTimeOffset now)
        {
            bool retry = job.Status == WireJobStatus.Failed || job.Status == WireJobStatus.CompletedWithErrors;
            if (job.Status != WireJobStatus.ValidatePassed && !retry)
            {
                throw GraphErrorException.Conflict($"Migration can't be started because the current status is {job.Status}");
            }

            if (job.Status == WireJobStatus.ValidatePassed && ValidationExpired(job, now))
            {
                throw GraphErrorException.Conflict(
                    $"Migration can't be started because the validation results have expired: validation passed at {JsonWriting.Date(job.ValidatePassedAt!.Value)}, more than {_options.ValidationValidity.TotalDays:0.##} days ago. Validate the job again.");
            }

            var rerun = UserStatusRules.ActiveUsers(job).Where(u => !u.MigrationCompleted).ToList();
            if (retry && _options.EnforceOneActiveBatchPerUser)
            {
                _store.EnsureUsersFree(rerun.Select(u => u.Id), job, now);
            }

            foreach (var user in rerun)
            {
                user.MigrationFailures.Clear();
                user.LastUpdated = now;
            }

            job.JobType = "migrate";
            JobLifecycle.Enter(job, WireJobStatus.Processing, Messages.MigrateSubmitted, now);
            return _json.JobResponse(job, null, HttpStatusCode.OK, JobJson.MetadataUrl(ctx, "microsoft.graph.crossTenantMigrationJob"), isCreate: false);
        }

        public ServiceResponse CancelJob(JobRecord job, DateTimeOffset now)
        {
            switch (job.Status)
            {
                case WireJobStatus.Submitted:
                case WireJobStatus.ValidateSubmitted:
                case WireJobStatus.ValidateProcessing:
                case WireJobStatus.ValidateInProgress:
                case WireJobStatus.ValidatePassed:
                case WireJobStatus.ValidateFailed:
                case WireJobStatus.Processing:
                case WireJobStatus.InProgress:
                    break;
                default:
                    throw GraphErrorException.Conflict($"Cancel is not possible. Current status is {job.Status}");
            }

            if (now >= job.CompleteAfter)
            {
                throw GraphErrorException.Conflict($"Cancel is not possible. Current status is {job.Status}; completeAfterDateTime ({JsonWriting.Date(job.CompleteAfter)}) has passed.");
            }

            foreach (var user in UserStatusRules.ActiveUsers(job))
            {
                if (!user.MigrationCompleted)
                {
                    user.CancelRequestedAt = now;
                    user.LastUpdated = now;
                }
            }

            JobLifecycle.Enter(job, WireJobStatus.PendingCancel, Messages.PendingCancel, now);
            return CancelResponse(Messages.PendingCancel);
        }

        public ServiceResponse CancelUser(JobRecord job, UserRecord user, DateTimeOffset now)
        {
            string status = UserStatusRules.UserStatus(job, user, now, _options.Step);
            if (UserStatusRules.IsTerminalUserStatus(status)
                || job.Status == WireJobStatus.CuttingOver || job.Status == WireJobStatus.PendingCancel
                || job.Status == WireJobStatus.Cancelled || job.Status == WireJobStatus.PendingDelete)
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
                JobLifecycle.Enter(job, WireJobStatus.PendingCancel, Messages.PendingCancel, now);
            }

            return CancelResponse($"Cancelation request for user ID: {user.Id} from batch: {job.DisplayName} was accepted.");
        }

        private static ServiceResponse CancelResponse(string message)
            => ServiceResponse.Json(HttpStatusCode.Accepted, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.type", "#microsoft.graph.crossTenantMigrationCancelResponse");
                w.WriteString("status", WireJobStatus.PendingCancel);
                w.WriteString("message", message);
                w.WriteEndObject();
            });
    }
}
