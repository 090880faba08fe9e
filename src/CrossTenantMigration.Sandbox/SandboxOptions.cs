using System;

namespace CrossTenantMigration
{
    /// <summary>
    /// Behaviour switches of the sandbox. The instance is live: changes take effect on the next request.
    /// Not sealed so that the emulator's options (test infrastructure) can be the same object.
    /// </summary>
    public class SandboxOptions
    {
        /// <summary>The tenant the emulated service belongs to (the caller's, i.e. the migration target).</summary>
        public string TargetTenantId { get; set; } = "87654321-4321-4321-4321-210987654321";

        /// <summary>Virtual time between successive intermediate statuses of a job.</summary>
        public TimeSpan StepDuration { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Default page size of the collections (jobs and users).</summary>
        public int PageSize { get; set; } = 20;

        /// <summary>When true a created job starts in <c>validateSubmitted</c> (the admin guide's reading); the API docs say <c>submitted</c>.</summary>
        public bool AutoValidateOnCreate { get; set; } = false;

        /// <summary>When true a create whose completeAfterDateTime lies in the past (sandbox clock) is rejected with 400.</summary>
        public bool RejectPastCompleteAfterOnCreate { get; set; } = true;

        /// <summary>When true the documented response quirks are reproduced (resources echoed empty, lower-case resourceType and workloads, createdBy as object id).</summary>
        public bool Quirks { get; set; } = true;

        /// <summary>When true a user may be in only one active job at a time (admin guide).</summary>
        public bool EnforceOneActiveBatchPerUser { get; set; } = true;

        /// <summary>How long a passed validation stays usable for <c>migrate</c>.</summary>
        public TimeSpan ValidationValidity { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Upper bound of <c>resources</c> per job. The API reference says 2,000; the admin guide says 100.</summary>
        public int MaxResourcesPerJob { get; set; } = 2000;

        /// <summary>
        /// When true the alternate key <c>crossTenantMigrationJobs(displayName='…')</c> is refused with 400, as by a
        /// service that does not have it (the reference pages do not list it; the OpenAPI description does).
        /// </summary>
        public bool RefuseAlternateKey { get; set; }

        /// <summary>When true a <c>$filter</c> on displayName is refused with 400, as by a service that filters on nothing.</summary>
        public bool RefuseDisplayNameFilter { get; set; }

        /// <summary>
        /// Display names of jobs that stop in <c>adminActionRequired</c> at their next change of status by themselves,
        /// and stay there. Read when a job would move on.
        /// </summary>
        public System.Collections.Generic.ICollection<string> AdminActionRequired { get; set; } =
            new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>One step, never negative.</summary>
        internal TimeSpan Step => StepDuration < TimeSpan.Zero ? TimeSpan.Zero : StepDuration;
    }
}
