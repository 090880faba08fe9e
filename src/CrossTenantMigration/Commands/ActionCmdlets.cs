using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    /// <summary>
    /// What every action cmdlet does with an action: confirm it, run it, and turn its outcome into the
    /// answer (done), a warning and the answer (already done), or a non-terminating error (refused).
    /// </summary>
    public abstract class ActionCmdlet : JobCmdlet
    {
        /// <param name="gate">The outcome decided before sending (already done, refused), or null to go ahead.</param>
        /// <returns>Whether there is an answer (done or already done).</returns>
        protected bool Perform<T>(object target, ActionOutcome<T>? gate, string shouldProcessTarget, string shouldProcessAction,
            Func<CancellationToken, Task<ActionOutcome<T>>> act, Action<T> onAnswer)
        {
            var outcome = gate;
            if (outcome == null)
            {
                if (!ShouldProcess(shouldProcessTarget, shouldProcessAction)) return false;
                outcome = Run(act);
            }
            if (outcome.Kind == OutcomeKind.Refused)
            {
                Write(outcome.Refusal!, target);
                return false;
            }
            if (outcome.Warning != null) WriteWarning(outcome.Warning);
            onAnswer(outcome.Result);
            return true;
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

        /// <summary>After a refusal, for a cmdlet that writes something anyway (Test- -Quiet).</summary>
        protected virtual void OnRefused() { }

        protected override void ProcessRecord()
        {
            var client = RequireClient();
            var target = ParameterSetName == ByDisplayNameSet ? DisplayName : Id;
            ForItem(target, () =>
            {
                var job = Run(token => client.FindJobAsync(ParameterSetName == ByDisplayNameSet ? null : Id, DisplayName, token));
                var action = ActionFor(job);
                if (!Perform(job, client.Check(action, job), ConfirmTarget(job), ConfirmAction,
                        token => client.ActAsync(action, job, token), answer => WriteAnswer(client, job, answer)))
                    OnRefused();
            });
        }
    }

    /// <summary>A job action whose end can be waited for (-Wait, -TimeoutSec, -PollIntervalSec).</summary>
    public abstract class WaitableJobActionCmdlet : JobActionCmdlet<MigrationJob>
    {
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(0.1, 3600)]
        public double? PollIntervalSec { get; set; }

        /// <summary>Writes the job, or with -Wait waits for it to settle and writes it then.</summary>
        protected void WriteOrWait(MigrationClient client, MigrationJob job)
        {
            if (Wait) WaitForJobs(client, new[] { job }, TimeoutSec, PollIntervalSec, WriteObject);
            else WriteObject(job);
        }
    }
}
