using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsDiagnostic.Test, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(MigrationJob), typeof(bool))]
    public sealed class TestXtMigrationJobCommand : WaitableJobCmdlet
    {
        // A job that passed is sent again: the service refuses it while the result is valid (the engine
        // then answers with the job as it is) and accepts it once the 7-day validity has run out.
        private static readonly string[] Validatable = { JobStatus.Submitted, JobStatus.ValidateFailed, JobStatus.ValidatePassed };

        /// <summary>Wait, then return only whether validation passed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var session = RequireSession();
            ForItem(TargetName, () =>
            {
                var job = FindTargetJob(session);
                if (!AlreadyDone(job, JobStatus.ValidationRunning, "validation"))
                {
                    if (!JobStatus.IsIn(job.Status, Validatable))
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
                else WriteOrWait(session, job);
            });
        }
    }
}
