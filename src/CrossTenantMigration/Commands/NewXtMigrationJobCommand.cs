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
        // The properties of a piped object that bind to -Resource and to -UserPrincipalName, in the order PowerShell tries them:
        // the parameter's name, then its aliases.
        private static readonly string[] ResourceProperties = PropertiesBoundTo(nameof(Resource));
        private static readonly string[] NameProperties = PropertiesBoundTo(nameof(UserPrincipalName));

        private readonly List<UserInput> _users = new List<UserInput>();
        // The piped objects that give both an id and a name, by position: the error of a name of another user holds its row.
        private readonly Dictionary<long, PSObject> _rowsWithIdAndName = new Dictionary<long, PSObject>();
        private bool _resourceGivenByName;
        private bool _nameGivenByName;
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

        /// <summary>Not mandatory: an input may give its users by name alone. The rules over the whole input still need at least one user.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
            HelpMessage = "The object ids (GUIDs) of the users to migrate: the target users' ExternalDirectoryObjectId.")]
        [Alias("Id", "ObjectId", "ExternalDirectoryObjectId", "UserId")]
        [AllowEmptyCollection]
        [AllowEmptyString]
        [AllowNull]
        public string[] Resource { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Users by their names in the target tenant, resolved to object ids before anything is created. Checked once the
        /// input has ended, not by an attribute: a blank cell beside an id is no name, and a bad one must stop the whole job.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true,
            HelpMessage = "The user principal names of the users to migrate, as the target tenant knows them (such as adele.vance@fabrikam.com).")]
        [Alias("UPN")]
        [AllowEmptyCollection]
        [AllowEmptyString]
        [AllowNull]
        public string[] UserPrincipalName { get; set; } = Array.Empty<string>();

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

        /// <summary>At most this many jobs created at once (with -AutoSplit), and batches of names looked up at once.</summary>
        [Parameter]
        [ValidateRange(ParameterBounds.MinThrottleLimit, ParameterBounds.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = ParameterBounds.DefaultThrottleLimit;

        protected override void OnBeginProcessing()
        {
            _resourceGivenByName = MyInvocation.BoundParameters.ContainsKey(nameof(Resource));
            _nameGivenByName = MyInvocation.BoundParameters.ContainsKey(nameof(UserPrincipalName));
        }

        protected override void OnProcessRecord()
        {
            if (InputObject != null && (_resourceGivenByName || _nameGivenByName))
            {
                var given = _resourceGivenByName && _nameGivenByName ? "-Resource and -UserPrincipalName were"
                    : _resourceGivenByName ? "-Resource was" : "-UserPrincipalName was";
                // As PowerShell tells it when no parameter takes the piped object: the users come from the parameters alone.
                WriteError(new ErrorRecord(new ParameterBindingException(
                    $"The piped object cannot be bound: {given} given by name, so the users come from the parameters alone. Pipe the users or give them by name, not both."),
                    "InputObjectNotBound", ErrorCategory.InvalidArgument, InputObject));
                return;
            }
            if (InputObject != null)
            {
                _users.AddRange(UsersOf(InputObject));
                return;
            }
            // Given by name, or a $null piped: each id and each name is a user of its own. A null list is a record without an
            // id, which still counts: dropping it would create the job without that user.
            if (Resource == null) _users.Add(new UserInput(null));
            else _users.AddRange(Resource.Select(id => new UserInput(id)));
            _users.AddRange((UserPrincipalName ?? Array.Empty<string>()).Select(name => new UserInput(null, name ?? "")));
        }

        /// <summary>
        /// The users a piped object gives: its id, its name, or both (then the name checks the id). PowerShell binds to
        /// -Resource the first id property it finds, even a blank one; the object's ids must agree, and a blank one gives
        /// way to a filled one. An object with neither still counts, so that the rules over the whole input can name it.
        /// </summary>
        private IEnumerable<UserInput> UsersOf(PSObject input)
        {
            var position = ++_inputObjects;
            var hasName = NameProperties.Any(name => input.Properties[name] != null);
            var hasId = ResourceProperties.Any(name => input.Properties[name] != null);
            // An object with a name and no id property gives no id: the text PowerShell made of it for -Resource is none.
            var boundIds = hasName && !hasId ? Array.Empty<string>() : IdsOf(input, position);
            var ids = boundIds.Where(id => !string.IsNullOrWhiteSpace(id)).ToList();
            var names = hasName ? (UserPrincipalName ?? new string[] { null! }) : Array.Empty<string>();
            var givenNames = names.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();

            if (ids.Count == 1 && givenNames.Count == 1)
            {
                _rowsWithIdAndName[position] = input;
                return new[] { new UserInput(ids[0], givenNames[0], position) };
            }
            if (ids.Count > 0 || givenNames.Count > 0)
                return ids.Select(id => new UserInput(id, null, position)).Concat(givenNames.Select(name => new UserInput(null, name, position))).ToList();
            // Neither: a blank name is the user's only key when there is no id property; else the blank id, or the object's text, is.
            if (hasName && !hasId) return new[] { new UserInput(null, "", position) };
            return new[] { new UserInput(boundIds.FirstOrDefault() ?? input.ToString(), null, position) };
        }

        /// <summary>The ids a piped object gives: as its id properties agree on them, else as -Resource bound them.</summary>
        private string[] IdsOf(PSObject input, long position)
        {
            var bound = Resource ?? new string[] { null! };
            var ids = IdPropertiesOf(input);
            if (ids.Count == 0) return bound;
            try
            {
                var agreed = JobDefinitionRules.AgreedResourceId(ids, position);
                return agreed == null ? bound : new[] { agreed };
            }
            catch (InputValidationException ex)
            {
                // Told once the input has ended, with the other rules over the whole input.
                if (_conflict == null) _conflict = (ex, input);
                return bound;
            }
        }

        private static string[] PropertiesBoundTo(string parameter) => new[] { parameter }
            .Concat(typeof(NewXtMigrationJobCommand).GetProperty(parameter)!.GetCustomAttribute<AliasAttribute>()!.AliasNames)
            .ToArray();

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
            // -BatchSize says how to split, so it asks for splitting as -AutoSplit does.
            var split = AutoSplit || MyInvocation.BoundParameters.ContainsKey(nameof(BatchSize));
            var batchSize = split ? BatchSize : JobDefinition.MaxResources;
            IReadOnlyList<UserInput> users;
            JobDefinition settings;
            try
            {
                // Every rule is checked on the whole input first, so that nothing is sent, not even a lookup, when any part is wrong.
                users = JobUsers.Normalize(_users, allowMoreThanMax: split);
                settings = JobDefinitionRules.NormalizeSettings(new JobDefinition
                {
                    DisplayName = DisplayName,
                    SourceTenantId = SourceTenantId,
                    CompleteAfterDateTime = CompleteAfterDateTime,
                    ResourceType = ResourceType,
                    Workloads = Workload ?? Array.Empty<string>(),
                    TargetDeliveryDomain = TargetDeliveryDomain,
                    SourceEndpoint = SourceEndpoint,
                }, DateTimeOffset.UtcNow);
            }
            catch (InputValidationException ex)
            {
                throw Terminate(ex);
            }

            var client = RequireClient();
            IReadOnlyList<JobDefinition> jobs;
            try
            {
                // The names are resolved on the whole input, then the users are split.
                settings.Resources = JobDefinitionRules.NormalizeResources(ResolveUsers(client, users), allowMoreThanMax: split);
                jobs = JobBatches.Split(settings, batchSize);
            }
            catch (InputValidationException ex)
            {
                throw Terminate(ex);
            }
            CreateAll(client, jobs);
        }

        /// <summary>
        /// The users' ids, every name resolved through the directory before anything is created. A lookup only reads,
        /// so it is done under -WhatIf too, which then shows the jobs as they would be created.
        /// </summary>
        private IReadOnlyList<string> ResolveUsers(MigrationClient client, IReadOnlyList<UserInput> users)
        {
            if (users.All(u => u.UserPrincipalName == null)) return users.Select(u => u.Id!).ToList();
            ResolvedJobUsers resolved;
            try
            {
                resolved = Run(token => client.ResolveJobUsersAsync(users, ThrottleLimit, token));
            }
            catch (InputValidationException ex) when (ex.Error.Value is UserInput user && _rowsWithIdAndName.TryGetValue(user.InputObject, out var row))
            {
                ex.Target = row;
                throw Terminate(ex);
            }
            catch (MigrationException ex)
            {
                throw Terminate(ex);
            }
            foreach (var warning in resolved.Warnings) WriteWarning(warning);
            WriteVerbose($"{resolved.NamesResolved} user principal name(s) resolved in the target tenant's directory.");
            return resolved.Ids;
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
