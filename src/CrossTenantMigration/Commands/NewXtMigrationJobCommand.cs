using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommon.New, "XtMigrationJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MigrationJob))]
    public sealed class NewXtMigrationJobCommand : XtCmdlet
    {
        // The properties of a piped object that bind to -Resource, in the order PowerShell tries them: its name, then its aliases.
        private static readonly string[] ResourceProperties = new[] { nameof(Resource) }
            .Concat(typeof(NewXtMigrationJobCommand).GetProperty(nameof(Resource))!.GetCustomAttribute<AliasAttribute>()!.AliasNames)
            .ToArray();

        private readonly List<string> _resources = new List<string>();
        private bool _resourceGivenByName;
        private long _inputObjects;
        private (InputValidationException Error, PSObject Target)? _conflict;

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

        /// <summary>
        /// Each piped object whole, beside -Resource's binding of one of its id properties, so that the others
        /// can be compared with it.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

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
        [ValidateRange(ParameterBounds.MinThrottleLimit, ParameterBounds.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = ParameterBounds.DefaultThrottleLimit;

        protected override void OnBeginProcessing() =>
            _resourceGivenByName = MyInvocation.BoundParameters.ContainsKey(nameof(Resource));

        protected override void OnProcessRecord()
        {
            if (InputObject != null && _resourceGivenByName)
            {
                // As PowerShell tells it when no parameter takes the piped object: the users come from -Resource alone.
                WriteError(new ErrorRecord(new ParameterBindingException(
                    "The piped object cannot be bound: -Resource was given by name, so the users come from it alone. Pipe the users or give -Resource, not both."),
                    "InputObjectNotBound", ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            var resources = InputObject == null ? Resource : ResourcesOf(InputObject);
            // A record without an id still counts: dropping it would create the job without that user.
            if (resources == null) _resources.Add(null!);
            else _resources.AddRange(resources);
        }

        /// <summary>
        /// The users a piped object gives. PowerShell binds to -Resource the first id property it finds, even a
        /// blank one; the object's ids must agree, and a blank one gives way to a filled one.
        /// </summary>
        private string[] ResourcesOf(PSObject input)
        {
            _inputObjects++;
            var ids = IdPropertiesOf(input);
            if (ids.Count == 0) return Resource;
            try
            {
                var agreed = JobDefinitionRules.AgreedResourceId(ids, _inputObjects);
                return agreed == null ? Resource : new[] { agreed };
            }
            catch (InputValidationException ex)
            {
                // Told once the input has ended, with the other rules over the whole input.
                _conflict ??= (ex, input);
                return Resource;
            }
        }

        /// <summary>
        /// The id properties of a piped object, as -Resource would bind them; none when one holds a list
        /// (several users, bound as they are).
        /// </summary>
        private static IReadOnlyList<KeyValuePair<string, string?>> IdPropertiesOf(PSObject input)
        {
            var ids = new List<KeyValuePair<string, string?>>();
            foreach (var name in ResourceProperties)
            {
                var property = input.Properties[name];
                if (property == null) continue;
                var value = property.Value is PSObject wrapped ? wrapped.BaseObject : property.Value;
                if (value != null && !(value is string) && LanguagePrimitives.GetEnumerable(value) != null)
                    return Array.Empty<KeyValuePair<string, string?>>();
                ids.Add(new KeyValuePair<string, string?>(property.Name, value == null ? null : LanguagePrimitives.ConvertTo<string>(value)));
            }
            return ids;
        }

        protected override void OnEndProcessing()
        {
            if (_conflict is (InputValidationException conflict, PSObject row)) throw Terminate(conflict, row);
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
