using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    /// <summary>
    /// What every action cmdlet does with an action: confirm it, run it, and turn its outcome into the
    /// answer (done), a warning and the answer (already done), or a non-terminating error (refused).
    /// Actions run in the background as their input arrives, at most -ThrottleLimit at once, so that a
    /// wave's jobs go out together; their outcomes are written in input order.
    /// </summary>
    public abstract class ActionCmdlet : JobCmdlet
    {
        private readonly Queue<Pending> _pending = new Queue<Pending>();
        private SemaphoreSlim? _inFlight;

        /// <summary>At most this many requests of this cmdlet under way at once.</summary>
        [Parameter]
        [ValidateRange(ParameterBounds.MinThrottleLimit, ParameterBounds.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = ParameterBounds.DefaultThrottleLimit;

        /// <summary>
        /// Runs an action for one input item: the gate's outcome at once; otherwise, once confirmed, the
        /// action in the background. Outcomes are handled in input order as they become ready.
        /// </summary>
        /// <param name="gate">The outcome decided before sending (already done, refused), or null to go ahead.</param>
        /// <param name="onRefused">For a cmdlet that writes something for a refused or failed item (Test- -Quiet).</param>
        protected void Perform<T>(object target, ActionOutcome<T>? gate, string shouldProcessTarget, string shouldProcessAction,
            Func<CancellationToken, Task<ActionOutcome<T>>> act, Action<T> onAnswer, Action? onRefused = null)
        {
            Task<ActionOutcome<T>> task;
            if (gate != null) task = Task.FromResult(gate);
            else if (ShouldProcess(shouldProcessTarget, shouldProcessAction))
                task = StartAction($"'{shouldProcessAction}' on {shouldProcessTarget}", token => Bounded(InFlight, act, token));
            else return;
            _pending.Enqueue(new Pending(task, () => Handle(task, target, onAnswer, onRefused)));
            HandleReady();
        }

        /// <summary>An input item that failed before its action (the job could not be found): its error, in its place.</summary>
        protected void Fail(MigrationException failure, object target, Action? onRefused = null)
        {
            _pending.Enqueue(new Pending(Task.CompletedTask, () =>
            {
                Write(failure, target);
                onRefused?.Invoke();
            }));
            HandleReady();
        }

        /// <summary>The bound of -ThrottleLimit requests of this cmdlet under way.</summary>
        protected SemaphoreSlim InFlight => _inFlight ??= new SemaphoreSlim(ThrottleLimit);

        /// <summary>Handles, in input order, the outcomes that are ready, and writes what background work reported.</summary>
        protected void HandleReady()
        {
            Pump();
            while (_pending.Count > 0 && _pending.Peek().Task.IsCompleted) _pending.Dequeue().Handle();
        }

        /// <summary>Waits for every action still under way, handling each outcome in input order.</summary>
        protected virtual void HandleAll()
        {
            while (_pending.Count > 0)
            {
                var next = _pending.Dequeue();
                PumpUntil(next.Task);
                next.Handle();
            }
        }

        protected override void OnEndProcessing() => HandleAll();

        private void Handle<T>(Task<ActionOutcome<T>> task, object target, Action<T> onAnswer, Action? onRefused)
        {
            Reported(task); // its answer, or its error, is written now
            ActionOutcome<T> outcome;
            try
            {
                outcome = ResultOf(task);
            }
            catch (MigrationException ex)
            {
                Write(ex, target);
                onRefused?.Invoke();
                return;
            }
            if (outcome.Kind == OutcomeKind.Refused)
            {
                Write(outcome.Refusal!, target);
                onRefused?.Invoke();
                return;
            }
            if (outcome.Warning != null) WriteWarning(outcome.Warning);
            onAnswer(outcome.Result);
        }

        private sealed class Pending
        {
            public Pending(Task task, Action handle)
            {
                Task = task;
                Handle = handle;
            }

            public Task Task { get; }
            public Action Handle { get; }
        }
    }

    /// <summary>
    /// A cmdlet that runs one of the protocol's job actions on each job it is given, by id (pipeline) or
    /// by display name. Each declares only its action, the words of its confirmation and what it writes.
    /// </summary>
    public abstract class JobActionCmdlet<T> : ActionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateGuid]
        public string Id { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = ByDisplayNameSet, HelpMessage = "The job's display name.")]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        [ValidateNotWhiteSpace]
        public string DisplayName { get; set; } = "";

        /// <summary>The action for this job.</summary>
        protected abstract JobAction<T> ActionFor(MigrationJob job);

        /// <summary>The ShouldProcess action, e.g. "Validate migration job".</summary>
        protected abstract string ConfirmAction { get; }

        /// <summary>The ShouldProcess target: the job, and what the action does to it.</summary>
        protected virtual string ConfirmTarget(MigrationJob job) => $"job '{job.DisplayName}' ({job.Id})";

        /// <summary>Writes the answer of a done or already-done action.</summary>
        protected abstract void WriteAnswer(MigrationClient client, MigrationJob job, T answer);

        /// <summary>
        /// The answer to write for a done action, made in the background with the action itself (Set- -PassThru
        /// reads the job again there rather than on the pipeline thread).
        /// </summary>
        protected virtual Task<T> AnswerAsync(MigrationClient client, MigrationJob job, T answer, CancellationToken cancellationToken) => Task.FromResult(answer);

        /// <summary>After a refusal or a failure, for a cmdlet that writes something anyway (Test- -Quiet).</summary>
        protected virtual void OnRefused() { }

        protected MigrationClient Client => _client ??= RequireClient();
        private MigrationClient? _client;

        // The jobs being read, in input order: each is read in the background as it arrives (at most
        // -ThrottleLimit requests at once), then confirmed and acted on, on the pipeline thread, in order.
        private readonly Queue<(Task<MigrationJob> Lookup, string Target)> _lookups = new Queue<(Task<MigrationJob>, string)>();

        protected override void OnProcessRecord()
        {
            var client = Client;
            var byName = ParameterSetName == ByDisplayNameSet;
            string? id = byName ? null : Id;
            var name = DisplayName;
            // The job as it is now, before it is confirmed: a refusal needs no confirmation.
            _lookups.Enqueue((Start(token => Bounded(InFlight, t => client.FindJobAsync(id, name, t), token)), id ?? name));
            ActOnReadJobs(keepPending: ThrottleLimit);
        }

        protected override void HandleAll()
        {
            ActOnReadJobs(keepPending: 0);
            base.HandleAll();
        }

        /// <summary>
        /// Confirms and starts the action of each job read so far, in input order, waiting for the oldest reads
        /// while more than <paramref name="keepPending"/> are under way (so input is not read without bound ahead).
        /// </summary>
        private void ActOnReadJobs(int keepPending)
        {
            Pump();
            while (_lookups.Count > 0 && (_lookups.Count > keepPending || _lookups.Peek().Lookup.IsCompleted))
            {
                var (lookup, target) = _lookups.Dequeue();
                PumpUntil(lookup);
                MigrationJob job;
                try
                {
                    job = ResultOf(lookup);
                }
                catch (MigrationException ex)
                {
                    Fail(ex, target, OnRefused);
                    continue;
                }
                var client = Client;
                var action = ActionFor(job);
                Perform(job, client.Check(action, job), ConfirmTarget(job), ConfirmAction,
                    async token =>
                    {
                        var outcome = await client.ActAsync(action, job, token).ConfigureAwait(false);
                        return outcome.Kind == OutcomeKind.Done ? outcome.WithResult(await AnswerAsync(client, job, outcome.Result, token).ConfigureAwait(false)) : outcome;
                    },
                    answer => WriteAnswer(client, job, answer), OnRefused);
            }
        }
    }

    /// <summary>
    /// A job action whose end can be waited for (-Wait, -TimeoutSec, -PollIntervalSec). The actions go out
    /// as the jobs arrive; the wait covers them all at once, once the input has ended.
    /// </summary>
    public abstract class WaitableJobActionCmdlet : JobActionCmdlet<MigrationJob>
    {
        private readonly List<MigrationJob> _toWaitFor = new List<MigrationJob>();

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(ParameterBounds.MinTimeoutSec, ParameterBounds.MaxTimeoutSec)]
        public int? TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(ParameterBounds.MinPollIntervalSec, ParameterBounds.MaxPollIntervalSec)]
        public double? PollIntervalSec { get; set; }

        /// <summary>With -Wait, write the jobs in input order rather than each as it settles.</summary>
        [Parameter]
        public SwitchParameter Ordered { get; set; }

        /// <summary>Writes the job, or with -Wait keeps it to wait for once the input has ended.</summary>
        protected void WriteOrWait(MigrationClient client, MigrationJob job)
        {
            if (Wait) _toWaitFor.Add(job);
            else WriteObject(job);
        }

        /// <summary>The jobs kept to wait for, each written as it settles (in input order with -Ordered).</summary>
        protected virtual void WaitForKept(MigrationClient client, IReadOnlyList<MigrationJob> jobs) =>
            WaitForJobs(client, jobs, TimeoutSec, PollIntervalSec, WriteObject, ThrottleLimit, Ordered);

        protected override void OnEndProcessing()
        {
            HandleAll();
            if (_toWaitFor.Count > 0) WaitForKept(Client, _toWaitFor);
        }
    }
}
