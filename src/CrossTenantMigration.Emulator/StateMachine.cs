using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Emulator
{
    public sealed partial class MigrationServiceEmulator
    {
        internal static class Messages
        {
            public const string ValidateSubmitted = "Validation job has been submitted successfully";
            public const string ValidateProcessing = "Validation job is being processed.";
            public const string ValidateInProgress = "Validation checks are in progress.";
            public const string ValidatePassed = "Validation has completed successfully with no failures.";
            public const string MigrateSubmitted = "Migration job has been submitted successfully";
            public const string InProgress = "Migration is in progress. Mailbox content is syncing; cutover starts after completeAfterDateTime.";
            public const string CuttingOver = "Cutover is in progress. Cancellation is no longer possible.";
            public const string Completed = "The batch and all of its users have been successfully migrated with no failures.";
            public const string PendingCancel = "cancellation request has been accepted for the migration job";
            public const string Cancelled = "The batch has been cancelled.";
            public const string PendingDelete = "Deletion of the batch is in progress.";
        }

        private TimeSpan Step => Options.StepDuration < TimeSpan.Zero ? TimeSpan.Zero : Options.StepDuration;

        /// <summary>Applies, in time order per job, every transition that is due at <paramref name="now"/>.</summary>
        private void ApplyDueTransitions(DateTimeOffset now)
        {
            List<string>? gone = null;
            foreach (var job in _jobs.Values)
            {
                while (true)
                {
                    var due = NextDue(job);
                    if (!due.HasValue || due.Value > now)
                    {
                        break;
                    }

                    if (!Transition(job, due.Value))
                    {
                        (gone ??= new List<string>()).Add(job.Id);
                        break;
                    }
                }
            }

            if (gone != null)
            {
                foreach (var id in gone)
                {
                    _jobs.Remove(id);
                }
            }
        }

        /// <summary>When the job's current status ends by itself; null for statuses that wait for a request.</summary>
        private DateTimeOffset? NextDue(JobRecord job)
        {
            switch (job.Status)
            {
                case JobStatus.ValidateSubmitted:
                case JobStatus.ValidateProcessing:
                case JobStatus.ValidateInProgress:
                case JobStatus.Processing:
                case JobStatus.CuttingOver:
                case JobStatus.PendingCancel:
                case JobStatus.PendingDelete:
                    return job.StatusEnteredAt + Step;
                case JobStatus.InProgress:
                    // at least one step of sync, and not before completeAfterDateTime; a value written in the
                    // past is due from the moment it was written
                    var due = job.StatusEnteredAt + Step;
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
        private bool Transition(JobRecord job, DateTimeOffset at)
        {
            switch (job.Status)
            {
                case JobStatus.ValidateSubmitted:
                    Enter(job, JobStatus.ValidateProcessing, Messages.ValidateProcessing, at);
                    break;
                case JobStatus.ValidateProcessing:
                    Enter(job, JobStatus.ValidateInProgress, Messages.ValidateInProgress, at);
                    break;
                case JobStatus.ValidateInProgress:
                    FinishValidation(job, at);
                    break;
                case JobStatus.Processing:
                    Enter(job, JobStatus.InProgress, Messages.InProgress, at);
                    break;
                case JobStatus.InProgress:
                    Enter(job, JobStatus.CuttingOver, Messages.CuttingOver, at);
                    break;
                case JobStatus.CuttingOver:
                    FinishMigration(job, at);
                    break;
                case JobStatus.PendingCancel:
                    Enter(job, JobStatus.Cancelled, Messages.Cancelled, at);
                    break;
                case JobStatus.PendingDelete:
                    return false;
            }

            return true;
        }

        private static void Enter(JobRecord job, string status, string message, DateTimeOffset at)
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
                var failure = FindFailure(job, user, FailurePhase.Validate, out string workload);
                if (failure != null)
                {
                    user.ValidationFailures[workload] = failure;
                    failed++;
                }

                user.LastUpdated = at;
            }

            if (failed == 0)
            {
                Enter(job, JobStatus.ValidatePassed, Messages.ValidatePassed, at);
                job.ValidatePassedAt = at;
            }
            else
            {
                Enter(job, JobStatus.ValidateFailed, $"Validation has completed with failures: {failed} of {participating} users failed validation. Fix the errors and validate again.", at);
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
                var failure = FindFailure(job, user, FailurePhase.Migrate, out string workload);
                if (failure == null)
                {
                    user.MigrationCompleted = true;
                    continue;
                }

                failed++;
                // a user migrates as a unit: the failing workload carries the error, the user's other
                // workloads fail with it (Exchange cuts over first; the rest depend on the user's cutover)
                foreach (var w in job.Workloads)
                {
                    user.MigrationFailures[w] = w == workload
                        ? failure
                        : new WorkloadOutcome(
                            $"Not migrated because the {workload} workload of this user failed.",
                            new ErrorEntry("DependentWorkloadFailed", $"The {workload} workload of this user failed; this workload was not migrated."));
                }
            }

            if (failed == 0)
            {
                Enter(job, JobStatus.Completed, Messages.Completed, at);
            }
            else if (failed == participating)
            {
                Enter(job, JobStatus.Failed, $"The batch has failed: all {participating} users failed to migrate. Fix the errors and run migrate again to retry.", at);
            }
            else
            {
                Enter(job, JobStatus.CompletedWithErrors, $"The batch has completed with errors: {failed} of {participating} users failed to migrate. Run migrate again to retry the failed users.", at);
            }
        }

        /// <summary>The simulated failure of a user in a phase: a registered one, else the id conventions (bad0…, fa11…).</summary>
        private WorkloadOutcome? FindFailure(JobRecord job, UserRecord user, FailurePhase phase, out string workload)
        {
            string defaultWorkload = job.Workloads.Contains(Workloads.Exchange) ? Workloads.Exchange : job.Workloads[0];
            workload = defaultWorkload;
            if (_failures.TryGetValue(user.Id, out var entry) && entry.Phase == phase)
            {
                string target = entry.Workload ?? defaultWorkload;
                bool applies = job.Workloads.Contains(target) && (!entry.Remaining.HasValue || entry.Remaining.Value > 0);
                if (applies)
                {
                    if (entry.Remaining.HasValue)
                    {
                        entry.Remaining = entry.Remaining.Value - 1;
                    }

                    workload = target;
                    return new WorkloadOutcome(entry.Message, new ErrorEntry(entry.Code, entry.Message));
                }
            }

            if (phase == FailurePhase.Validate && user.Id.StartsWith("bad0", StringComparison.OrdinalIgnoreCase))
            {
                const string message = "The target MailUser for this user was not found or is not eligible for cross-tenant migration.";
                return new WorkloadOutcome(message, new ErrorEntry("TargetUserNotEligible", message));
            }

            if (phase == FailurePhase.Migrate && user.Id.StartsWith("fa11", StringComparison.OrdinalIgnoreCase))
            {
                const string message = "Mailbox move failed.";
                return new WorkloadOutcome(message, new ErrorEntry("MailboxMoveFailed", message));
            }

            return null;
        }

        /// <summary>The per-workload status of a user, following the job status as the reference table says.</summary>
        private (string Status, string Message, ErrorEntry? Error) WorkloadState(JobRecord job, UserRecord user, string workload, DateTimeOffset now)
        {
            if (user.CancelRequestedAt.HasValue)
            {
                return now < user.CancelRequestedAt.Value + Step
                    ? (ServiceStatus.PendingCancel, "Cancellation of this user is in progress.", null)
                    : (ServiceStatus.Cancelled, "The migration of this user was cancelled.", null);
            }

            if (user.MigrationCompleted)
            {
                return (ServiceStatus.Completed, "", null);
            }

            string status = job.Status == JobStatus.PendingDelete ? job.StatusBeforeDelete ?? JobStatus.Cancelled : job.Status;
            bool exchange = workload == Workloads.Exchange;
            switch (status)
            {
                case JobStatus.ValidateInProgress:
                    return (ServiceStatus.InProgress, "", null);
                case JobStatus.ValidatePassed:
                    return (ServiceStatus.Valid, "", null);
                case JobStatus.ValidateFailed:
                    return user.ValidationFailures.TryGetValue(workload, out var invalid)
                        ? (ServiceStatus.Invalid, invalid.Message, invalid.Error)
                        : (ServiceStatus.Valid, "", (ErrorEntry?)null);
                case JobStatus.InProgress:
                    if (exchange)
                    {
                        return now < job.StatusEnteredAt + Step ? (ServiceStatus.Syncing, "", null) : (ServiceStatus.Synced, "", (ErrorEntry?)null);
                    }

                    return (ServiceStatus.InProgress, "", null);
                case JobStatus.CuttingOver:
                    return exchange ? (ServiceStatus.Finalizing, "", null) : (ServiceStatus.InProgress, "", (ErrorEntry?)null);
                case JobStatus.Completed:
                case JobStatus.CompletedWithErrors:
                case JobStatus.Failed:
                    return user.MigrationFailures.TryGetValue(workload, out var failed)
                        ? (ServiceStatus.Failed, failed.Message, failed.Error)
                        : (ServiceStatus.Completed, "", (ErrorEntry?)null);
                case JobStatus.PendingCancel:
                    return (ServiceStatus.PendingCancel, "", null);
                case JobStatus.Cancelled:
                    return (ServiceStatus.Cancelled, "", null);
                default:
                    // submitted, validateSubmitted, validateProcessing, processing
                    return (ServiceStatus.NotStarted, "", null);
            }
        }

        /// <summary>The overall status of one user, used by the task cancel guard.</summary>
        private string UserStatus(JobRecord job, UserRecord user, DateTimeOffset now)
        {
            if (user.CancelRequestedAt.HasValue)
            {
                return now < user.CancelRequestedAt.Value + Step ? JobStatus.PendingCancel : JobStatus.Cancelled;
            }

            if (user.MigrationCompleted)
            {
                return JobStatus.Completed;
            }

            if (user.MigrationFailures.Count > 0
                && (job.Status == JobStatus.Failed || job.Status == JobStatus.CompletedWithErrors || job.Status == JobStatus.PendingDelete))
            {
                return JobStatus.Failed;
            }

            return job.Status;
        }

        private static bool IsTerminalUserStatus(string status)
            => status == JobStatus.Cancelled || status == JobStatus.PendingCancel || status == JobStatus.Completed || status == JobStatus.Failed;

        private static DateTimeOffset TaskLastUpdated(JobRecord job, UserRecord user)
            => user.LastUpdated > job.StatusEnteredAt ? user.LastUpdated : job.StatusEnteredAt;

        private static IEnumerable<UserRecord> ActiveUsers(JobRecord job) => job.Users.Where(u => !u.IsCancelled);
    }
}
