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
                    ? (WireServiceStatus.PendingCancel, "Cancellation of this user is in progress.", null)
                    : (WireServiceStatus.Cancelled, "The migration of this user was cancelled.", null);
            }

            if (user.MigrationCompleted)
            {
                return (WireServiceStatus.Completed, "", null);
            }

            string status = job.Status == WireJobStatus.PendingDelete ? job.StatusBeforeDelete ?? WireJobStatus.Cancelled : job.Status;
            bool exchange = workload == WireWorkload.Exchange;
            switch (status)
            {
                case WireJobStatus.ValidateInProgress:
                    return (WireServiceStatus.InProgress, "", null);
                case WireJobStatus.ValidatePassed:
                    return (WireServiceStatus.Valid, "", null);
                case WireJobStatus.ValidateFailed:
                    return user.ValidationFailures.TryGetValue(workload, out var invalid)
                        ? (WireServiceStatus.Invalid, invalid.Message, invalid.Error)
                        : (WireServiceStatus.Valid, "", (ErrorEntry?)null);
                case WireJobStatus.InProgress:
                    if (exchange)
                    {
                        return now < job.StatusEnteredAt + step ? (WireServiceStatus.Syncing, "", null) : (WireServiceStatus.Synced, "", (ErrorEntry?)null);
                    }

                    return (WireServiceStatus.InProgress, "", null);
                case WireJobStatus.CuttingOver:
                    return exchange ? (WireServiceStatus.Finalizing, "", null) : (WireServiceStatus.InProgress, "", (ErrorEntry?)null);
                case WireJobStatus.Completed:
                case WireJobStatus.CompletedWithErrors:
                case WireJobStatus.Failed:
                    return user.MigrationFailures.TryGetValue(workload, out var failed)
                        ? (WireServiceStatus.Failed, failed.Message, failed.Error)
                        : (WireServiceStatus.Completed, "", (ErrorEntry?)null);
                case WireJobStatus.PendingCancel:
                    return (WireServiceStatus.PendingCancel, "", null);
                case WireJobStatus.Cancelled:
                    return (WireServiceStatus.Cancelled, "", null);
                default:
                    // submitted, validateSubmitted, validateProcessing, processing
                    return (WireServiceStatus.NotStarted, "", null);
            }
        }

        /// <summary>The overall status of one user, used by the task cancel guard.</summary>
        public static string UserStatus(JobRecord job, UserRecord user, DateTimeOffset now, TimeSpan step)
        {
            if (user.CancelRequestedAt.HasValue)
            {
                return now < user.CancelRequestedAt.Value + step ? WireJobStatus.PendingCancel : WireJobStatus.Cancelled;
            }

            if (user.MigrationCompleted)
            {
                return WireJobStatus.Completed;
            }

            if (user.MigrationFailures.Count > 0
                && (job.Status == WireJobStatus.Failed || job.Status == WireJobStatus.CompletedWithErrors || job.Status == WireJobStatus.PendingDelete))
            {
                return WireJobStatus.Failed;
            }

            return job.Status;
        }

        public static bool IsTerminalUserStatus(string status)
            => status == WireJobStatus.Cancelled || status == WireJobStatus.PendingCancel || status == WireJobStatus.Completed || status == WireJobStatus.Failed;

        public static DateTimeOffset TaskLastUpdated(JobRecord job, UserRecord user)
            => user.LastUpdated > job.StatusEnteredAt ? user.LastUpdated : job.StatusEnteredAt;

        public static IEnumerable<UserRecord> ActiveUsers(JobRecord job) => job.Users.Where(u => !u.IsCancelled);
    }
}
