using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    /// <summary>A cmdlet that acts on one job at a time, named by id (pipeline) or by display name.</summary>
    public abstract class SingleJobCmdlet : JobCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string Id { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = ByDisplayNameSet, HelpMessage = "The job's display name.")]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        public string DisplayName { get; set; } = "";

        protected string TargetName => ParameterSetName == ByDisplayNameSet ? DisplayName : Id;

        /// <summary>The job as the service holds it now.</summary>
        protected MigrationJob FindTargetJob(IMigrationSession session) =>
            Run(token => FindJobAsync(session, ParameterSetName == ByDisplayNameSet ? null : Id, DisplayName, token));
    }
}

namespace CrossTenantMigration.Commands
{
    /// <summary>A job action whose end can be waited for (-Wait, -TimeoutSec, -PollIntervalSec).</summary>
    public abstract class WaitableJobCmdlet : SingleJobCmdlet
    {
        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(0.1, 3600)]
        public double? PollIntervalSec { get; set; }

        /// <summary>Writes the job, or with -Wait waits for it to settle and writes it then.</summary>
        protected void WriteOrWait(IMigrationSession session, MigrationJob job)
        {
            if (Wait) WaitForJobs(session, new[] { job }, TimeoutSec, PollIntervalSec, WriteObject);
            else WriteObject(job);
        }
    }
}
