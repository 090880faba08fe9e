using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>What a user shows: the status of each workload (the reference's §3.2 table) and of the user as a whole.</summary>
    internal static class UserStatusRules
    {
        /// <summary>The per-workload status of a user, following the job status as the reference table says.</summary>
        public static (string Status, string Message, ErrorEntry? Error) WorkloadState(JobRecord job, UserRecord user, string workload, DateTimeOffset now, TimeSpan step)
        {
            if (user.CancelRequestedAt.HasValue)
            {
                return now < user.CancelRequestedAt.Value + step
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
                        return now < job.StatusEnteredAt + step ? (ServiceStatus.Syncing, "", null) : (ServiceStatus.Synced, "", (ErrorEntry?)null);
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
        public static string UserStatus(JobRecord job, UserRecord user, DateTimeOffset now, TimeSpan step)
        {
            if (user.CancelRequestedAt.HasValue)
            {
                return now < user.CancelRequestedAt.Value + step ? JobStatus.PendingCancel : JobStatus.Cancelled;
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

        public static bool IsTerminalUserStatus(string status)
            => status == JobStatus.Cancelled || status == JobStatus.PendingCancel || status == JobStatus.Completed || status == JobStatus.Failed;

        public static DateTimeOffset TaskLastUpdated(JobRecord job, UserRecord user)
            => user.LastUpdated > job.StatusEnteredAt ? user.LastUpdated : job.StatusEnteredAt;

        public static IEnumerable<UserRecord> ActiveUsers(JobRecord job) => job.Users.Where(u => !u.IsCancelled);
    }
}
