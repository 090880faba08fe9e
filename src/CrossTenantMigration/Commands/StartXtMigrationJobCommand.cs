using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Start, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class StartXtMigrationJobCommand : WaitableJobActionCmdlet
    {
        protected override JobAction<MigrationJob> ActionFor(MigrationJob job) => JobActions.Migrate;

        protected override string ConfirmAction => "Start migration";

        protected override string ConfirmTarget(MigrationJob job) =>
            $"job '{job.DisplayName}' ({job.Id}): migrate its users' mailboxes, OneDrive and Teams data";

        protected override void WriteAnswer(MigrationClient client, MigrationJob job, MigrationJob answer) => WriteOrWait(client, answer);
    }
}
