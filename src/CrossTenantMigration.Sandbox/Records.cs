using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Sandbox
{
    internal sealed class ErrorEntry
    {
        public ErrorEntry(string code, string message)
        {
            Code = code;
            Message = message;
        }

        public string Code { get; }
        public string Message { get; }
    }

    /// <summary>Outcome of one workload of one user in the last validation or migration run.</summary>
    internal sealed class WorkloadOutcome
    {
        public WorkloadOutcome(string message, ErrorEntry error)
        {
            Message = message;
            Error = error;
        }

        public string Message { get; }
        public ErrorEntry Error { get; }
    }

    internal sealed class UserRecord
    {
        public UserRecord(string id, int index, DateTimeOffset created)
        {
            Id = id;
            Index = index;
            LastUpdated = created;
        }

        public string Id { get; }
        public int Index { get; }
        public DateTimeOffset LastUpdated { get; set; }

        /// <summary>When a cancel (of the user or of the whole job) was accepted for this user.</summary>
        public DateTimeOffset? CancelRequestedAt { get; set; }

        /// <summary>Invalid workloads of the last validation run.</summary>
        public Dictionary<string, WorkloadOutcome> ValidationFailures { get; } = new Dictionary<string, WorkloadOutcome>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Failed workloads of the last migration run (all of them when the user failed).</summary>
        public Dictionary<string, WorkloadOutcome> MigrationFailures { get; } = new Dictionary<string, WorkloadOutcome>(StringComparer.OrdinalIgnoreCase);

        /// <summary>True once a migration run has completed this user; kept across retries.</summary>
        public bool MigrationCompleted { get; set; }

        public bool IsCancelled => CancelRequestedAt.HasValue;
    }

    internal sealed class ExchangeSettingsRecord
    {
        public string? TargetDeliveryDomain { get; set; }
        public string? SourceEndpoint { get; set; }
    }

    internal sealed class JobRecord
    {
        public JobRecord(string id, long sequence)
        {
            Id = id;
            Sequence = sequence;
        }

        public string Id { get; }
        public long Sequence { get; }
        public string DisplayName { get; set; } = "";
        public string Status { get; set; } = WireJobStatus.Submitted;
        public string JobType { get; set; } = "validate";
        public string Message { get; set; } = "";
        public DateTimeOffset CompleteAfter { get; set; }

        /// <summary>When completeAfterDateTime was last written (create or PATCH): a past value is due from this moment on.</summary>
        public DateTimeOffset CompleteAfterSetAt { get; set; }

        public string SourceTenantId { get; set; } = "";
        public string TargetTenantId { get; set; } = "";
        public ExchangeSettingsRecord? ExchangeSettings { get; set; }
        /// <summary>The workloads the job migrates (named, or all three when none was).</summary>
        public List<string> Workloads { get; } = new List<string>();

        /// <summary>The workloads each user's status reports on: Teams meetings come with Teams.</summary>
        public IEnumerable<string> ReportedWorkloads =>
            Workloads.Contains(WireWorkload.Teams) ? Workloads.Concat(new[] { WireWorkload.Meeting }) : Workloads;
        public string ResourceType { get; set; } = "Users";
        public List<UserRecord> Users { get; } = new List<UserRecord>();
        public Dictionary<string, UserRecord> UsersById { get; } = new Dictionary<string, UserRecord>(StringComparer.OrdinalIgnoreCase);
        public string CreatedByObjectId { get; set; } = "";
        public string CreatedByName { get; set; } = "";
        public DateTimeOffset Created { get; set; }
        public DateTimeOffset LastUpdated { get; set; }

        /// <summary>When the current status was entered (virtual time).</summary>
        public DateTimeOffset StatusEnteredAt { get; set; }

        public DateTimeOffset? ValidatePassedAt { get; set; }

        /// <summary>The status the job had when DELETE was accepted.</summary>
        public string? StatusBeforeDelete { get; set; }
    }
}
