namespace CrossTenantMigration
{
    /// <summary>How a wait for one job stands after a poll.</summary>
    public enum WaitState
    {
        /// <summary>Still under way (or in a status nobody documented): the wait goes on.</summary>
        Waiting,
        /// <summary>The job reached a status that ends the phase it was in.</summary>
        Settled,
        /// <summary>The job waits for an administrator to act in the Microsoft 365 admin center: waiting longer is no use.</summary>
        NeedsAdministrator,
        /// <summary>The wait gave up on this job before it settled.</summary>
        TimedOut,
        /// <summary>The job could no longer be read (deleted meanwhile).</summary>
        Failed,
    }

    /// <summary>What a wait saw at one poll of one job.</summary>
    public sealed class JobWaitUpdate
    {
        public JobWaitUpdate(MigrationJob job, int percentComplete, string description, WaitState state, ServiceException? error = null,
            bool firstUnknownStatus = false, bool firstPollFailure = false)
        {
            Job = job;
            PercentComplete = percentComplete;
            Description = description;
            State = state;
            Error = error;
            FirstUnknownStatus = firstUnknownStatus;
            FirstPollFailure = firstPollFailure;
        }

        public MigrationJob Job { get; }
        public int PercentComplete { get; }
        public string Description { get; }
        public WaitState State { get; }

        /// <summary>Whether this is the job's last update: it settled, needs an administrator, timed out or failed.</summary>
        public bool Ended => State != WaitState.Waiting;

        public bool Settled => State == WaitState.Settled;
        public bool TimedOut => State == WaitState.TimedOut;

        /// <summary>
        /// Why the job could no longer be read (<see cref="WaitState.Failed"/>), or why this poll of it failed after
        /// its retries while the wait goes on (<see cref="WaitState.Waiting"/>).
        /// </summary>
        public ServiceException? Error { get; }

        /// <summary>A poll of this job failed after its retries, for the first time in this wait; the wait goes on.</summary>
        public bool FirstPollFailure { get; }

        /// <summary>The job is, for the first time in this wait, in a status this module does not know.</summary>
        public bool FirstUnknownStatus { get; }
    }
}
