using System;
using System.Collections.Generic;
using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsLifecycle.Wait, "XtMigrationJob")]
    [OutputType(typeof(MigrationJob))]
    public sealed class WaitXtMigrationJobCommand : JobCmdlet
    {
        private readonly List<MigrationJob> _jobs = new List<MigrationJob>();
        private MigrationClient? _client;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, HelpMessage = "The ids (GUIDs) of the jobs to wait for.")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateGuid]
        public string[] Id { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateRange(ParameterBounds.MinTimeoutSec, ParameterBounds.MaxTimeoutSec)]
        public int? TimeoutSec { get; set; }

        [Parameter]
        [ValidateRange(ParameterBounds.MinPollIntervalSec, ParameterBounds.MaxPollIntervalSec)]
        public double? PollIntervalSec { get; set; }

        /// <summary>At most this many requests under way at once while polling.</summary>
        [Parameter]
        [ValidateRange(ParameterBounds.MinThrottleLimit, ParameterBounds.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = ParameterBounds.DefaultThrottleLimit;

        protected override void OnBeginProcessing() => _client = RequireClient();

        // The ids are collected, not read: the wait's first look reads them all, a job that does not exist included.
        protected override void OnProcessRecord()
        {
            foreach (var id in Id)
                _jobs.Add(new MigrationJob { Id = JobDefinitionRules.NormalizeJobId(id), DisplayName = id });
        }

        protected override void OnEndProcessing() =>
            WaitForJobs(_client!, _jobs, TimeoutSec, PollIntervalSec, WriteObject, ThrottleLimit);
    }
}
