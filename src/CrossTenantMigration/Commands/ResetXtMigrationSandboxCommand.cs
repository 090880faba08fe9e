using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Reset, "XtMigrationSandbox", SupportsShouldProcess = true)]
    [OutputType(typeof(SandboxSettings))]
    public sealed class ResetXtMigrationSandboxCommand : SandboxCmdlet
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnEndProcessing()
        {
            var sandbox = RequireSteering();
            if (!ShouldProcess("the sandbox of this session", "Reset: delete every job and every directory user, zero the counters, restore the default settings")) return;
            sandbox.Reset();
            if (PassThru) WriteObject(sandbox.GetSettings());
        }
    }
}
