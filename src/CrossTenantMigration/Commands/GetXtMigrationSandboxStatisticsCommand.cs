using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Get, "XtMigrationSandboxStatistics")]
    [OutputType(typeof(SandboxStatistics))]
    public sealed class GetXtMigrationSandboxStatisticsCommand : SandboxCmdlet
    {
        protected override void OnEndProcessing() => WriteObject(RequireSteering().GetStatistics());
    }
}
