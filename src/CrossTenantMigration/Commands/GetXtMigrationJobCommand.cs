using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Get, "XtMigrationJob", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class GetXtMigrationJobCommand : JobCmdlet
    {
        private const string ListSet = "List";

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateGuid]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByDisplayNameSet, HelpMessage = "The job's display name; wildcards allowed.")]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        [SupportsWildcards]
        [ValidateNotWhiteSpace]
        public string[] DisplayName { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = ByDisplayNameSet)]
        [ArgumentCompleter(typeof(JobStatusCompleter))]
        [ValidateJobStatus]
        public string[] Status { get; set; } = Array.Empty<string>();

        protected override void OnProcessRecord()
        {
            // The binder has checked every value; this gives each its documented spelling.
            var statuses = (Status ?? Array.Empty<string>()).Select(s => JobStatus.Normalize(s)!).ToArray();
            var client = RequireClient();

            switch (ParameterSetName)
            {
                case ByIdSet:
                    foreach (var id in Id)
                        ForItem(id, () => WriteObject(Run(token => client.FindJobAsync(id, null, token))));
                    break;

                case ByDisplayNameSet:
                    var patterns = DisplayName.Where(WildcardPattern.ContainsWildcardCharacters).ToList();
                    var exactNames = DisplayName.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
                    foreach (var name in exactNames)
                        ForItem(name, () =>
                        {
                            // The one positional parameter: a job id given there is taken as an id.
                            var job = Run(token => JobDefinitionRules.IsGuid(name)
                                ? client.FindJobAsync(name, null, token)
                                : client.GetJobByDisplayNameAsync(name, token));
                            if (Matches(job, statuses)) WriteObject(job);
                        });
                    if (patterns.Count > 0)
                    {
                        var wildcards = patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
                        foreach (var job in ListAll(client))
                            if (wildcards.Any(w => w.IsMatch(job.DisplayName)) && Matches(job, statuses))
                                WriteObject(job);
                    }
                    break;

                default:
                    foreach (var job in ListAll(client))
                        if (Matches(job, statuses)) WriteObject(job);
                    break;
            }
        }

        // The list is the whole answer: when it fails, the cmdlet cannot go on.
        private IReadOnlyList<MigrationJob> ListAll(MigrationClient client)
        {
            IReadOnlyList<MigrationJob> jobs = Array.Empty<MigrationJob>();
            ForAll(() => jobs = Run(token => client.ListJobsAsync(token)));
            return jobs;
        }

        private static bool Matches(MigrationJob job, IReadOnlyCollection<string> statuses) =>
            statuses.Count == 0 || statuses.Contains(job.Status ?? "", StringComparer.OrdinalIgnoreCase);
    }
}
