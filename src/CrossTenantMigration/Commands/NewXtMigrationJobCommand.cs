using System;
using System.Collections.Generic;
using System.Management.Automation;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.New, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MigrationJob))]
    public sealed class NewXtMigrationJobCommand : XtCmdlet
    {
        private readonly List<string> _resources = new List<string>();

        [Parameter(Mandatory = true, Position = 0, HelpMessage = "A name for the job, unique in the tenant (for example wave-01).")]
        [AllowEmptyString] // so that an empty name meets the rule's own message
        [ValidateNotWhiteSpace]
        public string DisplayName { get; set; } = "";

        [Parameter(Mandatory = true, HelpMessage = "The id (GUID) of the tenant the users move from.")]
        [AllowEmptyString]
        [ValidateGuid]
        public string SourceTenantId { get; set; } = "";

        [Parameter(Mandatory = true, HelpMessage = "When cutover may start (a date in the future, e.g. (Get-Date).AddDays(14)).")]
        [ValidateFutureDate]
        public DateTimeOffset CompleteAfterDateTime { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            HelpMessage = "The object ids (GUIDs) of the users to migrate: the target users' ExternalDirectoryObjectId.")]
        [Alias("Id", "ObjectId", "ExternalDirectoryObjectId", "UserId")]
        [AllowEmptyCollection]
        [AllowEmptyString]
        [AllowNull]
        public string[] Resource { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateSet(JobDefinition.UsersResourceType, IgnoreCase = true)]
        public string ResourceType { get; set; } = JobDefinition.UsersResourceType;

        /// <summary>The workloads a job may name; omitted, the service includes every available one.</summary>
        [Parameter]
        [ValidateSet(CrossTenantMigration.Workload.Exchange, CrossTenantMigration.Workload.ODSP, CrossTenantMigration.Workload.Teams, IgnoreCase = true)]
        public string[] Workload { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateDomainName]
        public string? TargetDeliveryDomain { get; set; }

        [Parameter]
        [ValidateEndpointName]
        public string? SourceEndpoint { get; set; }

        /// <summary>Split more users than fit one job (2,000, or -BatchSize) into jobs named DisplayName-001, -002, ...</summary>
        [Parameter]
        public SwitchParameter AutoSplit { get; set; }

        [Parameter]
        [ValidateRange(1, JobDefinition.MaxResources)]
        public int BatchSize { get; set; } = JobDefinition.MaxResources;

        protected override void ProcessRecord()
        {
            // A record without an id still counts: dropping it would create the job without that user.
            if (Resource == null) _resources.Add(null!);
            else _resources.AddRange(Resource);
        }

        protected override void EndProcessing()
        {
            IReadOnlyList<JobDefinition> jobs;
            try
            {
                // -BatchSize says how to split, so it asks for splitting as -AutoSplit does.
                var split = AutoSplit || MyInvocation.BoundParameters.ContainsKey(nameof(BatchSize));
                var batchSize = split ? BatchSize : JobDefinition.MaxResources;
                // Every rule is checked on the whole set first, so that nothing is created when any part is wrong.
                var whole = JobDefinitionRules.Normalize(new JobDefinition
                {
                    DisplayName = DisplayName,
                    SourceTenantId = SourceTenantId,
                    CompleteAfterDateTime = CompleteAfterDateTime,
                    Resources = _resources,
                    ResourceType = ResourceType,
                    Workloads = Workload ?? Array.Empty<string>(),
                    TargetDeliveryDomain = TargetDeliveryDomain,
                    SourceEndpoint = SourceEndpoint,
                }, DateTimeOffset.UtcNow, allowMoreThanMax: split);
                jobs = JobBatches.Split(whole, batchSize);
            }
            catch (InputValidationException ex)
            {
                throw Terminate(ex);
            }

            var client = RequireClient();
            foreach (var definition in jobs)
            {
                if (!ShouldProcess($"job '{definition.DisplayName}' of {definition.Resources.Count} user(s), cutover after {definition.CompleteAfterDateTime:u}", "Create migration job"))
                    continue;
                // A job that cannot be created stops the rest: the later jobs of a split would leave a gap in the wave.
                try
                {
                    var outcome = Run(token => client.CreateJobAsync(definition, token));
                    if (outcome.Warning != null) WriteWarning(outcome.Warning);
                    WriteObject(outcome.Result);
                }
                catch (MigrationException ex)
                {
                    throw Terminate(ex, definition.DisplayName);
                }
            }
        }
    }
}
