using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob), typeof(bool))]
    public sealed class TestXtMigrationJobCommand : SingleJobCmdlet
    {
        private static readonly string[] ValidationUnderWay =
            { JobStatus.ValidateSubmitted, JobStatus.ValidateProcessing, JobStatus.ValidateInProgress, JobStatus.ValidatePassed };

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Wait, then return only whether validation passed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

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
                if (!AlreadyDone(job, ValidationUnderWay, "validation"))
                {
                    if (!JobStatus.IsIn(job.Status, JobStatus.Validatable))
                    {
                        WriteStatusRefusal(job, ErrorIds.JobStatusNotValidatable, "validated", JobStatus.Validatable);
                        if (Quiet) WriteObject(false);
                        return;
                    }
                    if (!ShouldProcess($"job '{job.DisplayName}' ({job.Id})", "Validate migration job")) return;
                    job = Run(token => session.ValidateJobAsync(job.Id, token));
                }

                if (Quiet)
                {
                    var passed = false;
                    WaitForJobs(session, new[] { job }, TimeoutSec, PollIntervalSec, settled => passed = settled.Status == JobStatus.ValidatePassed);
                    WriteObject(passed);
                }
                else if (Wait) WaitForJobs(session, new[] { job }, TimeoutSec, PollIntervalSec, WriteObject);
                else WriteObject(job);
            });
        }
    }
}
