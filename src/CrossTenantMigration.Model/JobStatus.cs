using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>The service's job statuses (wire spelling) and what each allows.</summary>
    public static class JobStatus
    {
        public const string Submitted = "submitted";
        public const string Approved = "approved";
        public const string Processing = "processing";
        public const string CuttingOver = "cuttingOver";
        public const string InProgress = "inProgress";
        public const string Completed = "completed";
        public const string CompletedWithErrors = "completedWithErrors";
        public const string Failed = "failed";
        public const string Cancelled = "cancelled";
        public const string PendingCancel = "pendingCancel";
        public const string AdminActionRequired = "adminActionRequired";
        public const string ValidateSubmitted = "validateSubmitted";
        public const string ValidateProcessing = "validateProcessing";
        public const string ValidateInProgress = "validateInProgress";
        public const string ValidatePassed = "validatePassed";
        public const string ValidateFailed = "validateFailed";
        public const string PendingDelete = "pendingDelete";
        public const string Deleted = "deleted";
        public const string UnknownFutureValue = "unknownFutureValue";

        public static IReadOnlyList<string> All { get; } = new[]
        {
            Submitted, Approved, Processing, CuttingOver, InProgress, Completed, CompletedWithErrors, Failed,
            Cancelled, PendingCancel, AdminActionRequired, ValidateSubmitted, ValidateProcessing,
            ValidateInProgress, ValidatePassed, ValidateFailed, PendingDelete, Deleted,
        };

        /// <summary>Statuses from which the validate action is accepted.</summary>
        public static IReadOnlyList<string> Validatable { get; } = new[] { Submitted, ValidateFailed };

        /// <summary>Statuses from which the migrate action is accepted.</summary>
        public static IReadOnlyList<string> Migratable { get; } = new[] { ValidatePassed, Failed, CompletedWithErrors };

        /// <summary>Statuses in which a job is deletable (terminal for its phase).</summary>
        public static IReadOnlyList<string> Deletable { get; } = new[] { ValidatePassed, ValidateFailed, Completed, CompletedWithErrors, Failed, Cancelled };

        /// <summary>Statuses from which the cancel action is accepted (before cutover).</summary>
        public static IReadOnlyList<string> Cancellable { get; } = new[]
        {
            Submitted, ValidateSubmitted, ValidateProcessing, ValidateInProgress, ValidatePassed, ValidateFailed, Processing, InProgress,
        };

        /// <summary>Validation is running: asking for it again would change nothing.</summary>
        public static IReadOnlyList<string> ValidationRunning { get; } = new[] { ValidateSubmitted, ValidateProcessing, ValidateInProgress };

        /// <summary>Migration was started, or has completed: asking for it again would change nothing.</summary>
        public static IReadOnlyList<string> MigrationUnderWay { get; } = new[] { Processing, InProgress, CuttingOver, Completed };

        /// <summary>The job is being, or has been, cancelled.</summary>
        public static IReadOnlyList<string> CancellationUnderWay { get; } = new[] { PendingCancel, Cancelled };

        /// <summary>The job is being, or has been, deleted.</summary>
        public static IReadOnlyList<string> DeletionUnderWay { get; } = new[] { PendingDelete, Deleted };

        /// <summary>The job waits for an administrator to act in the Microsoft 365 admin center: a wait ends there.</summary>
        public static IReadOnlyList<string> NeedsAdministrator { get; } = new[] { AdminActionRequired };

        /// <summary>How long a passed validation stays good for migrate (documented: seven days).</summary>
        public static readonly TimeSpan ValidationValidity = TimeSpan.FromDays(7);

        /// <summary>
        /// Whether a validatePassed job's results have expired by the service's clock. The job last
        /// changed when its validation passed, unless it was rescheduled since: then it looks younger
        /// than it is, and the service's refusal to migrate it says so.
        /// </summary>
        public static bool ValidationExpired(MigrationJob job, DateTimeOffset serviceNow) =>
            job.Status == ValidatePassed && job.LastUpdatedDateTime.HasValue && serviceNow - job.LastUpdatedDateTime.Value >= ValidationValidity;

        /// <summary>Whether the status is one the service documents (an unknown one reads as null).</summary>
        public static bool IsKnown(string? status) => status != null && All.Contains(status, StringComparer.OrdinalIgnoreCase);

        /// <summary>Statuses where a job waits for nobody: each phase's end, cancellation and deletion.</summary>
        public static IReadOnlyList<string> Settled { get; } = new[] { ValidatePassed, ValidateFailed, Completed, CompletedWithErrors, Failed, Cancelled, Deleted };

        /// <summary>The documented spelling of <paramref name="status"/>, or null when it is not a status.</summary>
        public static string? Normalize(string? status) =>
            All.FirstOrDefault(s => string.Equals(s, status?.Trim(), StringComparison.OrdinalIgnoreCase));

        public static bool IsIn(string? status, IReadOnlyList<string> set) =>
            status != null && set.Contains(status, StringComparer.OrdinalIgnoreCase);
    }
}
