using System;
using System.Collections.Generic;
using System.Net.Http;

namespace CrossTenantMigration.Emulator
{
    /// <summary>Phase in which a simulated user failure strikes.</summary>
    public enum FailurePhase
    {
        /// <summary>The user's workload is reported <c>invalid</c> by validation.</summary>
        Validate,

        /// <summary>The user's workload is reported <c>failed</c> at the end of migration.</summary>
        Migrate,
    }

    /// <summary>A simulated failure of one user, registered with <see cref="MigrationServiceEmulator.SetUserFailure"/>.</summary>
    public sealed class UserFailure
    {
        /// <summary>When the failure strikes.</summary>
        public FailurePhase Phase { get; set; } = FailurePhase.Migrate;

        /// <summary>The workload that fails (Exchange, ODSP, Teams, Meeting). Null: Exchange when the job has it, else the job's first workload.</summary>
        public string? Workload { get; set; }

        /// <summary>The error code placed in the workload's <c>errors[]</c>.</summary>
        public string Code { get; set; } = "SimulatedFailure";

        /// <summary>The error message placed in the workload's <c>errors[]</c> and <c>message</c>.</summary>
        public string Message { get; set; } = "Simulated failure.";

        /// <summary>How many runs of the phase fail before the user succeeds. Null: every run fails.</summary>
        public int? Times { get; set; }
    }

    /// <summary>Deterministic or random 429 injection.</summary>
    public sealed class ThrottleSettings
    {
        /// <summary>Throttle every Nth Graph request (1 = every request).</summary>
        public int? EveryNth { get; set; }

        /// <summary>Throttle each Graph request with this probability (0..1).</summary>
        public double? Probability { get; set; }

        /// <summary>Value of the <c>Retry-After</c> header, in seconds.</summary>
        public int RetryAfterSeconds { get; set; } = 1;

        /// <summary>Stop throttling after this many 429 responses. Null: no limit.</summary>
        public int? MaxCount { get; set; }

        /// <summary>Seed of the random source used with <see cref="Probability"/>.</summary>
        public int? Seed { get; set; }
    }

    /// <summary>The kinds of transport or gateway faults the emulator can inject.</summary>
    public enum FaultKind
    {
        /// <summary>429 activityLimitReached with Retry-After, before any state change.</summary>
        Throttle429,

        /// <summary>503 serviceNotAvailable with Retry-After, before any state change.</summary>
        Unavailable503,

        /// <summary>504 after the request's effect has been committed.</summary>
        GatewayTimeout504,

        /// <summary>The connection drops before the request has any effect.</summary>
        DropBeforeCommit,

        /// <summary>The request's effect is committed, then the connection drops.</summary>
        DropAfterCommit,

        /// <summary>The response is delayed by <see cref="FaultSettings.StallDuration"/>, then served normally.</summary>
        Stall,
    }

    /// <summary>Random fault injection (seeded, so a run can be repeated).</summary>
    public sealed class FaultSettings
    {
        /// <summary>Probability (0..1) that a Graph request gets a fault.</summary>
        public double Rate { get; set; }

        /// <summary>The kinds to choose from (uniformly). Empty: all kinds.</summary>
        public IList<FaultKind> Kinds { get; set; } = new List<FaultKind>();

        /// <summary>Seed of the random source. Null: a fixed default seed (0).</summary>
        public int? Seed { get; set; }

        /// <summary>How long a <see cref="FaultKind.Stall"/> waits.</summary>
        public TimeSpan StallDuration { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Value of the <c>Retry-After</c> header of injected 429 and 503 responses, in seconds.</summary>
        public int RetryAfterSeconds { get; set; } = 1;
    }

    /// <summary>A snapshot of the request counters.</summary>
    public sealed class RequestStatistics
    {
        /// <summary>Graph requests received (admin routes excluded).</summary>
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

        /// <summary>Faults injected by <see cref="FaultSettings"/>.</summary>
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

    /// <summary>
    /// Thrown by <see cref="MigrationServiceEmulator.SendAsync"/> (and so by the in-memory handler) when a fault
    /// drops the connection. It is an <see cref="HttpRequestException"/>, as a real connection reset is.
    /// </summary>
    public sealed class EmulatedConnectionDropException : HttpRequestException
    {
        /// <summary>Creates the exception.</summary>
        public EmulatedConnectionDropException(bool afterCommit)
            : base(
                "An error occurred while sending the request. The connection was closed by the remote host.",
                new System.IO.IOException("Unable to read data from the transport connection: Connection reset by peer."))
        {
            AfterCommit = afterCommit;
        }

        /// <summary>True when the request's effect was committed before the drop.</summary>
        public bool AfterCommit { get; }
    }
}
