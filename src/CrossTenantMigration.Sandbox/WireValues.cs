using System;

// The service's own spelling of its enums, kept apart from the module's (CrossTenantMigration.JobStatus, WorkloadStatus,
// Workload) on purpose: the sandbox stands for the documented service, so a misspelling in the client is caught by it
// rather than copied into it. docs/architecture.md says why; WireVocabularyTests checks that the two agree.
namespace CrossTenantMigration.Sandbox
{
    /// <summary>Wire values of crossTenantMigrationJobStatus, the documented enum in full.</summary>
    internal static class WireJobStatus
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

        public static readonly string[] All =
        {
            Submitted, Approved, Processing, CuttingOver, InProgress, Completed, CompletedWithErrors, Failed,
            Cancelled, PendingCancel, AdminActionRequired, ValidateSubmitted, ValidateProcessing,
            ValidateInProgress, ValidatePassed, ValidateFailed, PendingDelete, Deleted, UnknownFutureValue,
        };

        /// <summary>Statuses in which a job no longer holds its users (EnforceOneActiveBatchPerUser).</summary>
        public static bool ReleasesUsers(string status)
            => status == Completed || status == CompletedWithErrors || status == Failed || status == Cancelled
               || status == PendingDelete || status == Deleted;
    }

    /// <summary>Wire values of crossTenantMigrationServiceStatus (a workload's status in a user's task), the documented enum in full.</summary>
    internal static class WireServiceStatus
    {
        public const string NotStarted = "notStarted";
        public const string Valid = "valid";
        public const string Invalid = "invalid";
        public const string Error = "error";
        public const string InProgress = "inProgress";
        public const string Completed = "completed";
        public const string Failed = "failed";
        public const string Cancelled = "cancelled";
        public const string PendingCancel = "pendingCancel";
        public const string Syncing = "syncing";
        public const string Synced = "synced";
        public const string Finalizing = "finalizing";
        public const string ForceComplete = "forceComplete";
        public const string UnknownFutureValue = "unknownFutureValue";

        /// <summary>Every value; the sandbox never reports error, forceComplete (undocumented meaning) or unknownFutureValue.</summary>
        public static readonly string[] All =
        {
            NotStarted, Valid, Invalid, Error, InProgress, Completed, Failed, Cancelled,
            PendingCancel, Syncing, Synced, Finalizing, ForceComplete, UnknownFutureValue,
        };
    }

    /// <summary>The workload names, as the service spells them.</summary>
    internal static class WireWorkload
    {
        public const string Exchange = "Exchange";
        public const string Odsp = "ODSP";
        public const string Teams = "Teams";
        public const string Meeting = "Meeting";

        /// <summary>The workloads a user's status reports on: Teams meetings come with Teams.</summary>
        public static readonly string[] All = { Exchange, Odsp, Teams, Meeting };

        /// <summary>The workloads a job may name: "Supported workloads are Teams, Exchange, and ODSP" (OpenAPI description).</summary>
        public static readonly string[] Requestable = { Exchange, Odsp, Teams };

        /// <summary>The documented spelling of a reported workload, or null.</summary>
        public static string? Canonical(string value) => Find(All, value);

        /// <summary>The documented spelling of a workload a job may name, or null.</summary>
        public static string? CanonicalRequestable(string value) => Find(Requestable, value);

        private static string? Find(string[] names, string value)
        {
            foreach (var w in names)
            {
                if (string.Equals(w, value, StringComparison.OrdinalIgnoreCase))
                {
                    return w;
                }
            }

            return null;
        }
    }

    /// <summary>The job messages the service shows in each status.</summary>
    internal static class Messages
    {
        public const string ValidateSubmitted = "Validation job has been submitted successfully";
        public const string ValidateProcessing = "Validation job is being processed.";
        public const string ValidateInProgress = "Validation checks are in progress.";
        public const string ValidatePassed = "Validation has completed successfully with no failures.";
        public const string MigrateSubmitted = "Migration job has been submitted successfully";
        public const string InProgress = "Migration is in progress. Mailbox content is syncing; cutover starts after completeAfterDateTime.";
        public const string CuttingOver = "Cutover is in progress. Cancellation is no longer possible.";
        public const string Completed = "The batch and all of its users have been successfully migrated with no failures.";
        public const string PendingCancel = "cancellation request has been accepted for the migration job";
        public const string Cancelled = "The batch has been cancelled.";
        public const string PendingDelete = "Deletion of the batch is in progress.";
        public const string AdminActionRequired = "An administrator must act on this batch in the Microsoft 365 admin center before it can go on.";
    }
}
