namespace CrossTenantMigration
{
    /// <summary>What a wait saw at one poll of one job.</summary>
    public sealed class JobWaitUpdate
    {
        public JobWaitUpdate(MigrationJob job, int percentComplete, string description, bool settled, bool timedOut, ServiceException? error = null)
        {
            Error = error;
            Job = job;
            PercentComplete = percentComplete;
            Description = description;
            Settled = settled;
            TimedOut = timedOut;
        }

        public MigrationJob Job { get; }
        public int PercentComplete { get; }
        public string Description { get; }
        /// <summary>The job reached a status that ends the phase it was in.</summary>
        public bool Settled { get; }
        /// <summary>The wait gave up on this job before it settled.</summary>
        public bool TimedOut { get; }
        /// <summary>The job could no longer be read (deleted meanwhile): its wait ends with this error.</summary>
        public ServiceException? Error { get; }
    }
}
