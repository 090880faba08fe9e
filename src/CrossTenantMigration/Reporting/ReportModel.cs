using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Reporting
{
    /// <summary>What the report says about where it comes from.</summary>
    internal sealed class ReportHeader
    {
        public DateTimeOffset GeneratedAt { get; set; }
        public string? TenantId { get; set; }
        public string ApiVersion { get; set; } = "";
        public string Endpoint { get; set; } = "";
    }

    /// <summary>How a workload of a user stands, in the five words a reader needs (and cancelled).</summary>
    internal enum Progress
    {
        Completed,
        InProgress,
        Failed,
        Invalid,
        NotStarted,
        Cancelled,
    }

    /// <summary>Maps the service's workload statuses onto <see cref="Progress"/>, with the label and symbol each is shown by.</summary>
    internal static class ProgressOf
    {
        public static readonly Progress[] All = { Progress.Completed, Progress.InProgress, Progress.Failed, Progress.Invalid, Progress.NotStarted, Progress.Cancelled };

        public static Progress Status(string? status)
        {
            switch (WorkloadStatus.Normalize(status))
            {
                case WorkloadStatus.Completed: return Progress.Completed;
                case WorkloadStatus.Failed:
                case WorkloadStatus.Error: return Progress.Failed;
                case WorkloadStatus.Invalid: return Progress.Invalid;
                case WorkloadStatus.Cancelled:
                case WorkloadStatus.PendingCancel: return Progress.Cancelled;
                case WorkloadStatus.NotStarted:
                case WorkloadStatus.Valid:
                case null: return Progress.NotStarted;
                default: return Progress.InProgress;
            }
        }

        public static string Label(Progress progress)
        {
            switch (progress)
            {
                case Progress.Completed: return "Completed";
                case Progress.InProgress: return "In progress";
                case Progress.Failed: return "Failed";
                case Progress.Invalid: return "Invalid";
                case Progress.Cancelled: return "Cancelled";
                default: return "Not started";
            }
        }

        /// <summary>A symbol for each, so that nobody needs the colours to tell them apart.</summary>
        public static string Symbol(Progress progress)
        {
            switch (progress)
            {
                case Progress.Completed: return "\u2714"; // heavy check mark
                case Progress.InProgress: return "\u25D0"; // circle with left half black
                case Progress.Failed: return "\u2716"; // heavy multiplication x
                case Progress.Invalid: return "\u26A0"; // warning sign
                case Progress.Cancelled: return "\u2298"; // circled division slash
                default: return "\u25CB"; // white circle
            }
        }
    }

    /// <summary>The counts of one workload across the report's users.</summary>
    internal sealed class WorkloadTally
    {
        private readonly int[] _counts = new int[ProgressOf.All.Length];

        public WorkloadTally(string workload) => Workload = workload;

        public string Workload { get; }
        public int Total => _counts.Sum();
        public int this[Progress progress] => _counts[(int)progress];
        public void Add(Progress progress) => _counts[(int)progress]++;
    }

    /// <summary>One row of the report: a user of a job, with each workload's status and the first error.</summary>
    internal sealed class UserRow
    {
        public UserRow(MigrationJob job, MigrationUser user)
        {
            JobName = job.DisplayName;
            JobId = job.Id;
            UserId = user.Id;
            ExchangeStatus = user.ExchangeStatus;
            ODSPStatus = user.ODSPStatus;
            TeamsStatus = user.TeamsStatus;
            MeetingStatus = user.MeetingStatus;
            var error = user.Errors.FirstOrDefault();
            ErrorWorkload = error?.Workload;
            ErrorCode = error?.Code;
            ErrorMessage = error?.Message ?? (Failing(user) ? user.Message : null);
        }

        public string JobName { get; }
        public string JobId { get; }
        public string UserId { get; }
        public string? ExchangeStatus { get; }
        public string? ODSPStatus { get; }
        public string? TeamsStatus { get; }
        public string? MeetingStatus { get; }
        public string? ErrorWorkload { get; }
        public string? ErrorCode { get; }
        public string? ErrorMessage { get; }

        /// <summary>The workloads that failed or are invalid, with why.</summary>
        public static IEnumerable<MigrationWorkloadStatus> Failures(MigrationUser user) =>
            user.Workloads.Where(w => ProgressOf.Status(w.Status) == Progress.Failed || ProgressOf.Status(w.Status) == Progress.Invalid);

        private static bool Failing(MigrationUser user) => Failures(user).Any();
    }
}
