using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    /// <summary>What cmdlets that act on jobs share: waiting with progress.</summary>
    public abstract class JobCmdlet : XtCmdlet
    {
        protected const string ByIdSet = "ById";
        protected const string ByDisplayNameSet = "ByDisplayName";
        private static readonly string[] InformationTags = { "CrossTenantMigration", "JobStatus" };

        /// <summary>
        /// Waits for the jobs to settle, showing one progress bar per job (in a host nobody watches, one
        /// Information record per status change instead), and calls <paramref name="onSettled"/> on the
        /// pipeline thread as each one does, or in the jobs' order with <paramref name="ordered"/>. A job
        /// that needs an administrator ends its wait at once, with a warning, and is written too: waiting
        /// longer is no use. A job that does not settle in time gets a non-terminating WaitTimedOut error.
        /// </summary>
        /// <param name="concurrency">At most this many reads under way at once.</param>
        protected void WaitForJobs(MigrationClient client, IReadOnlyList<MigrationJob> jobs, double? timeoutSec, double? pollIntervalSec,
            Action<MigrationJob> onSettled, int concurrency = 4, bool ordered = false)
        {
            if (jobs.Count == 0) return;
            var distinct = jobs.GroupBy(j => j.Id, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
            var activityIds = distinct.Select((job, index) => (job.Id, index)).ToDictionary(p => p.Id, p => p.index + 1, StringComparer.OrdinalIgnoreCase);
            var names = distinct.ToDictionary(j => j.Id, j => j.DisplayName, StringComparer.OrdinalIgnoreCase);
            var poll = pollIntervalSec.HasValue ? TimeSpan.FromSeconds(pollIntervalSec.Value) : client.DefaultPollInterval;
            var timeout = timeoutSec.HasValue ? TimeSpan.FromSeconds(timeoutSec.Value) : (TimeSpan?)null;
            var interactive = HostKind.IsInteractive(Host);
            var lastStatus = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var inOrder = new OrderedWrites(distinct.Select(j => j.Id), onSettled);
            try
            {
                Run(token => client.Waiter.WaitAsync(distinct.Select(j => j.Id).ToList(), poll, timeout, update => OnPipelineThread(() =>
                {
                    var job = update.Job;
                    if (!string.IsNullOrEmpty(job.DisplayName)) names[job.Id] = job.DisplayName; // known once read
                    if (interactive) WriteProgressOf(activityIds[job.Id], names[job.Id], update);
                    else if (!lastStatus.TryGetValue(job.Id, out var seen) || seen != job.Status)
                    {
                        lastStatus[job.Id] = job.Status;
                        WriteInformation($"Job '{job.DisplayName}' ({job.Id}): {update.Description}", InformationTags);
                    }
                    if (update.FirstPollFailure)
                        WriteWarning($"Job '{names[job.Id]}' ({job.Id}) could not be read: {update.Error!.Message} The wait goes on (until -TimeoutSec, if given); this is told once per job.");
                    if (update.FirstUnknownStatus)
                        WriteWarning($"Job '{job.DisplayName}' ({job.Id}) is in a status this module does not know; it is waited on like a running job.");
                    var written = update.State == WaitState.Settled || update.State == WaitState.NeedsAdministrator ? job : null;
                    switch (update.State)
                    {
                        case WaitState.Settled:
                            WriteVerbose($"Job '{job.DisplayName}' ({job.Id}) is {job.Status}.");
                            break;
                        case WaitState.NeedsAdministrator:
                            WriteWarning($"Job '{job.DisplayName}' ({job.Id}) is {job.Status}: an administrator must act on it in the Microsoft 365 admin center (Migration) before it can go on. {job.Message}".TrimEnd());
                            break;
                        case WaitState.Failed: Write(update.Error!, job); break;
                        case WaitState.TimedOut: Write(new WaitTimedOutException(job, timeout!.Value)); break;
                        default: return;
                    }
                    if (ordered) inOrder.Ended(job.Id, written);
                    else if (written != null) onSettled(written);
                }), token, concurrency));
            }
            finally
            {
                if (interactive)
                    foreach (var pair in activityIds)
                        WriteProgress(new ProgressRecord(pair.Value, $"Waiting for job '{names[pair.Key]}'", "done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>Writes ended jobs in a given order: each as soon as every job before it has ended.</summary>
        private sealed class OrderedWrites
        {
            private readonly Queue<string> _order;
            private readonly Dictionary<string, MigrationJob?> _ended = new Dictionary<string, MigrationJob?>(StringComparer.OrdinalIgnoreCase);
            private readonly Action<MigrationJob> _write;

            public OrderedWrites(IEnumerable<string> order, Action<MigrationJob> write)
            {
                _order = new Queue<string>(order);
                _write = write;
            }

            /// <param name="job">The job to write, or null for one that ended without (timed out, gone).</param>
            public void Ended(string id, MigrationJob? job)
            {
                _ended[id] = job;
                while (_order.Count > 0 && _ended.TryGetValue(_order.Peek(), out var next))
                {
                    _order.Dequeue();
                    if (next != null) _write(next);
                }
            }
        }

        private void WriteProgressOf(int activityId, string name, JobWaitUpdate update)
        {
            var record = new ProgressRecord(activityId, $"Waiting for job '{name}'", update.Description) { PercentComplete = update.PercentComplete };
            if (update.Ended) record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
        }
    }
}
