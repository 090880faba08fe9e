namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The errors of a user who fails without a code of the test's choosing (the bad0… and fa11… ids, FailValidation and
    /// FailMigration without ErrorCode, the other workloads of a user whose migration failed): codes of Microsoft's list
    /// of orchestrated-migration errors that fit the phase and the workload, so that a rehearsal shows real remedies.
    /// The messages are the sandbox's own wording.
    /// </summary>
    internal static class DocumentedFailures
    {
        /// <summary>Identity mapping is what validation checks for every workload.</summary>
        public static ErrorEntry Validation { get; } =
            new ErrorEntry("IM-003", "The user is not mapped: the target tenant has no identity mapping for this user.");

        /// <summary>A failure of the workload's own migration.</summary>
        public static ErrorEntry Migration(string workload)
        {
            switch (workload)
            {
                case WireWorkload.Exchange:
                    return new ErrorEntry("EXCH-15", "The mailbox move failed: it ran out of retries.");
                case WireWorkload.Teams:
                    return new ErrorEntry("CTTM-001", "The Teams chat migration of this user failed.");
                case WireWorkload.Odsp:
                    return new ErrorEntry("MnAMoveJobWasNotCreated", "The OneDrive move was not created for this user's source site.");
                default:
                    return new ErrorEntry("MIGR-003", $"The {workload} migration of this user failed.");
            }
        }

        /// <summary>A workload not migrated because another of the same user failed: a user migrates as a unit.</summary>
        public static ErrorEntry Dependent(string failedWorkload) =>
            new ErrorEntry("MIGR-003", $"The migration of this user failed: the {failedWorkload} workload failed, so this workload was not migrated.");
    }
}
