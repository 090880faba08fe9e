using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The jobs and everything that decides their state, behind one lock. State advances lazily: every
    /// <see cref="Run{T}"/> first applies, in time order, each transition that is due on the sandbox clock.
    /// </summary>
    internal sealed class JobStore
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, JobRecord> _jobs = new Dictionary<string, JobRecord>(StringComparer.OrdinalIgnoreCase);
        private readonly FailureRegistry _failures = new FailureRegistry();
        private readonly SandboxOptions _options;
        private readonly SandboxClock _clock;
        private readonly JobLifecycle _lifecycle;
        private long _sequence;
        private long _creates;

        public JobStore(SandboxOptions options, SandboxClock clock)
        {
            _options = options;
            _clock = clock;
            _lifecycle = new JobLifecycle(options, _failures);
        }

        /// <summary>The jobs; only inside <see cref="Run{T}"/>.</summary>
        public IEnumerable<JobRecord> Jobs => _jobs.Values;

        /// <summary>The simulated user failures; only inside <see cref="Run{T}"/>.</summary>
        public FailureRegistry Failures => _failures;

        /// <summary>Runs <paramref name="work"/> under the lock, after the transitions due at the clock's now.</summary>
        public T Run<T>(Func<DateTimeOffset, T> work)
        {
            lock (_gate)
            {
                var now = _clock.UtcNow;
                ApplyDueTransitions(now);
                return work(now);
            }
        }

        // A failure registered between two requests also applies to transitions that fell due before it (they are
        // applied lazily by the next request), so registering one does not apply the due transitions first.
        public void SetFailure(string userId, UserFailure failure)
        {
            lock (_gate)
            {
                _failures.Set(userId, failure);
            }
        }

        public bool ClearFailure(string userId)
        {
            lock (_gate)
            {
                return _failures.Clear(userId);
            }
        }

        /// <summary>A new job record with the next sequence number (not stored yet); only inside <see cref="Run{T}"/>.</summary>
        public JobRecord NewJob() => new JobRecord(Guid.NewGuid().ToString("D"), ++_sequence);

        /// <summary>Stores a created job and counts the create; only inside <see cref="Run{T}"/>.</summary>
        public void Add(JobRecord job)
        {
            _jobs[job.Id] = job;
            _creates++;
        }

        /// <summary>The job by id or displayName alternate key; 404 when there is none.</summary>
        public JobRecord Find(JobKey key)
        {
            if (key.DisplayName != null)
            {
                if (_options.RefuseAlternateKey)
                {
                    throw GraphErrorException.BadRequest("Resource not found for the segment 'crossTenantMigrationJobs'.");
                }

                return FindByName(key.DisplayName)
                    ?? throw GraphErrorException.NotFound($"The crossTenantMigrationJob with displayName '{key.DisplayName}' was not found.");
            }

            if (key.Id != null && Guid.TryParseExact(key.Id, "D", out var id) && _jobs.TryGetValue(id.ToString("D"), out var found))
            {
                return found;
            }

            throw GraphErrorException.NotFound($"The crossTenantMigrationJob with id '{key.Id}' was not found.");
        }

        /// <summary>The job with this display name (case-insensitive), pendingDelete jobs included.</summary>
        public JobRecord? FindByName(string displayName)
            => _jobs.Values.FirstOrDefault(j => string.Equals(j.DisplayName, displayName, StringComparison.OrdinalIgnoreCase));

        public static UserRecord FindUser(JobRecord job, string userId)
        {
            if (Guid.TryParseExact(userId, "D", out var id) && job.UsersById.TryGetValue(id.ToString("D"), out var user))
            {
                return user;
            }

            throw GraphErrorException.NotFound($"The user '{userId}' is not part of the crossTenantMigrationJob '{job.DisplayName}' ({job.Id}).");
        }

        /// <summary>
        /// The one-active-batch rule: 409 when one of <paramref name="userIds"/> is held by another active job. A user
        /// whose cancel is still pending (pendingCancel) is held until the cancel completes.
        /// </summary>
        public void EnsureUsersFree(IEnumerable<string> userIds, JobRecord? except, DateTimeOffset now)
        {
            var active = _jobs.Values.Where(j => j != except && !WireJobStatus.ReleasesUsers(j.Status)).OrderBy(j => j.Sequence).ToList();
            if (active.Count == 0)
            {
                return;
            }

            foreach (var id in userIds)
            {
                foreach (var other in active)
                {
                    if (other.UsersById.TryGetValue(id, out var held) && UserStatusRules.UserStatus(other, held, now, _options.Step) != WireJobStatus.Cancelled)
                    {
                        throw GraphErrorException.Conflict($"The user '{id}' is already in the active crossTenantMigrationJob '{other.DisplayName}' ({other.Id}, status {other.Status}). A user can be in only one active batch at a time.");
                    }
                }
            }
        }

        /// <summary>Jobs, display names held twice (always 0 unless the name rule broke) and creates, after due transitions.</summary>
        public (int Jobs, int DuplicateDisplayNames, long Creates) Snapshot()
            => Run(_ => (
                _jobs.Count,
                _jobs.Values.GroupBy(j => j.DisplayName, StringComparer.OrdinalIgnoreCase).Count(g => g.Count() > 1),
                _creates));

        public void ResetCounters()
        {
            lock (_gate)
            {
                _creates = 0;
            }
        }

        /// <summary>No jobs, no failures, counters at zero.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                _jobs.Clear();
                _failures.Reset();
                _sequence = 0;
                _creates = 0;
            }
        }

        private void ApplyDueTransitions(DateTimeOffset now)
        {
            List<string>? gone = null;
            foreach (var job in _jobs.Values)
            {
                while (true)
                {
                    var due = _lifecycle.NextDue(job);
                    if (!due.HasValue || due.Value > now)
                    {
                        break;
                    }

                    if (!_lifecycle.Transition(job, due.Value))
                    {
                        (gone ??= new List<string>()).Add(job.Id);
                        break;
                    }
                }
            }

            if (gone != null)
            {
                foreach (var id in gone)
                {
                    _jobs.Remove(id);
                }
            }
        }
    }
}
