using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Engine;

namespace CrossTenantMigration.Commands
{
    /// <summary>What cmdlets that act on jobs share: finding a job by id or name, and waiting with progress.</summary>
    public abstract class JobCmdlet : XtCmdlet
    {
        protected const string ByIdSet = "ById";
        protected const string ByDisplayNameSet = "ByDisplayName";

        /// <summary>Default poll interval: the real service changes status in minutes, the sandbox in seconds.</summary>
        protected TimeSpan DefaultPollInterval(IMigrationSession session) =>
            session.Context.SignInKind == nameof(SignInKind.Sandbox) ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(15);

        /// <summary>
        /// Whether the job is already where the action would take it, so that repeating a script
        /// step is harmless: the cmdlet warns and carries on with the job as it is.
        /// </summary>
        protected bool AlreadyDone(MigrationJob job, IReadOnlyList<string> statuses, string action)
        {
            if (!JobStatus.IsIn(job.Status, statuses)) return false;
            WriteWarning($"Job '{job.DisplayName}' is already {job.Status}; {action} was not requested again.");
            return true;
        }

        /// <summary>A non-terminating error for an action the job's status does not allow, before anything is sent.</summary>
        protected void WriteStatusRefusal(MigrationJob job, string errorId, string action, IReadOnlyList<string> allowed, string? advice = null) =>
            WriteError(ErrorRecords.Create(errorId, ErrorCategory.InvalidOperation,
                $"Job '{job.DisplayName}' cannot be {action} because its status is {job.Status}; that is possible only from {string.Join(", ", allowed)}.{(advice == null ? "" : " " + advice)}", job));

        protected static Task<MigrationJob> FindJobAsync(IMigrationService service, string? id, string? displayName, CancellationToken cancellationToken) =>
            id != null
                ? service.GetJobAsync(JobDefinitionRules.NormalizeJobId(id), cancellationToken)
                : service.GetJobByDisplayNameAsync(displayName!, cancellationToken);

        /// <summary>
        /// Waits for the jobs to settle, showing one progress bar per job, and calls
        /// <paramref name="onSettled"/> on the pipeline thread as each one does. A job that does not
        /// settle in time gets a non-terminating WaitTimedOut error.
        /// </summary>
        protected void WaitForJobs(IMigrationSession session, IReadOnlyList<MigrationJob> jobs, double? timeoutSec, double? pollIntervalSec, Action<MigrationJob> onSettled)
        {
            if (jobs.Count == 0) return;
            var activityIds = jobs.Select((job, index) => (job.Id, index)).ToDictionary(p => p.Id, p => p.index + 1, StringComparer.OrdinalIgnoreCase);
            var names = jobs.ToDictionary(j => j.Id, j => j.DisplayName, StringComparer.OrdinalIgnoreCase);
            var poll = pollIntervalSec.HasValue ? TimeSpan.FromSeconds(pollIntervalSec.Value) : DefaultPollInterval(session);
            var timeout = timeoutSec.HasValue ? TimeSpan.FromSeconds(timeoutSec.Value) : (TimeSpan?)null;
            var waiter = new JobWaiter(session);
            try
            {
                Run(token => waiter.WaitAsync(jobs.Select(j => j.Id).ToList(), poll, timeout, update => OnPipelineThread(() =>
                {
                    var job = update.Job;
                    var activity = $"Waiting for job '{names[job.Id]}'";
                    var record = new ProgressRecord(activityIds[job.Id], activity, update.Description) { PercentComplete = update.PercentComplete };
                    if (update.Settled || update.TimedOut || update.Error != null) record.RecordType = ProgressRecordType.Completed;
                    WriteProgress(record);
                    if (update.Settled)
                    {
                        WriteVerbose($"Job '{job.DisplayName}' ({job.Id}) is {job.Status}.");
                        onSettled(job);
                    }
                    else if (update.Error != null)
                    {
                        WriteError(ErrorRecords.From(update.Error, job));
                    }
                    else if (update.TimedOut)
                    {
                        WriteError(ErrorRecords.Create(ErrorIds.WaitTimedOut, ErrorCategory.OperationTimeout,
                            $"Job '{job.DisplayName}' ({job.Id}) is still {job.Status} after {timeout!.Value.TotalSeconds:0} s (-TimeoutSec). It goes on in the service; wait again with Wait-XtMigrationJob.", job));
                    }
                }), token));
            }
            finally
            {
                foreach (var pair in activityIds)
                    WriteProgress(new ProgressRecord(pair.Value, $"Waiting for job '{names[pair.Key]}'", "done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
