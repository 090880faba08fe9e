using System;
using System.Collections.Generic;

// The sandbox's settings and values live in the module's root namespace, beside ISandbox, so that code anywhere
// under CrossTenantMigration.* names them without a using.
namespace CrossTenantMigration
{
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

    /// <summary>The kinds of transport or gateway faults the sandbox can inject.</summary>
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

    /// <summary>Which requests a fault injected by count waits for.</summary>
    public enum FaultTarget
    {
        /// <summary>Any Graph request (of the method, when one is given).</summary>
        AnyRequest,

        /// <summary>Only a create: a POST to the jobs collection, not an action on a job.</summary>
        Create,
    }

    /// <summary>Random fault injection (seeded, so a run can be repeated).</summary>
    public sealed class FaultSettings
    {
        /// <summary>The stall of a fault injected by count when no settings say otherwise.</summary>
        internal static readonly TimeSpan DefaultStall = TimeSpan.FromSeconds(2);

        /// <summary>Probability (0..1) that a Graph request gets a fault.</summary>
        public double Rate { get; set; }

        /// <summary>The kinds to choose from (uniformly). Empty: all kinds.</summary>
        public IList<FaultKind> Kinds { get; set; } = new List<FaultKind>();

        /// <summary>Seed of the random source. Null: a fixed default seed (0).</summary>
        public int? Seed { get; set; }

        /// <summary>How long a <see cref="FaultKind.Stall"/> waits (also for stalls injected by count).</summary>
        public TimeSpan StallDuration { get; set; } = DefaultStall;

        /// <summary>Value of the <c>Retry-After</c> header of injected 429 and 503 responses, in seconds (also for faults injected by count).</summary>
        public int RetryAfterSeconds { get; set; } = 1;
    }
}
