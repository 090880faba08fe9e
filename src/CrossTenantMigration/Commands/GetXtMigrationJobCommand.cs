using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.Get, "XtMigrationJob", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(MigrationJob))]
    public sealed class GetXtMigrationJobCommand : JobCmdlet
    {
        private const string ListSet = "List";

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true, HelpMessage = "The job's id (a GUID).")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByDisplayNameSet, HelpMessage = "The job's display name; wildcards allowed.")]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        [SupportsWildcards]
        public string[] DisplayName { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = ByDisplayNameSet)]
        [ArgumentCompleter(typeof(JobStatusCompleter))]
        public string[] Status { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            string[] statuses;
            try
            {
                statuses = (Status ?? Array.Empty<string>()).Select(s => JobDefinitionRules.NormalizeStatus(s)).ToArray();
            }
            catch (InputValidationException ex)
            {
                Throw(ex);
                return;
            }
            var session = RequireSession();

            switch (ParameterSetName)
            {
                case ByIdSet:
                    foreach (var id in Id)
                        ForItem(id, () => WriteObject(Run(token => session.GetJobAsync(JobDefinitionRules.NormalizeJobId(id), token))));
                    break;

                case ByDisplayNameSet:
                    var patterns = DisplayName.Where(WildcardPattern.ContainsWildcardCharacters).ToList();
                    var exactNames = DisplayName.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToList();
                    foreach (var name in exactNames)
                        ForItem(name, () =>
                        {
                            // The one positional parameter: a job id given there is taken as an id.
                            var job = JobDefinitionRules.IsGuid(name)
                                ? Run(token => session.GetJobAsync(JobDefinitionRules.NormalizeJobId(name), token))
                                : Run(token => session.GetJobByDisplayNameAsync(name, token));
                            if (Matches(job, statuses)) WriteObject(job);
                        });
                    if (patterns.Count > 0)
                    {
                        var wildcards = patterns.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
                        foreach (var job in ListAll(session))
                            if (wildcards.Any(w => w.IsMatch(job.DisplayName)) && Matches(job, statuses))
                                WriteObject(job);
                    }
                    break;

                default:
                    foreach (var job in ListAll(session))
                        if (Matches(job, statuses)) WriteObject(job);
                    break;
            }
        }

        private IReadOnlyList<MigrationJob> ListAll(IMigrationSession session)
        {
            try
            {
                return Run(token => session.ListJobsAsync(token));
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                Throw(ex);
                return Array.Empty<MigrationJob>();
            }
        }

        private static bool Matches(MigrationJob job, IReadOnlyCollection<string> statuses) =>
            statuses.Count == 0 || statuses.Contains(job.Status ?? "", StringComparer.OrdinalIgnoreCase);
    }
}
