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
