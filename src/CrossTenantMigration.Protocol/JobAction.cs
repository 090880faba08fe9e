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

        /// <summary>After a lost answer or a 409: whether the job shows the action took effect.</summary>
        internal Func<MigrationJob, bool> TookEffect { get; set; } = _ => false;

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
        /// The status gate, before anything is sent: already done (with a warning), refused (with the
        /// status and what it allows), or null when the action may go ahead.
        /// </summary>
        public ActionOutcome<T>? Check(MigrationJob job)
        {
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
        internal Task<ActionOutcome<T>> RunAsync(IMigrationTransport transport, string jobId, CancellationToken cancellationToken) =>
            ActOnce.RunAsync(Name, () => Send(transport, jobId, cancellationToken), () => ReadBackAsync(transport, jobId, cancellationToken));

        private async Task<ReadBack<T>> ReadBackAsync(IMigrationTransport transport, string jobId, CancellationToken cancellationToken)
        {
            MigrationJob job;
            try
            {
                job = await transport.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException ex) when (GoneMeansDone && ex.Kind == FailureKind.NotFound)
            {
                return new ReadBack<T> { Done = true, Result = AnswerFromJob(new MigrationJob { Id = jobId, DisplayName = jobId }), State = $"job {jobId} no longer exists" };
            }
            var done = TookEffect(job);
            return new ReadBack<T>
            {
                Done = done,
                Result = done ? AnswerFromJob(job) : default!,
                Awaiting = Awaits(job),
                State = done ? DescribeDone(job) : DescribeNotDone(job),
            };
        }
    }

    /// <summary>The service's actions on a job, each with its statuses and its words.</summary>
    public static class JobActions
    {
        /// <summary>
        /// Validate. A job that passed is sent again: the service refuses it while the result is valid
        /// (the read-back then answers with the job as it is) and accepts it once the 7-day validity has run out.
        /// </summary>
        public static JobAction<MigrationJob> Validate { get; } = new JobAction<MigrationJob>(
            "validation", "validated", ErrorIds.JobStatusNotValidatable, (t, id, ct) => t.ValidateJobAsync(id, ct))
        {
            AllowedFrom = JobStatus.Validatable.Concat(new[] { JobStatus.ValidatePassed }).ToArray(),
            AlreadyDoneIn = JobStatus.ValidationRunning,
            AnswerFromJob = job => job,
            TookEffect = job => JobStatus.IsIn(job.Status, JobStatus.ValidationRunning) || job.Status == JobStatus.ValidatePassed,
            Awaits = job => JobStatus.IsIn(job.Status, JobStatus.Validatable),
            DescribeNotDone = job => AcceptedOnlyFrom(job, "validation", JobStatus.Validatable),
        };

        public static JobAction<MigrationJob> Migrate { get; } = new JobAction<MigrationJob>(
            "migration", "migrated", ErrorIds.JobStatusNotMigratable, (t, id, ct) => t.MigrateJobAsync(id, ct))
        {
            AllowedFrom = JobStatus.Migratable,
            AlreadyDoneIn = JobStatus.MigrationUnderWay,
            AnswerFromJob = job => job,
            TookEffect = job => JobStatus.IsIn(job.Status, JobStatus.MigrationUnderWay),
            Awaits = job => JobStatus.IsIn(job.Status, JobStatus.Migratable),
            DescribeNotDone = job => AcceptedOnlyFrom(job, "migration", JobStatus.Migratable)
                + (job.Status == JobStatus.ValidatePassed ? ". Its validation has probably expired (results are valid for 7 days): validate it again with Test-XtMigrationJob" : ""),
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
            TookEffect = job => JobStatus.IsIn(job.Status, JobStatus.CancellationUnderWay),
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
            TookEffect = job => JobStatus.IsIn(job.Status, JobStatus.DeletionUnderWay),
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
                TookEffect = job => job.CompleteAfterDateTime.HasValue && Math.Abs((job.CompleteAfterDateTime.Value - when).TotalSeconds) < 1,
                Awaits = job => !JobStatus.IsIn(job.Status, JobStatus.Settled) && job.Status != JobStatus.CuttingOver,
                DescribeDone = job => $"job '{job.DisplayName}' already has its cutover after {when:u}",
                DescribeNotDone = job => $"Job '{job.DisplayName}' is {job.Status}; its cutover date can change only until it is cutting over or finished",
            };
        }

        private static string AcceptedOnlyFrom(MigrationJob job, string action, IReadOnlyList<string> statuses) =>
            $"Job '{job.DisplayName}' is {job.Status}; {action} is accepted only from {string.Join(", ", statuses)}";
    }
}
