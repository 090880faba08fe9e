using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>The per-workload statuses of a user's task (wire spelling).</summary>
    public static class WorkloadStatus
    {
        public static IReadOnlyList<string> All { get; } = new[]
        {
            "notStarted", "valid", "invalid", "error", "inProgress", "completed", "failed", "cancelled",
            "pendingCancel", "syncing", "synced", "finalizing", "forceComplete",
        };

        public static string? Normalize(string? status) =>
            All.FirstOrDefault(s => string.Equals(s, status?.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
