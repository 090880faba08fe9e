using System;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The timed part of the state machine: when a job's status ends by itself and what it becomes, including the
    /// outcome of validation and migration. Runs under the job store's lock.
    /// </summary>
    internal sealed class JobLifecycle
    {
        private readonly SandboxOptions _options;
        private readonly FailureRegistry _failures;

        public JobLifecycle(SandboxOptions options, FailureRegistry failures)
        {
            _options = options;
            _failures = failures;
        }

        /// <summary>When the job's current status ends by itself; null for statuses that wait for a request.</summary>
        public DateTimeOffset? NextDue(JobRecord job)
        {
            switch (job.Status)
            {
                case WireJobStatus.ValidateSubmitted:
                case WireJobStatus.ValidateProcessing:
                case WireJobStatus.ValidateInProgress:
                case WireJobStatus.Processing:
                case WireJobStatus.CuttingOver:
                case WireJobStatus.PendingCancel:
                case WireJobStatus.PendingDelete:
                    return job.StatusEnteredAt + _options.Step;
                case WireJobStatus.InProgress:
                    // at least one step of sync, and not before completeAfterDateTime; a value written in the
                    // past is due from the moment it was written
                    var due = job.StatusEnteredAt + _options.Step;
                    if (job.CompleteAfter > due)
                    {
                        due = job.CompleteAfter;
                    }

                    if (job.CompleteAfterSetAt > due)
                    {
                        due = job.CompleteAfterSetAt;
                    }

                    return due;
                default:
                    return null;
            }
        }

        /// <summary>Moves the job to its next status at time <paramref name="at"/>. Returns false when the job is gone.</summary>
        public bool Transition(JobRecord job, DateTimeOffset at)
        {
            // A job the sandbox was told to stop: it waits for an administrator, and stays there.
            if (job.Status != WireJobStatus.PendingDelete && _options.AdminActionRequired.Contains(job.DisplayName))
            {
                Enter(job, WireJobStatus.AdminActionRequired, Messages.AdminActionRequired, at);
                return true;
            }

            switch (job.Status)
            {
                case WireJobStatus.ValidateSubmitted:
                    Enter(job, WireJobStatus.ValidateProcessing, Messages.ValidateProcessing, at);
                    break;
                case WireJobStatus.ValidateProcessing:
                    Enter(job, WireJobStatus.ValidateInProgress, Messages.ValidateInProgress, at);
                    break;
                case WireJobStatus.ValidateInProgress:
                    FinishValidation(job, at);
                    break;
                case WireJobStatus.Processing:
                    Enter(job, WireJobStatus.InProgress, Messages.InProgress, at);
                    break;
                case WireJobStatus.InProgress:
                    Enter(job, WireJobStatus.CuttingOver, Messages.CuttingOver, at);
                    break;
                case WireJobStatus.CuttingOver:
                    FinishMigration(job, at);
                    break;
                case WireJobStatus.PendingCancel:
                    Enter(job, WireJobStatus.Cancelled, Messages.Cancelled, at);
                    break;
                case WireJobStatus.PendingDelete:
                    return false;
            }

            return true;
        }

        public static void Enter(JobRecord job, string status, string message, DateTimeOffset at)
        {
            job.Status = status;
            job.Message = message;
            job.StatusEnteredAt = at;
            job.LastUpdated = at;
        }

        private void FinishValidation(JobRecord job, DateTimeOffset at)
        {
            int participating = 0;
            int failed = 0;
            foreach (var user in job.Users)
            {
                if (user.IsCancelled)
                {
                    continue;
                }

                participating++;
                user.ValidationFailures.Clear();
                var failure = _failures.Find(job, user, FailurePhase.Validate, out string workload);
                if (failure != null)
                {
                    user.ValidationFailures[workload] = failure;
                    failed++;
                }

                user.LastUpdated = at;
            }

            if (failed == 0)
            {
                Enter(job, WireJobStatus.ValidatePassed, Messages.ValidatePassed, at);
                job.ValidatePassedAt = at;
            }
            else
            {
                Enter(job, WireJobStatus.ValidateFailed, $"Validation has completed with failures: {failed} of {participating} users failed validation. Fix the errors and validate again.", at);
                job.ValidatePassedAt = null;
            }
        }

        private void FinishMigration(JobRecord job, DateTimeOffset at)
        {
            int participating = 0;
            int failed = 0;
            foreach (var user in job.Users)
            {
                if (user.IsCancelled)
                {
                    continue;
                }

                participating++;
                if (user.MigrationCompleted)
                {
                    continue;
                }

                user.MigrationFailures.Clear();
                user.LastUpdated = at;
                var failure = _failures.Find(job, user, FailurePhase.Migrate, out string workload);
                if (failure == null)
                {
                    user.MigrationCompleted = true;
                    continue;
                }

                failed++;
                // a user migrates as a unit: the failing workload carries the error, the user's other
                // workloads fail with it (Exchange cuts over first; the rest depend on the user's cutover)
                foreach (var w in job.ReportedWorkloads)
                {
                    user.MigrationFailures[w] = w == workload
                        ? failure
                        : new WorkloadOutcome($"Not migrated because the {workload} workload of this user failed.", DocumentedFailures.Dependent(workload));
                }
            }

            if (failed == 0)
            {
                Enter(job, WireJobStatus.Completed, Messages.Completed, at);
            }
            else if (failed == participating)
            {
                Enter(job, WireJobStatus.Failed, $"The batch has failed: all {participating} users failed to migrate. Fix the errors and run migrate again to retry.", at);
            }
            else
            {
                Enter(job, WireJobStatus.CompletedWithErrors, $"The batch has completed with errors: {failed} of {participating} users failed to migrate. Run migrate again to retry the failed users.", at);
            }
        }
    }
}
