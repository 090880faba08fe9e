using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    /// <summary>A snapshot of the emulator's counters: the sandbox's Graph requests and the token service's requests.</summary>
    public sealed class RequestStatistics
    {
        /// <summary>Graph requests received (admin routes and the token service excluded).</summary>
        public long Total { get; set; }

        /// <summary>Graph requests by HTTP method (upper case).</summary>
        public IReadOnlyDictionary<string, long> ByMethod { get; set; } = new Dictionary<string, long>();

        /// <summary>Successful creates (201).</summary>
        public long Creates { get; set; }

        /// <summary>Jobs that currently exist (including those in pendingDelete).</summary>
        public int Jobs { get; set; }

        /// <summary>Number of display names (case-insensitive) held by more than one job. Always 0 unless the uniqueness rule is broken.</summary>
        public int DuplicateDisplayNames { get; set; }

        /// <summary>429 responses produced by <see cref="ThrottleSettings"/>.</summary>
        public long Throttled { get; set; }

        /// <summary>Faults injected, at random (<see cref="FaultSettings"/>) or by count (<see cref="MigrationServiceEmulator.InjectFaults"/>).</summary>
        public long FaultsInjected { get; set; }

        /// <summary>Requests to the token service and the managed-identity endpoints (never part of <see cref="Total"/>).</summary>
        public long TokenRequests { get; set; }

        /// <summary>
        /// Token-service requests by kind: <c>client_credentials</c>, <c>device_code</c>, <c>refresh_token</c> (token endpoint
        /// by grant; <c>unsupported</c> or <c>none</c> for another or a missing grant_type), <c>devicecode</c> (device
        /// authorization), <c>managed_identity</c>, <c>metadata</c> (instance discovery, OpenID configuration, keys).
        /// </summary>
        public IReadOnlyDictionary<string, long> TokenRequestsByGrant { get; set; } = new Dictionary<string, long>();
    }
}
