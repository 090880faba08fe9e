using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Start, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class StartXtMigrationJobCommand : JobCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string Id { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = ByDisplayNameSet, HelpMessage = "The job's display name.")]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        public string DisplayName { get; set; } = "";

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
            var target = ParameterSetName == ByIdSet ? Id : DisplayName;
            ForItem(target, () =>
            {
                var job = Run(token => FindJobAsync(session, ParameterSetName == ByIdSet ? Id : null, DisplayName, token));
                if (JobStatus.IsIn(job.Status, MigrationUnderWay))
                {
                    WriteWarning($"Job '{job.DisplayName}' is already {job.Status}; migration was not started again.");
                }
                else if (!JobStatus.IsIn(job.Status, JobStatus.Migratable))
                {
                    WriteError(ErrorRecords.Create(ErrorIds.JobStatusNotMigratable, ErrorCategory.InvalidOperation,
                        $"Job '{job.DisplayName}' cannot be migrated because its status is {job.Status}; migration starts only from {string.Join(", ", JobStatus.Migratable)}." +
                        (job.Status == JobStatus.Submitted || job.Status == JobStatus.ValidateFailed ? " Validate it first with Test-XtMigrationJob." : ""), job));
                    return;
                }
                else
                {
                    if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id}): migrate its users' mailboxes, OneDrive and Teams data", "Start migration")) return;
                    job = Run(token => session.MigrateJobAsync(job.Id, token));
                }

                if (Wait) WaitForJobs(session, new[] { job }, TimeoutSec, PollIntervalSec, WriteObject);
                else WriteObject(job);
            });
        }

        private static readonly string[] MigrationUnderWay =
            { JobStatus.Processing, JobStatus.InProgress, JobStatus.CuttingOver, JobStatus.Completed };
    }
}
