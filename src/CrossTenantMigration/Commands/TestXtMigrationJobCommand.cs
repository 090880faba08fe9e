using System;
using System.Collections.Generic;
using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob), typeof(bool))]
    public sealed class TestXtMigrationJobCommand : WaitableJobActionCmdlet
    {
        // With -Quiet, one answer per input job in input order: a job to wait for, or false at once.
        private readonly List<MigrationJob?> _quietAnswers = new List<MigrationJob?>();

        /// <summary>Wait, then return only whether validation passed, one $true or $false per job in input order.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override JobAction<MigrationJob> ActionFor(MigrationJob job) => JobActions.Validate;

        protected override string ConfirmAction => "Validate migration job";

        protected override void WriteAnswer(MigrationClient client, MigrationJob job, MigrationJob answer)
        {
            if (Quiet) _quietAnswers.Add(answer);
            else WriteOrWait(client, answer);
        }

        protected override void OnRefused()
        {
            if (Quiet) _quietAnswers.Add(null);
        }

        protected override void OnEndProcessing()
        {
            base.OnEndProcessing();
            if (!Quiet) return;
            var toWaitFor = new List<MigrationJob>();
            foreach (var job in _quietAnswers) if (job != null) toWaitFor.Add(job);
            var passed = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            if (toWaitFor.Count > 0)
                WaitForJobs(Client, toWaitFor, TimeoutSec, PollIntervalSec, settled => passed[settled.Id] = settled.Status == JobStatus.ValidatePassed, ThrottleLimit);
            foreach (var job in _quietAnswers)
                WriteObject(job != null && passed.TryGetValue(job.Id, out var ok) && ok);
        }
    }
}
