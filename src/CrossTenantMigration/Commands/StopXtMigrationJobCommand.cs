using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Stop, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationCancelResult))]
    public sealed class StopXtMigrationJobCommand : SingleJobCmdlet
    {
        protected override void ProcessRecord()
        {
            var session = RequireSession();
            ForItem(TargetName, () =>
            {
                var job = FindTargetJob(session);
                if (AlreadyDone(job, JobStatus.CancellationUnderWay, "cancellation"))
                {
                    WriteObject(new MigrationCancelResult { JobId = job.Id, Status = job.Status, Message = job.Message });
                    return;
                }
                if (!JobStatus.IsIn(job.Status, JobStatus.Cancellable))
                {
                    WriteStatusRefusal(job, ErrorIds.JobStatusNotCancellable, "cancelled", JobStatus.Cancellable,
                        "A job cannot be cancelled once it is cutting over or has finished.");
                    return;
                }
                if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id}): cancel every user still syncing", "Cancel migration job")) return;
                WriteObject(Run(token => session.CancelJobAsync(job.Id, token)));
            });
        }
    }
}
