using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
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

        /// <summary>At most this many jobs created at once (with -AutoSplit).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void OnProcessRecord()
        {
            // A record without an id still counts: dropping it would create the job without that user.
            if (Resource == null) _resources.Add(null!);
            else _resources.AddRange(Resource);
        }

        protected override void OnEndProcessing()
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

            CreateAll(RequireClient(), jobs);
        }

        /// <summary>
        /// Creates the confirmed jobs, at most -ThrottleLimit at once, and writes them in order. A job that
        /// cannot be created stops those not yet sent (the later jobs of a split would leave a gap in the
        /// wave); the ones created are written, then the failure ends the cmdlet.
        /// </summary>
        private void CreateAll(MigrationClient client, IReadOnlyList<JobDefinition> jobs)
        {
            var confirmed = jobs.Where(d => ShouldProcess(
                $"job '{d.DisplayName}' of {d.Resources.Count} user(s), cutover after {d.CompleteAfterDateTime:u}", "Create migration job")).ToList();
            if (confirmed.Count == 0) return;
            using var gate = new SemaphoreSlim(ThrottleLimit);
            using var stop = new CancellationTokenSource();
            var creations = confirmed.Select(definition => StartAction($"the creation of job '{definition.DisplayName}'", token => Bounded(gate, t =>
            {
                if (stop.IsCancellationRequested) return Task.FromResult<ActionOutcome<MigrationJob>?>(null);
                return CreateOrStopAsync(client, definition, stop, t);
            }, token))).ToList();
            (MigrationException Error, string Name)? firstFailure = null;
            for (var i = 0; i < confirmed.Count; i++)
            {
                PumpUntil(creations[i]);
                Reported(creations[i]); // its job, or its failure, is written now
                try
                {
                    var outcome = ResultOf(creations[i]);
                    if (outcome == null) continue; // not sent: an earlier job failed
                    if (outcome.Warning != null) WriteWarning(outcome.Warning);
                    WriteObject(outcome.Result);
                }
                catch (MigrationException ex)
                {
                    firstFailure ??= (ex, confirmed[i].DisplayName);
                }
            }
            if (firstFailure is (MigrationException error, string name)) throw Terminate(error, name);
        }

        private static async Task<ActionOutcome<MigrationJob>?> CreateOrStopAsync(MigrationClient client, JobDefinition definition, CancellationTokenSource stop, CancellationToken token)
        {
            try
            {
                return await client.CreateJobAsync(definition, token).ConfigureAwait(false);
            }
            catch (MigrationException)
            {
                stop.Cancel();
                throw;
            }
        }
    }
}
