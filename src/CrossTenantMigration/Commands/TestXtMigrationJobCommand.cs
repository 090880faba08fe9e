using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob), typeof(bool))]
    public sealed class TestXtMigrationJobCommand : WaitableJobActionCmdlet
    {
        /// <summary>Wait, then return only whether validation passed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override JobAction<MigrationJob> ActionFor(MigrationJob job) => JobActions.Validate;

        protected override string ConfirmAction => "Validate migration job";

        protected override void WriteAnswer(MigrationClient client, MigrationJob job, MigrationJob answer)
        {
            if (!Quiet)
            {
                WriteOrWait(client, answer);
                return;
            }
            var passed = false;
            WaitForJobs(client, new[] { answer }, TimeoutSec, PollIntervalSec, settled => passed = settled.Status == JobStatus.ValidatePassed);
            WriteObject(passed);
        }

        protected override void OnRefused()
        {
            if (Quiet) WriteObject(false);
        }
    }
}
