using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>
    /// An action on a job and the statuses around it: from which the service accepts it, in which it is
    /// already done, and how a read-back tells that it took effect. The cmdlets declare nothing more than
    /// which action they run and how they show its answer.
    /// </summary>
    public sealed class JobAction<T>
    {
        internal JobAction(string name, string participle, string refusalErrorId, Func<IMigrationTransport, string, CancellationToken, Task<T>> send)
        {
            Name = name;
            Participle = participle;
            RefusalErrorId = refusalErrorId;
            Send = send;
        }

        /// <summary>The action as a noun: "validation".</summary>
        public string Name { get; }

        /// <summary>What a job becomes: "validated".</summary>
        public string Participle { get; }

        /// <summary>The ErrorId of a refusal before sending.</summary>
        public string RefusalErrorId { get; }

        /// <summary>Statuses from which the action is sent; null: the service decides, nothing is checked first.</summary>
        public IReadOnlyList<string>? AllowedFrom { get; internal set; }

        /// <summary>Statuses in which the job already is where the action would take it.</summary>
        public IReadOnlyList<string> AlreadyDoneIn { get; internal set; } = Array.Empty<string>();

        internal Func<IMigrationTransport, string, CancellationToken, Task<T>> Send { get; }

        /// <summary>The answer when the action is found done rather than carried out.</summary>
        internal Func<MigrationJob, T> AnswerFromJob { get; set; } = _ => default!;

        /// <summary>After a lost answer or a 409: whether the job (before, and as read back) shows the action took effect.</summary>
        internal Func<MigrationJob, MigrationJob, bool> TookEffect { get; set; } = (_, __) => false;

        /// <summary>After a lost answer: whether the job still awaits the action (so sending it again is safe).</summary>
        internal Func<MigrationJob, bool> Awaits { get; set; } = _ => false;

        /// <summary>The read-back, in words: "job 'x' is already pendingCancel".</summary>
        internal Func<MigrationJob, string> DescribeDone { get; set; } = job => $"job '{job.DisplayName}' is already {job.Status}";

        /// <summary>The read-back when the action did not take effect, in words.</summary>
        internal Func<MigrationJob, string> DescribeNotDone { get; set; } = _ => "";

        /// <summary>What to do about a refusal before sending, if there is advice to give.</summary>
        internal Func<MigrationJob, string?> Advice { get; set; } = _ => null;

        /// <summary>Whether a job that is gone counts as done (a deletion).</summary>
        internal bool GoneMeansDone { get; set; }

        /// <summary>
        /// The gate's special cases, before the status lists: already done, refused, or null to go on
        /// with the lists. Given the job and the service's clock.
        /// </summary>
        internal Func<MigrationJob, DateTimeOffset, ActionOutcome<T>?> Special { get; set; } = (_, __) => null;

        /// <summary>A refusal of the service that means more than its status lists say (an expired validation), or null.</summary>
        internal Func<MigrationJob, ServiceException, MigrationException?> ExplainConflict { get; set; } = (_, __) => null;

        /// <summary>
        /// The status gate, before anything is sent: already done (with a warning), refused (with the
        /// status and what it allows), or null when the action may go ahead.
        /// </summary>
        /// <param name="serviceNow">The service's clock, for what depends on time (a validation's seven days).</param>
        public ActionOutcome<T>? Check(MigrationJob job, DateTimeOffset serviceNow)
        {
            var special = Special(job, serviceNow);
            if (special != null) return special;
            if (JobStatus.IsIn(job.Status, AlreadyDoneIn))
                return ActionOutcome<T>.AlreadyDone(AnswerFromJob(job), $"Job '{job.DisplayName}' is already {job.Status}; {Name} was not requested again.");
            if (AllowedFrom != null && !JobStatus.IsIn(job.Status, AllowedFrom))
            {
                var advice = Advice(job);
                return ActionOutcome<T>.Refused(new JobStatusException(RefusalErrorId, job,
                    $"Job '{job.DisplayName}' cannot be {Participle} because its status is {job.Status}; that is possible only from {string.Join(", ", AllowedFrom)}.{(advice == null ? "" : " " + advice)}"));
            }
            return null;
        }

        /// <summary>Sends the action once, reconciling a lost answer or a refusal with what the service holds.</summary>
        internal Task<ActionOutcome<T>> RunAsync(IMigrationTransport transport, MigrationJob before, CancellationToken cancellationToken) =>
            ActOnce.RunAsync(Name, () => Send(transport, before.Id, cancellationToken), () => ReadBackAsync(transport, before, cancellationToken));

        private async Task<ReadBack<T>> ReadBackAsync(IMigrationTransport transport, MigrationJob before, CancellationToken cancellationToken)
        {
            MigrationJob job;
            try
            {
                job = await transport.GetJobAsync(before.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException ex) when (GoneMeansDone && ex.Kind == FailureKind.NotFound)
            {
                return new ReadBack<T> { Done = true, Result = AnswerFromJob(before), State = $"job '{before.DisplayName}' no longer exists" };
            }
            var done = TookEffect(before, job);
            return new ReadBack<T>
            {
                Done = done,
                Result = done ? AnswerFromJob(job) : default!,
                Awaiting = Awaits(job),
                State = done ? DescribeDone(job) : DescribeNotDone(job),
                Refusal = done ? null : (Func<ServiceException, MigrationException?>)(ex => ExplainConflict(job, ex)),
            };
        }
    }

    /// <summary>The service's actions on a job, each with its statuses and its words.</summary>
    public static class JobActions
    {
        /// <summary>
        /// Validate. A job whose validation passed less than seven days ago (by the service's clock) is
        /// already validated. Once its results have expired it is sent again; the documentation accepts
        /// validate only from submitted or validateFailed, so a service that refuses it leaves no validated
        /// job, and the answer is an error with the way out, never success.
        /// </summary>
        public static JobAction<MigrationJob> Validate { get; } = new JobAction<MigrationJob>(
            "validation", "validated", ErrorIds.JobStatusNotValidatable, (t, id, ct) => t.ValidateJobAsync(id, ct))
        {
            Special = (job, now) => job.Status == JobStatus.ValidatePassed && !JobStatus.ValidationExpired(job, now)
                ? ActionOutcome<MigrationJob>.AlreadyDone(job, $"Job '{job.DisplayName}' is already validatePassed (its results are good for seven days); validation was not requested again.")
                : null,
            AllowedFrom = JobStatus.Validatable.Concat(new[] { JobStatus.ValidatePassed }).ToArray(),
            AlreadyDoneIn = JobStatus.ValidationRunning,
            AnswerFromJob = job => job,
            // A validation that already ran to its end shows as a result newer than the job was.
            TookEffect = (before, after) => JobStatus.IsIn(after.Status, JobStatus.ValidationRunning)
                || (JobStatus.IsIn(after.Status, new[] { JobStatus.ValidatePassed, JobStatus.ValidateFailed }) && after.LastUpdatedDateTime > before.LastUpdatedDateTime),
            Awaits = job => JobStatus.IsIn(job.Status, JobStatus.Validatable),
            DescribeNotDone = job => AcceptedOnlyFrom(job, "validation", JobStatus.Validatable),
            ExplainConflict = (job, ex) => job.Status == JobStatus.ValidatePassed ? ExpiredValidation(job,
                $"The service refused to validate job '{job.DisplayName}' again: {ex.GraphErrorMessage ?? ex.Message} Its earlier validation has expired, so it has no validation to migrate with") : null,
        };

        public static JobAction<MigrationJob> Migrate { get; } = new JobAction<MigrationJob>(
            "migration", "migrated", ErrorIds.JobStatusNotMigratable, (t, id, ct) => t.MigrateJobAsync(id, ct))
        {
            Special = (job, now) => JobStatus.ValidationExpired(job, now)
                ? ActionOutcome<MigrationJob>.Refused(ExpiredValidation(job,
                    $"Job '{job.DisplayName}' cannot be migrated: its validation passed on {job.LastUpdatedDateTime:u}, and results are good for seven days"))
                : null,
            AllowedFrom = JobStatus.Migratable,
            AlreadyDoneIn = JobStatus.MigrationUnderWay,
            AnswerFromJob = job => job,
            TookEffect = (_, after) => JobStatus.IsIn(after.Status, JobStatus.MigrationUnderWay),
            Awaits = job => JobStatus.IsIn(job.Status, JobStatus.Migratable),
            DescribeNotDone = job => AcceptedOnlyFrom(job, "migration", JobStatus.Migratable),
            ExplainConflict = (job, ex) => job.Status == JobStatus.ValidatePassed ? ExpiredValidation(job,
                $"The service refused to migrate job '{job.DisplayName}' although it is validatePassed: {ex.GraphErrorMessage ?? ex.Message} Its validation results have expired (they are good for seven days, and a job rescheduled since looks younger than it is)") : null,
            Advice = job =>
                job.Status == JobStatus.Submitted ? "Validate it first with Test-XtMigrationJob."
                : job.Status == JobStatus.ValidateFailed ? "See which users failed with Get-XtMigrationJobUser -Status invalid, fix them, and validate it again with Test-XtMigrationJob."
                : null,
        };

        public static JobAction<MigrationCancelResult> Cancel { get; } = new JobAction<MigrationCancelResult>(
            "cancellation", "cancelled", ErrorIds.JobStatusNotCancellable, (t, id, ct) => t.CancelJobAsync(id, ct))
        {
            AllowedFrom = JobStatus.Cancellable,
            AlreadyDoneIn = JobStatus.CancellationUnderWay,
            AnswerFromJob = job => new MigrationCancelResult { JobId = job.Id, Status = job.Status, Message = job.Message },
            TookEffect = (_, after) => JobStatus.IsIn(after.Status, JobStatus.CancellationUnderWay),
            Awaits = job => JobStatus.IsIn(job.Status, JobStatus.Cancellable),
            DescribeNotDone = job => AcceptedOnlyFrom(job, "cancellation", JobStatus.Cancellable),
            Advice = _ => "A job cannot be cancelled once it is cutting over or has finished.",
        };

        public static JobAction<MigrationJob> Delete { get; } = new JobAction<MigrationJob>(
            "deletion", "deleted", ErrorIds.JobStatusNotDeletable, async (t, id, ct) => { await t.DeleteJobAsync(id, ct).ConfigureAwait(false); return null!; })
        {
            AllowedFrom = JobStatus.Deletable,
            AlreadyDoneIn = JobStatus.DeletionUnderWay,
            AnswerFromJob = job => job,
            TookEffect = (_, after) => JobStatus.IsIn(after.Status, JobStatus.DeletionUnderWay),
            Awaits = job => JobStatus.IsIn(job.Status, JobStatus.Deletable),
            DescribeNotDone = job => AcceptedOnlyFrom(job, "deletion", JobStatus.Deletable) + ". Cancel it or wait until it ends",
            Advice = _ => "Cancel it with Stop-XtMigrationJob, or wait until it finishes (Wait-XtMigrationJob), then remove it.",
            GoneMeansDone = true,
        };

        /// <summary>Moves the cutover date. The service decides whether the status allows it; a PATCH that landed shows in the job's date.</summary>
        public static JobAction<MigrationJob> Reschedule(DateTimeOffset completeAfterDateTime)
        {
            var when = completeAfterDateTime.ToUniversalTime();
            return new JobAction<MigrationJob>("reschedule", "rescheduled", ErrorIds.ServiceConflict,
                async (t, id, ct) => { await t.RescheduleJobAsync(id, when, ct).ConfigureAwait(false); return null!; })
            {
                AnswerFromJob = job => job,
                TookEffect = (_, after) => after.CompleteAfterDateTime.HasValue && Math.Abs((after.CompleteAfterDateTime.Value - when).TotalSeconds) < 1,
                Awaits = job => !JobStatus.IsIn(job.Status, JobStatus.Settled) && job.Status != JobStatus.CuttingOver,
                DescribeDone = job => $"job '{job.DisplayName}' already has its cutover after {when:u}",
                DescribeNotDone = job => $"Job '{job.DisplayName}' is {job.Status}; its cutover date can change only until it is cutting over or finished",
            };
        }

        /// <summary>A job whose validation expired: what happened, and the way out.</summary>
        private static JobStatusException ExpiredValidation(MigrationJob job, string what) =>
            new JobStatusException(ErrorIds.ValidationExpired, job,
                $"{what}. Validate it again with Test-XtMigrationJob; if the service refuses that too, remove the job (Remove-XtMigrationJob) and create it again with the same users (New-XtMigrationJob), then validate and migrate the new job.");

        private static string AcceptedOnlyFrom(MigrationJob job, string action, IReadOnlyList<string> statuses) =>
            $"Job '{job.DisplayName}' is {job.Status}; {action} is accepted only from {string.Join(", ", statuses)}";
    }
}
