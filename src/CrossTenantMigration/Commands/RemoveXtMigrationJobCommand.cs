using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Remove, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class RemoveXtMigrationJobCommand : JobActionCmdlet<MigrationJob>
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override JobAction<MigrationJob> ActionFor(MigrationJob job) => JobActions.Delete;

        protected override string ConfirmAction => "Delete migration job";

        protected override string ConfirmTarget(MigrationJob job) => $"job '{job.DisplayName}' ({job.Id}) and its users' migration records";

        protected override void WriteAnswer(MigrationClient client, MigrationJob job, MigrationJob answer)
        {
            if (!PassThru) return;
            // The job as the service shows it now (pendingDelete), or as it was if it is already gone.
            try { job = Run(token => client.GetJobAsync(job.Id, token)); }
            catch (ServiceException ex) when (ex.Kind == FailureKind.NotFound) { }
            WriteObject(job);
        }
    }
}
