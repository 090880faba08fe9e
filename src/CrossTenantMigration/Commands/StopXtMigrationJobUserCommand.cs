using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Stop, "XtMigrationJobUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MigrationCancelResult))]
    public sealed class StopXtMigrationJobUserCommand : ActionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateGuid]
        public string JobId { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, HelpMessage = "The user's object id (a GUID).")]
        [ValidateGuid]
        public string Id { get; set; } = "";

        protected override void OnProcessRecord()
        {
            ForItem(Id, () =>
            {
                var jobId = JobDefinitionRules.NormalizeJobId(JobId, "JobId");
                var userId = JobDefinitionRules.NormalizeUserId(Id);
                var client = RequireClient();
                Perform(userId, gate: null,
                    $"user {userId} of job {jobId}: cancel this user's migration, mailbox sync included", "Cancel user migration",
                    token => client.CancelUserAsync(jobId, userId, token), WriteObject);
            });
        }
    }
}
