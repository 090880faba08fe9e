using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Start, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class StartXtMigrationJobCommand : WaitableJobCmdlet
    {
        protected override void ProcessRecord()
        {
            var session = RequireSession();
            ForItem(TargetName, () =>
            {
                var job = FindTargetJob(session);
                if (!AlreadyDone(job, JobStatus.MigrationUnderWay, "migration"))
                {
                    if (!JobStatus.IsIn(job.Status, JobStatus.Migratable))
                    {
                        WriteStatusRefusal(job, ErrorIds.JobStatusNotMigratable, "migrated", JobStatus.Migratable,
                            job.Status == JobStatus.Submitted ? "Validate it first with Test-XtMigrationJob."
                            : job.Status == JobStatus.ValidateFailed ? "See which users failed with Get-XtMigrationJobUser -Status invalid, fix them, and validate it again with Test-XtMigrationJob."
                            : null);
                        return;
                    }
                    if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id}): migrate its users' mailboxes, OneDrive and Teams data", "Start migration")) return;
                    job = Run(token => session.MigrateJobAsync(job.Id, token));
                }

                WriteOrWait(session, job);
            });
        }
    }
}
