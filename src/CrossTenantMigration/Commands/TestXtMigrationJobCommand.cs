using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class TestXtMigrationJobCommand : JobCmdlet
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
                if (JobStatus.IsIn(job.Status, ValidationUnderWay))
                {
                    WriteWarning($"Job '{job.DisplayName}' is already {job.Status}; validation was not started again.");
                }
                else if (!JobStatus.IsIn(job.Status, JobStatus.Validatable))
                {
                    WriteError(ErrorRecords.Create(ErrorIds.JobStatusNotValidatable, ErrorCategory.InvalidOperation,
                        $"Job '{job.DisplayName}' cannot be validated because its status is {job.Status}; validation starts only from {string.Join(" or ", JobStatus.Validatable)}.", job));
                    return;
                }
                else
                {
                    if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id})", "Validate migration job")) return;
                    job = Run(token => session.ValidateJobAsync(job.Id, token));
                }

                if (Wait) WaitForJobs(session, new[] { job }, TimeoutSec, PollIntervalSec, WriteObject);
                else WriteObject(job);
            });
        }

        private static readonly string[] ValidationUnderWay =
            { JobStatus.ValidateSubmitted, JobStatus.ValidateProcessing, JobStatus.ValidateInProgress, JobStatus.ValidatePassed };
    }
}
