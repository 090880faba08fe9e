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
    /// Polls jobs until each settles (its phase ends, or it is cancelled), reporting every poll. One poll
    /// cycle reads every unsettled job: from the job list where its pages are fewer than the jobs, else
    /// one request each, at most a given number at once.
    /// </summary>
    public sealed class JobWaiter
    {
        private readonly IMigrationTransport _transport;
        private readonly WaitClock _clock;
        // Set once the list took as many pages as reading each job would: then each job is read on its own.
        private bool _listAbandoned;

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
        /// <param name="concurrency">At most this many single-job reads under way at once.</param>
        public async Task WaitAsync(IReadOnlyList<string> jobIds, TimeSpan pollInterval, TimeSpan? timeout,
            Action<JobWaitUpdate> onUpdate, CancellationToken cancellationToken, int concurrency = 4)
        {
            var elapsed = _clock.StartTimer();
            var pending = jobIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var last = new Dictionary<string, MigrationJob>(StringComparer.OrdinalIgnoreCase);
            var toldUnknown = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var toldPollFailure = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            MigrationJob LastSeen(string id) => last.TryGetValue(id, out var seen) ? seen : new MigrationJob { Id = id, DisplayName = id };
            while (true)
            {
                var listed = await ReadListAsync(pending, cancellationToken).ConfigureAwait(false);
                var read = await ReadEachAsync(listed == null ? pending : pending.Where(id => !listed.ContainsKey(id)).ToList(), concurrency, cancellationToken).ConfigureAwait(false);
                foreach (var id in pending.ToList())
                {
                    var update = listed != null && listed.TryGetValue(id, out var job)
                        ? Update(id, job, last, toldUnknown)
                        : Update(id, read[id], LastSeen(id), last, toldUnknown, toldPollFailure);
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
                        {
                            var job = LastSeen(id);
                            onUpdate(new JobWaitUpdate(job, PercentOf(job), Describe(job), WaitState.TimedOut));
                        }
                        return;
                    }
                    if (remaining < delay) delay = remaining; // look once more at the deadline
                }
                await _clock.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The jobs to read, from the job list: the service lists the newest first, so a wave's jobs are
        /// usually on its first pages, and paging stops once every job has been seen. Paging also stops
        /// before it costs as many requests as reading each job; then the list is not tried again, and the
        /// jobs it did not show are read on their own. Null when reading each job is as cheap (one job).
        /// </summary>
        private async Task<Dictionary<string, MigrationJob>?> ReadListAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        {
            if (ids.Count < 2 || _listAbandoned) return null;
            var wanted = new HashSet<string>(ids, StringComparer.OrdinalIgnoreCase);
            var listed = new Dictionary<string, MigrationJob>(StringComparer.OrdinalIgnoreCase);
            int pages = 0;
            try
            {
                var ended = await _transport.ListJobPagesAsync(page =>
                {
                    pages++;
                    foreach (var job in page)
                        if (wanted.Remove(job.Id)) listed[job.Id] = job;
                    return wanted.Count > 0 && pages < ids.Count - 1;
                }, cancellationToken).ConfigureAwait(false);
                if (!ended && wanted.Count > 0) _listAbandoned = true;
            }
            catch (ServiceException ex)
            {
                // The list failed after its retries: this cycle reads the jobs it did not show on their own. A list the
                // module refuses (an untrusted or malformed page) is not asked again.
                if (!IsPassing(ex.Kind)) _listAbandoned = true;
            }
            return listed;
        }

        /// <summary>
        /// Each job on its own, at most <paramref name="concurrency"/> at once: the job, or why it could not be read
        /// (after the transport's retries). A failed read ends nothing here: the update made of it decides.
        /// </summary>
        private async Task<Dictionary<string, object>> ReadEachAsync(IReadOnlyList<string> ids, int concurrency, CancellationToken cancellationToken)
        {
            var results = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            using (var gate = new SemaphoreSlim(Math.Max(1, concurrency)))
            {
                var reads = ids.Select(async id =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        return (id, (object)await _transport.GetJobAsync(id, cancellationToken).ConfigureAwait(false));
                    }
                    catch (ServiceException ex)
                    {
                        return (id, (object)ex);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }).ToList();
                foreach (var (id, result) in await Task.WhenAll(reads).ConfigureAwait(false)) results[id] = result;
            }
            return results;
        }

        /// <summary>
        /// A job read on its own, or why it could not be: a job that is gone (404) ends its own wait; any other failure
        /// (after the transport's retries) is told once per job, and the wait goes on, so a bad minute of the service
        /// never ends a wait of days.
        /// </summary>
        private static JobWaitUpdate Update(string id, object read, MigrationJob lastSeen, Dictionary<string, MigrationJob> last,
            HashSet<string> toldUnknown, HashSet<string> toldPollFailure)
        {
            if (read is ServiceException failure)
            {
                if (failure.Kind == FailureKind.NotFound)
                    return new JobWaitUpdate(lastSeen, PercentOf(lastSeen), "no longer exists", WaitState.Failed, failure);
                return new JobWaitUpdate(lastSeen, PercentOf(lastSeen), Describe(lastSeen), WaitState.Waiting, failure,
                    firstPollFailure: toldPollFailure.Add(id));
            }
            return Update(id, (MigrationJob)read, last, toldUnknown);
        }

        private static JobWaitUpdate Update(string id, MigrationJob job, Dictionary<string, MigrationJob> last, HashSet<string> toldUnknown)
        {
            last[id] = job;
            if (JobStatus.IsIn(job.Status, JobStatus.Settled)) return new JobWaitUpdate(job, 100, Describe(job), WaitState.Settled);
            if (JobStatus.IsIn(job.Status, JobStatus.NeedsAdministrator)) return new JobWaitUpdate(job, PercentOf(job), Describe(job), WaitState.NeedsAdministrator);
            // A status nobody documented is told once, and waited on like a running one.
            var firstUnknown = !JobStatus.IsKnown(job.Status) && toldUnknown.Add(id);
            return new JobWaitUpdate(job, PercentOf(job), Describe(job), WaitState.Waiting, firstUnknownStatus: firstUnknown);
        }

        private static bool IsPassing(FailureKind kind) =>
            kind == FailureKind.Unavailable || kind == FailureKind.Throttled || kind == FailureKind.Connection || kind == FailureKind.Timeout;

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
