using System;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>One user's task in a job, with one status per workload.</summary>
    public sealed class MigrationUser
    {
        public string Id { get; set; } = "";
        public string JobId { get; set; } = "";

        /// <summary>The user's name in the target tenant's directory, when it was looked up (-ResolveUserName); else null.</summary>
        public string? UserPrincipalName { get; set; }

        /// <summary>The user's display name in the target tenant's directory, when it was looked up; else null.</summary>
        public string? DisplayName { get; set; }
        public string? TaskType { get; set; }
        public DateTimeOffset? LastUpdatedDateTime { get; set; }
        public string? ExchangeStatus => StatusOf(Workload.Exchange);
        public string? ODSPStatus => StatusOf(Workload.ODSP);
        public string? TeamsStatus => StatusOf(Workload.Teams);
        public string? MeetingStatus => StatusOf(Workload.Meeting);
        public MigrationWorkloadStatus[] Workloads { get; set; } = Array.Empty<MigrationWorkloadStatus>();
        public MigrationUserError[] Errors => Workloads.SelectMany(w => w.Errors).ToArray();

        /// <summary>The first non-empty workload message.</summary>
        public string? Message => Workloads.Select(w => w.Message).FirstOrDefault(m => !string.IsNullOrEmpty(m));

        private string? StatusOf(string workload) =>
            Workloads.FirstOrDefault(w => string.Equals(w.Workload, workload, StringComparison.OrdinalIgnoreCase))?.Status;

        public override string ToString() => Id;
    }

    public sealed class MigrationWorkloadStatus
    {
        public string Workload { get; set; } = "";
        public string? Status { get; set; }
        public string? Message { get; set; }
        public MigrationUserError[] Errors { get; set; } = Array.Empty<MigrationUserError>();
    }

    /// <summary>One error the service reports for a user in one workload.</summary>
    public sealed class MigrationUserError
    {
        public string Workload { get; set; } = "";
        public string? Code { get; set; }
        public string? Message { get; set; }

        // Derived from Code on every read, so they cannot disagree with it.

        /// <summary>What the administrator should do; see <see cref="UserErrorRemedies.For"/> for unknown and missing codes.</summary>
        public string Remedy => UserErrorRemedies.For(Code).Text;

        /// <summary>Microsoft's page for the code (the section that lists it, or the whole list).</summary>
        public string HelpUri => UserErrorRemedies.For(Code).HelpUri;

        public override string ToString() => $"{Workload}: {Code} {Message}".Trim();
    }

    /// <summary>The service's answer to a cancel request.</summary>
    public sealed class MigrationCancelResult
    {
        public string JobId { get; set; } = "";
        public string? UserId { get; set; }
        public string? Status { get; set; }
        public string? Message { get; set; }
    }
}
