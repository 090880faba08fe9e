using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>The workload names, in their documented spelling.</summary>
    public static class Workload
    {
        public const string Exchange = "Exchange";
        public const string ODSP = "ODSP";
        public const string Teams = "Teams";
        /// <summary>Teams meetings: reported in a user's status, never named when a job is created.</summary>
        public const string Meeting = "Meeting";

        /// <summary>
        /// The workloads a job may name: "Supported workloads are Teams, Exchange, and ODSP" (the OpenAPI
        /// description). Naming none includes every available workload, Teams meetings with them.
        /// </summary>
        public static IReadOnlyList<string> Requestable { get; } = new[] { Exchange, ODSP, Teams };

        /// <summary>The workloads a user's status reports on.</summary>
        public static IReadOnlyList<string> Reported { get; } = new[] { Exchange, ODSP, Teams, Meeting };

        /// <summary>The documented spelling of a reported workload, or null when it is not one.</summary>
        public static string? Normalize(string? name) =>
            Reported.FirstOrDefault(w => string.Equals(w, name?.Trim(), StringComparison.OrdinalIgnoreCase));

        /// <summary>The documented spelling of a workload a job may name, or null when it is not one.</summary>
        public static string? NormalizeRequestable(string? name) =>
            Requestable.FirstOrDefault(w => string.Equals(w, name?.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
