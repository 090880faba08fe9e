using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CrossTenantMigration.Protocol;

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
            var byJob = ParameterSetName == ByJobSet;
            string jobId;
            try
            {
                jobId = JobDefinitionRules.NormalizeJobId(byJob ? InputObject.Id : JobId, byJob ? "InputObject" : "JobId");
            }
            catch (InputValidationException ex)
            {
                // A job from the pipeline is one item among others; a -JobId is the whole request.
                if (byJob) { Write(ex); return; }
                throw Terminate(ex);
            }
            string[] userIds = Array.Empty<string>(), statuses = Array.Empty<string>();
            ForAll(() =>
            {
                userIds = (Id ?? Array.Empty<string>()).Select(u => JobDefinitionRules.NormalizeUserId(u)).ToArray();
                statuses = (Status ?? Array.Empty<string>()).Select(s => JobDefinitionRules.NormalizeWorkloadStatus(s)).ToArray();
            });
            var client = RequireClient();

            bool Wanted(MigrationUser user) =>
                statuses.Length == 0 || user.Workloads.Any(w => statuses.Contains(w.Status ?? "", StringComparer.OrdinalIgnoreCase));

            if (userIds.Length == 0)
            {
                // Each page is written as it arrives: a job of 2,000 users is never held whole.
                ForItem(jobId, () => Run(token => client.ListUsersAsync(jobId,
                    page => OnPipelineThread(() => { foreach (var user in page) if (Wanted(user)) WriteObject(user); }), token)));
                return;
            }
            foreach (var userId in userIds)
                ForItem(userId, () =>
                {
                    var user = Run(token => client.GetUserAsync(jobId, userId, token));
                    if (Wanted(user)) WriteObject(user);
                });
        }
    }
}
