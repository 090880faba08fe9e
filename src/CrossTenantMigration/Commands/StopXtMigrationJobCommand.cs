using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Stop, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationCancelResult))]
    public sealed class StopXtMigrationJobCommand : JobActionCmdlet<MigrationCancelResult>
    {
        protected override JobAction<MigrationCancelResult> ActionFor(MigrationJob job) => JobActions.Cancel;

        protected override string ConfirmAction => "Cancel migration job";

        protected override string ConfirmTarget(MigrationJob job) => $"job '{job.DisplayName}' ({job.Id}): cancel every user still syncing";

        protected override void WriteAnswer(MigrationClient client, MigrationJob job, MigrationCancelResult answer) => WriteObject(answer);
    }
}
