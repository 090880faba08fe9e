using System;
using System.Linq;
using System.Collections.Generic;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// Simulated user failures: the ones registered by SetUserFailure, then the id conventions (bad0… fails
    /// validation, fa11… fails migration). Not thread-safe: the job store calls it under its lock.
    /// </summary>
    internal sealed class FailureRegistry
    {
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);

        public void Set(string userId, UserFailure failure) => _entries[Normalize(userId)] = new Entry(failure);

        public bool Clear(string userId) => _entries.Remove(Normalize(userId));

        public void Reset() => _entries.Clear();

        private static string Normalize(string userId)
            => Guid.TryParse(userId.Trim(), out var id) ? id.ToString("D") : userId.Trim();

        /// <summary>The simulated failure of a user in a phase: a registered one, else the id conventions (bad0…, fa11…).</summary>
        public WorkloadOutcome? Find(JobRecord job, UserRecord user, FailurePhase phase, out string workload)
        {
            string defaultWorkload = job.Workloads.Contains(Workloads.Exchange) ? Workloads.Exchange : job.Workloads[0];
            workload = defaultWorkload;
            if (_entries.TryGetValue(user.Id, out var entry) && entry.Phase == phase)
            {
                string target = entry.Workload ?? defaultWorkload;
                bool applies = job.ReportedWorkloads.Contains(target) && (!entry.Remaining.HasValue || entry.Remaining.Value > 0);
                if (applies)
                {
                    if (entry.Remaining.HasValue)
                    {
                        entry.Remaining = entry.Remaining.Value - 1;
                    }

                    workload = target;
                    return new WorkloadOutcome(entry.Message, new ErrorEntry(entry.Code, entry.Message));
                }
            }

            if (phase == FailurePhase.Validate && user.Id.StartsWith("bad0", StringComparison.OrdinalIgnoreCase))
            {
                const string message = "The target MailUser for this user was not found or is not eligible for cross-tenant migration.";
                return new WorkloadOutcome(message, new ErrorEntry("TargetUserNotEligible", message));
            }

            if (phase == FailurePhase.Migrate && user.Id.StartsWith("fa11", StringComparison.OrdinalIgnoreCase))
            {
                const string message = "Mailbox move failed.";
                return new WorkloadOutcome(message, new ErrorEntry("MailboxMoveFailed", message));
            }

            return null;
        }

        private sealed class Entry
        {
            public Entry(UserFailure failure)
            {
                Phase = failure.Phase;
                Workload = failure.Workload == null ? null : Workloads.Canonical(failure.Workload);
                Code = failure.Code;
                Message = failure.Message;
                Remaining = failure.Times;
            }

            public FailurePhase Phase { get; }
            public string? Workload { get; }
            public string Code { get; }
            public string Message { get; }
            public int? Remaining { get; set; }
        }
    }
}
