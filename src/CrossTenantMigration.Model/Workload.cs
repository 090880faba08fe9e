using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>The documented workload names, in their documented spelling.</summary>
    public static class Workload
    {
        public const string Exchange = "Exchange";
        public const string ODSP = "ODSP";
        public const string Teams = "Teams";
        public const string Meeting = "Meeting";

        public static IReadOnlyList<string> All { get; } = new[] { Exchange, ODSP, Teams, Meeting };

        /// <summary>The documented spelling of <paramref name="name"/>, or null when it is not a workload.</summary>
        public static string? Normalize(string? name) =>
            All.FirstOrDefault(w => string.Equals(w, name?.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
