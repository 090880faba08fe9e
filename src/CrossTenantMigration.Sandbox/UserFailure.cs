namespace CrossTenantMigration
{
    /// <summary>Phase in which a simulated user failure strikes.</summary>
    public enum FailurePhase
    {
        /// <summary>The user's workload is reported <c>invalid</c> by validation.</summary>
        Validate,

        /// <summary>The user's workload is reported <c>failed</c> at the end of migration.</summary>
        Migrate,
    }

    /// <summary>A simulated failure of one user, registered with the sandbox's <c>SetUserFailure</c>.</summary>
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
}
