using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Remove, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class RemoveXtMigrationJobCommand : SingleJobCmdlet
    {
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var session = RequireSession();
            ForItem(TargetName, () =>
            {
                var job = FindTargetJob(session);
                if (!AlreadyDone(job, JobStatus.DeletionUnderWay, "deletion"))
                {
                    if (!JobStatus.IsIn(job.Status, JobStatus.Deletable))
                    {
                        WriteStatusRefusal(job, ErrorIds.JobStatusNotDeletable, "deleted", JobStatus.Deletable,
                            "Cancel it with Stop-XtMigrationJob, or wait until it finishes (Wait-XtMigrationJob), then remove it.");
                        return;
                    }
                    if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id}) and its users' migration records", "Delete migration job")) return;
                    Run(token => session.DeleteJobAsync(job.Id, token));
                }
                if (PassThru)
                {
                    // The job as the service shows it now (pendingDelete), or as it was if it is already gone.
                    try { job = Run(token => session.GetJobAsync(job.Id, token)); }
                    catch (MigrationServiceException ex) when (ex.Kind == FailureKind.NotFound) { }
                    WriteObject(job);
                }
            });
        }
    }
}
