using System;

namespace CrossTenantMigration
{
    /// <summary>
    /// What a test can steer in the sandbox, as in effect now: the pace, which users fail and how,
    /// throttling, transient faults, jobs that need an administrator, the alternate key, and the clock.
    /// </summary>
    public sealed class SandboxSettings
    {
        /// <summary>The value of <see cref="Workload"/> that fails Exchange when the job migrates it, else the job's first workload.</summary>
        public const string DefaultWorkload = "Default";

        /// <summary>Seconds each intermediate job status lasts; 0: at once.</summary>
        public double StepSec { get; set; }

        /// <summary>User ids (GUIDs) that fail validation.</summary>
        public string[] FailValidation { get; set; } = Array.Empty<string>();

        /// <summary>User ids (GUIDs) that fail every migration run.</summary>
        public string[] FailMigration { get; set; } = Array.Empty<string>();

        /// <summary>The workload that fails for those users: Exchange, ODSP, Teams, Meeting or <see cref="DefaultWorkload"/>.</summary>
        public string Workload { get; set; } = DefaultWorkload;

        /// <summary>
        /// The error code of a failing user; null: a code of Microsoft's list of orchestrated-migration errors that fits
        /// the phase and the workload (IM-003 in validation; EXCH-15, CTTM-001, MnAMoveJobWasNotCreated or MIGR-003 in migration).
        /// </summary>
        public string? ErrorCode { get; set; }

        /// <summary>The error message of a failing user; null: the message that goes with the default code.</summary>
        public string? ErrorMessage { get; set; }

        /// <summary>Every Nth Graph request is answered 429 with Retry-After; 0: no throttling.</summary>
        public int ThrottleEvery { get; set; }

        /// <summary>The share (0 to 100) of Graph requests that meet a transient fault: 503, 504, or a connection dropped before or after the service acted.</summary>
        public double FaultPercent { get; set; }

        /// <summary>The seed of the faults' random source: the same seed gives the same faults in the same order.</summary>
        public int Seed { get; set; }

        /// <summary>True while the next create is set to be committed and its reply lost.</summary>
        public bool LoseNextCreateReply { get; set; }

        /// <summary>Display names of jobs that stop in adminActionRequired at their next change of status.</summary>
        public string[] AdminActionRequired { get; set; } = Array.Empty<string>();

        /// <summary>True: the service refuses the alternate key crossTenantMigrationJobs(displayName='…') with 400.</summary>
        public bool RefuseAlternateKey { get; set; }

        /// <summary>The sandbox's clock: real time plus every advance.</summary>
        public DateTimeOffset Now { get; set; }
    }

    /// <summary>A change to <see cref="SandboxSettings"/>: each property left null keeps its value.</summary>
    public sealed class SandboxSettingsChange
    {
        public double? StepSec { get; set; }
        public string[]? FailValidation { get; set; }
        public string[]? FailMigration { get; set; }

        /// <summary>Exchange, ODSP, Teams, Meeting, or <see cref="SandboxSettings.DefaultWorkload"/>.</summary>
        public string? Workload { get; set; }
        public string? ErrorCode { get; set; }
        public string? ErrorMessage { get; set; }
        public int? ThrottleEvery { get; set; }
        public double? FaultPercent { get; set; }
        public int? Seed { get; set; }

        /// <summary>True: the next create is committed and its reply lost. False: a pending one is dropped.</summary>
        public bool? LoseNextCreateReply { get; set; }
        public string[]? AdminActionRequired { get; set; }
        public bool? RefuseAlternateKey { get; set; }

        /// <summary>Moves the clock to this time; it must not be before the sandbox's now (the clock never goes back).</summary>
        public DateTimeOffset? Now { get; set; }

        /// <summary>Moves the clock forward by this much (zero or more).</summary>
        public TimeSpan? AdvanceBy { get; set; }

        /// <summary>
        /// Users to add to the sandbox's directory, each replacing the user of the same id: every id a GUID, every
        /// user principal name name@domain, no id or name twice (nor a name another user of the directory holds).
        /// </summary>
        public SandboxDirectoryUser[]? DirectoryUsers { get; set; }
    }

    /// <summary>A user of the sandbox's directory, as GET /users/{id | userPrincipalName} answers it.</summary>
    public sealed class SandboxDirectoryUser
    {
        public SandboxDirectoryUser(string? id, string? userPrincipalName, string? displayName)
        {
            Id = id;
            UserPrincipalName = userPrincipalName;
            DisplayName = displayName;
        }

        /// <summary>The object id, a GUID.</summary>
        public string? Id { get; }

        /// <summary>The sign-in name, name@domain; unique in the directory, compared without regard to case.</summary>
        public string? UserPrincipalName { get; }

        public string? DisplayName { get; }

        public override string ToString() => UserPrincipalName ?? Id ?? "";
    }
}
