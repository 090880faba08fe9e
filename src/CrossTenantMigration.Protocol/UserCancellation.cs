using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>Cancels one user of a job, once: a lost answer or a repeat is reconciled with the user's statuses.</summary>
    internal static class UserCancellation
    {
        private static readonly string[] CancelledStatuses = { "pendingCancel", "cancelled" };
        private static readonly string[] FinishedStatuses = { "completed", "failed", "cancelled" };

        public static async Task<ActionOutcome<MigrationCancelResult>> RunAsync(IMigrationTransport transport, string jobId, string userId, CancellationToken cancellationToken)
        {
            try
            {
                return await ActOnce.RunAsync("cancellation",
                    () => transport.CancelUserAsync(jobId, userId, cancellationToken),
                    () => ReadBackAsync(transport, jobId, userId, cancellationToken)).ConfigureAwait(false);
            }
            catch (ServiceException ex) when (ex.ErrorId == ErrorIds.UserNotFound)
            {
                // Say which is missing: the job, or the user in it.
                await transport.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
                throw;
            }
        }

        private static async Task<ReadBack<MigrationCancelResult>> ReadBackAsync(IMigrationTransport transport, string jobId, string userId, CancellationToken cancellationToken)
        {
            var user = await transport.GetUserAsync(jobId, userId, cancellationToken).ConfigureAwait(false);
            var statuses = user.Workloads.Select(w => w.Status ?? "").ToList();
            var done = statuses.Count > 0 && statuses.All(s => CancelledStatuses.Contains(s, StringComparer.OrdinalIgnoreCase));
            var described = string.Join(", ", user.Workloads.Select(w => $"{w.Workload} {w.Status}"));
            return new ReadBack<MigrationCancelResult>
            {
                Done = done,
                Result = new MigrationCancelResult { JobId = jobId, UserId = userId, Status = statuses.FirstOrDefault(), Message = user.Message },
                Awaiting = !statuses.Any(s => FinishedStatuses.Contains(s, StringComparer.OrdinalIgnoreCase)),
                State = done ? $"user {userId} is already cancelled"
                    : $"User {userId} is {described}; a user can be cancelled only before the cutover date and before any workload finishes",
            };
        }
    }
}
