using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Get, "XtMigrationJobUser", DefaultParameterSetName = ByJobIdSet)]
    [OutputType(typeof(MigrationUser))]
    public sealed class GetXtMigrationJobUserCommand : JobCmdlet
    {
        private const string ByJobIdSet = "ByJobId";
        private const string ByJobSet = "ByJob";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByJobIdSet, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string JobId { get; set; } = "";

        /// <summary>A job from Get-XtMigrationJob, New-XtMigrationJob and the like.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByJobSet, ValueFromPipeline = true)]
        public MigrationJob InputObject { get; set; } = null!;

        [Parameter(Position = 1)]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Users with at least one workload in one of these statuses.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(WorkloadStatusCompleter))]
        public string[] Status { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            string jobId;
            string[] userIds;
            string[] statuses;
            try
            {
                jobId = JobDefinitionRules.NormalizeJobId(ParameterSetName == ByJobSet ? InputObject.Id : JobId, ParameterSetName == ByJobSet ? "InputObject" : "JobId");
                userIds = (Id ?? Array.Empty<string>()).Select(u => JobDefinitionRules.NormalizeUserId(u)).ToArray();
                statuses = (Status ?? Array.Empty<string>()).Select(s => JobDefinitionRules.NormalizeWorkloadStatus(s)).ToArray();
            }
            catch (InputValidationException ex)
            {
                Throw(ex);
                return;
            }
            var session = RequireSession();

            IEnumerable<MigrationUser> users;
            if (userIds.Length == 0)
            {
                try { users = Run(token => session.ListUsersAsync(jobId, token)); }
                catch (Exception ex) when (IsReportable(ex)) { Write(ex, jobId); return; }
            }
            else
            {
                var found = new List<MigrationUser>();
                foreach (var userId in userIds)
                    ForItem(userId, () => found.Add(Run(token => session.GetUserAsync(jobId, userId, token))));
                users = found;
            }

            foreach (var user in users)
                if (statuses.Length == 0 || user.Workloads.Any(w => statuses.Contains(w.Status ?? "", StringComparer.OrdinalIgnoreCase)))
                    WriteObject(user);
        }
    }

    [Cmdlet(VerbsLifecycle.Stop, "XtMigrationJobUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(MigrationCancelResult))]
    public sealed class StopXtMigrationJobUserCommand : XtCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string JobId { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, HelpMessage = "The user's object id (a GUID).")]
        public string Id { get; set; } = "";

        protected override void ProcessRecord()
        {
            string jobId, userId;
            try
            {
                jobId = JobDefinitionRules.NormalizeJobId(JobId, "JobId");
                userId = JobDefinitionRules.NormalizeUserId(Id);
            }
            catch (InputValidationException ex)
            {
                Write(ex);
                return;
            }
            var session = RequireSession();
            if (!ShouldProcess($"user {userId} of job {jobId}: cancel this user's migration, mailbox sync included", "Cancel user migration")) return;
            ForItem(userId, () => WriteObject(Run(token => session.CancelUserAsync(jobId, userId, token))));
        }
    }
}
