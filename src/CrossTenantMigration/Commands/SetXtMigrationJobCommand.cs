using System;
using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Set, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class SetXtMigrationJobCommand : SingleJobCmdlet
    {
        [Parameter(Mandatory = true, HelpMessage = "The new date after which cutover may start.")]
        public DateTimeOffset CompleteAfterDateTime { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var session = RequireSession();
            ForItem(TargetName, () =>
            {
                var job = FindTargetJob(session);
                var when = CompleteAfterDateTime.ToUniversalTime();
                if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id}): cutover after {when:u} instead of {job.CompleteAfterDateTime:u}", "Reschedule migration job")) return;
                if (when <= DateTimeOffset.UtcNow)
                    WriteWarning($"{when:u} is not in the future: the service treats the cutover of job '{job.DisplayName}' as due now, at its next processing cycle.");
                Run(token => session.RescheduleJobAsync(job.Id, when, token));
                if (PassThru) WriteObject(Run(token => session.GetJobAsync(job.Id, token)));
            });
        }
    }
}
