using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>The per-workload statuses of a user's task (wire spelling).</summary>
    public static class WorkloadStatus
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

        public static IReadOnlyList<string> All { get; } = new[]
        {
            NotStarted, Valid, Invalid, Error, InProgress, Completed, Failed, Cancelled,
            PendingCancel, Syncing, Synced, Finalizing, ForceComplete,
        };

        public static string? Normalize(string? status) =>
            All.FirstOrDefault(s => string.Equals(s, status?.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
