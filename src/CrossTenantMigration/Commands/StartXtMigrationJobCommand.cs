using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Start, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class StartXtMigrationJobCommand : SingleJobCmdlet
    {
        private static readonly string[] MigrationUnderWay =
            { JobStatus.Processing, JobStatus.InProgress, JobStatus.CuttingOver, JobStatus.Completed };

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(0.1, 3600)]
        public double? PollIntervalSec { get; set; }

        protected override void ProcessRecord()
        {
            var session = RequireSession();
            ForItem(TargetName, () =>
            {
                var job = FindTargetJob(session);
                if (!AlreadyDone(job, MigrationUnderWay, "migration"))
                {
                    if (!JobStatus.IsIn(job.Status, JobStatus.Migratable))
                    {
                        WriteStatusRefusal(job, ErrorIds.JobStatusNotMigratable, "migrated", JobStatus.Migratable,
                            job.Status == JobStatus.Submitted || job.Status == JobStatus.ValidateFailed ? "Validate it first with Test-XtMigrationJob." : null);
                        return;
                    }
                    if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id}): migrate its users' mailboxes, OneDrive and Teams data", "Start migration")) return;
                    job = Run(token => session.MigrateJobAsync(job.Id, token));
                }

                if (Wait) WaitForJobs(session, new[] { job }, TimeoutSec, PollIntervalSec, WriteObject);
                else WriteObject(job);
            });
        }
    }
}
