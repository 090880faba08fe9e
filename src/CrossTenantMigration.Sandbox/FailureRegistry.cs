using System;
using System.Linq;
using System.Collections.Generic;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// Simulated user failures: the ones registered by SetUserFailure, then the ones of the settings (FailValidation,
    /// FailMigration), then the id conventions (bad0… fails validation, fa11… fails migration). Not thread-safe: the job
    /// store calls it under its lock.
    /// </summary>
    internal sealed class FailureRegistry
    {
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);

        public void Set(string userId, UserFailure failure) => _entries[Normalize(userId)] = new Entry(failure);

        public bool Clear(string userId) => _entries.Remove(Normalize(userId));

        /// <summary>The failures of the settings: users by phase, and what they carry.</summary>
        public SteeredFailures Steered { get; private set; } = new SteeredFailures();

        public void Reset()
        {
            _entries.Clear();
            Steered = new SteeredFailures();
        }

        internal static string Normalize(string userId)
            => Guid.TryParse(userId.Trim(), out var id) ? id.ToString("D") : userId.Trim();

        /// <summary>The simulated failure of a user in a phase: a registered one, else the id conventions (bad0…, fa11…).</summary>
        public WorkloadOutcome? Find(JobRecord job, UserRecord user, FailurePhase phase, out string workload)
        {
            string defaultWorkload = job.Workloads.Contains(WireWorkload.Exchange) ? WireWorkload.Exchange : job.Workloads[0];
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

            if (Steered.Fails(user.Id, phase))
            {
                string target = Steered.Workload ?? defaultWorkload;
                if (job.ReportedWorkloads.Contains(target))
                {
                    workload = target;
                    var documented = Documented(phase, target);
                    string code = Steered.Code ?? documented.Code;
                    string message = Steered.Message ?? (Steered.Code != null ? "Simulated failure." : documented.Message);
                    return new WorkloadOutcome(message, new ErrorEntry(code, message));
                }
            }

            bool byConvention = phase == FailurePhase.Validate
                ? user.Id.StartsWith("bad0", StringComparison.OrdinalIgnoreCase)
                : user.Id.StartsWith("fa11", StringComparison.OrdinalIgnoreCase);
            if (byConvention)
            {
                var documented = Documented(phase, defaultWorkload);
                return new WorkloadOutcome(documented.Message, documented);
            }

            return null;
        }

        private static ErrorEntry Documented(FailurePhase phase, string workload)
            => phase == FailurePhase.Validate ? DocumentedFailures.Validation : DocumentedFailures.Migration(workload);

        private sealed class Entry
        {
            public Entry(UserFailure failure)
            {
                Phase = failure.Phase;
                Workload = failure.Workload == null ? null : WireWorkload.Canonical(failure.Workload);
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

    /// <summary>The users that the settings make fail, and what their status carries.</summary>
    internal sealed class SteeredFailures
    {
        public HashSet<string> Validate { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Migrate { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Null: Exchange when the job migrates it, else the job's first workload.</summary>
        public string? Workload { get; set; }

        /// <summary>Null: the documented code for the phase and the workload (<see cref="DocumentedFailures"/>).</summary>
        public string? Code { get; set; }

        /// <summary>Null: the message that goes with the code.</summary>
        public string? Message { get; set; }

        public bool Fails(string userId, FailurePhase phase) => (phase == FailurePhase.Validate ? Validate : Migrate).Contains(userId);

        /// <summary>Replaces the users of a phase.</summary>
        public void SetUsers(FailurePhase phase, IEnumerable<string> userIds)
        {
            var users = phase == FailurePhase.Validate ? Validate : Migrate;
            users.Clear();
            foreach (var id in userIds)
            {
                users.Add(FailureRegistry.Normalize(id));
            }
        }
    }
}
