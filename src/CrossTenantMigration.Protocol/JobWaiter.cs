using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>Time as a wait sees it: real time, or a test's.</summary>
    internal class WaitClock
    {
        public static readonly WaitClock Real = new WaitClock();

        /// <summary>A function that tells the time elapsed since this call.</summary>
        public virtual Func<TimeSpan> StartTimer()
        {
            var watch = Stopwatch.StartNew();
            return () => watch.Elapsed;
        }

        public virtual Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }

    /// <summary>
    /// Polls jobs until each settles (its phase ends, or it is cancelled), reporting every poll.
    /// One poll cycle asks for every unsettled job, so many jobs share one interval.
    /// </summary>
    public sealed class JobWaiter
    {
        private readonly IMigrationTransport _transport;
        private readonly WaitClock _clock;

        public JobWaiter(IMigrationTransport transport) : this(transport, WaitClock.Real) { }

        internal JobWaiter(IMigrationTransport transport, WaitClock clock)
        {
            _transport = transport;
            _clock = clock;
        }

        /// <param name="onUpdate">
        /// Called after each poll of each job; a job's last update has <see cref="JobWaitUpdate.Ended"/> set:
        /// it settled, needs an administrator, could not be read, or the time ran out.
        /// </param>
        public async Task WaitAsync(IReadOnlyList<string> jobIds, TimeSpan pollInterval, TimeSpan? timeout,
            Action<JobWaitUpdate> onUpdate, CancellationToken cancellationToken)
        {
            var elapsed = _clock.StartTimer();
            var pending = jobIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var last = new Dictionary<string, MigrationJob>(StringComparer.OrdinalIgnoreCase);
            var toldUnknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                foreach (var id in pending.ToList())
                {
                    var update = await PollAsync(id, last, toldUnknown, cancellationToken).ConfigureAwait(false);
                    onUpdate(update);
                    if (update.Ended) pending.Remove(id);
                }
                if (pending.Count == 0) return;

                var delay = pollInterval;
                if (timeout.HasValue)
                {
                    var remaining = timeout.Value - elapsed();
                    if (remaining <= TimeSpan.Zero)
                    {
                        foreach (var id in pending)
                            onUpdate(new JobWaitUpdate(last[id], PercentOf(last[id]), Describe(last[id]), WaitState.TimedOut));
                        return;
                    }
                    if (remaining < delay) delay = remaining; // look once more at the deadline
                }
                await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<JobWaitUpdate> PollAsync(string id, Dictionary<string, MigrationJob> last, HashSet<string> toldUnknown, CancellationToken cancellationToken)
        {
            MigrationJob job;
            try
            {
                job = await _transport.GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException ex) when (ex.Kind == FailureKind.NotFound)
            {
                var known = last.TryGetValue(id, out var seen) ? seen : new MigrationJob { Id = id, DisplayName = id };
                return new JobWaitUpdate(known, PercentOf(known), "no longer exists", WaitState.Failed, ex);
            }
            last[id] = job;
            if (JobStatus.IsIn(job.Status, JobStatus.Settled)) return new JobWaitUpdate(job, 100, Describe(job), WaitState.Settled);
            if (JobStatus.IsIn(job.Status, JobStatus.NeedsAdministrator)) return new JobWaitUpdate(job, PercentOf(job), Describe(job), WaitState.NeedsAdministrator);
            // A status nobody documented is told once, and waited on like a running one.
            var firstUnknown = !JobStatus.IsKnown(job.Status) && toldUnknown.Add(id);
            return new JobWaitUpdate(job, PercentOf(job), Describe(job), WaitState.Waiting, firstUnknownStatus: firstUnknown);
        }

        /// <summary>How far a job is through its current phase, from its status alone.</summary>
        public static int PercentOf(MigrationJob job)
        {
            switch (job.Status)
            {
                case JobStatus.Submitted: return 0;
                case JobStatus.ValidateSubmitted: return 10;
                case JobStatus.ValidateProcessing: return 30;
                case JobStatus.ValidateInProgress: return 60;
                case JobStatus.Processing: return 10;
                case JobStatus.InProgress: return 40;
                case JobStatus.CuttingOver: return 80;
                case JobStatus.PendingCancel: return 50;
                case JobStatus.PendingDelete: return 50;
                case JobStatus.Approved: return 5;
                default: return JobStatus.IsIn(job.Status, JobStatus.Settled) ? 100 : 0;
            }
        }

        public static string Describe(MigrationJob job)
        {
            switch (job.Status)
            {
                case JobStatus.Submitted: return "submitted: waiting for validation to be started";
                case JobStatus.ValidateSubmitted: return "validateSubmitted: validation queued";
                case JobStatus.ValidateProcessing: return "validateProcessing: validation being set up";
                case JobStatus.ValidateInProgress: return "validateInProgress: checking each user's prerequisites";
                case JobStatus.Processing: return "processing: migration being set up";
                case JobStatus.InProgress:
                    return job.CompleteAfterDateTime.HasValue
                        ? $"inProgress: syncing; cutover after {job.CompleteAfterDateTime.Value.ToLocalTime():g}"
                        : "inProgress: syncing";
                case JobStatus.CuttingOver: return "cuttingOver: users are being cut over";
                case JobStatus.PendingCancel: return "pendingCancel: being cancelled";
                case JobStatus.PendingDelete: return "pendingDelete: being deleted";
                case JobStatus.Approved: return "approved: migration about to start";
                case JobStatus.AdminActionRequired: return "adminActionRequired: an administrator must act in the Microsoft 365 admin center";
                case null: return "unknown: a status this module does not know";
                default: return job.Status ?? "unknown";
            }
        }
    }
}
