using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Commands;
using CrossTenantMigration.Protocol;
using Xunit;

namespace CrossTenantMigration.PowerShell.Tests
{
    /// <summary>The cmdlets use the module's one connection: tests that replace it run alone.</summary>
    [CollectionDefinition(nameof(ModuleSessionCollection), DisableParallelization = true)]
    public sealed class ModuleSessionCollection { }

    /// <summary>
    /// User principal names through the cmdlets, as PowerShell binds them (CSV rows, names by name, mixed rows), against
    /// a service in memory: what is created, what is refused before anything is, and the names filled in on the way out.
    /// </summary>
    [Collection(nameof(ModuleSessionCollection))]
    public sealed class UserNamesCmdletTests : IDisposable
    {
        private const string Tenant = "12345678-1234-1234-1234-123456789012";
        private readonly DirectoryService _service = new DirectoryService();

        public UserNamesCmdletTests() => ModuleSession.Replace(new MigrationClient(new MigrationConnection(_service, TimeSpan.FromSeconds(15))));

        public void Dispose() => ModuleSession.Replace(null);

        private static System.Management.Automation.PowerShell Shell()
        {
            var state = InitialSessionState.CreateDefault2();
            state.Commands.Add(new SessionStateCmdletEntry("New-XtMigrationJob", typeof(NewXtMigrationJobCommand), null));
            state.Commands.Add(new SessionStateCmdletEntry("Get-XtMigrationJobUser", typeof(GetXtMigrationJobUserCommand), null));
            state.Commands.Add(new SessionStateCmdletEntry("Export-XtMigrationReport", typeof(ExportXtMigrationReportCommand), null));
            return System.Management.Automation.PowerShell.Create(state);
        }

        /// <summary>Runs a script with $tenant set: what it wrote, and its last error (a cmdlet's terminating error ends only its statement).</summary>
        private static (IReadOnlyList<PSObject> Output, ErrorRecord? Error, System.Management.Automation.PowerShell Shell) Run(string script)
        {
            var ps = Shell();
            ps.Runspace.SessionStateProxy.SetVariable("tenant", Tenant);
            ps.AddScript(script);
            var output = ps.Invoke();
            return (output, ps.Streams.Error.LastOrDefault(), ps);
        }

        private const string NewJob = "New-XtMigrationJob -DisplayName wave -SourceTenantId $tenant -CompleteAfterDateTime (Get-Date).AddDays(3) -Workload Teams -Confirm:$false";

        [Fact]
        public void A_csv_of_names_makes_a_job_of_their_ids_in_the_files_order()
        {
            var users = Enumerable.Range(1, 3).Select(i => _service.Add($"user{i}@contoso.com")).ToList();

            var (output, error, ps) = Run("'UserPrincipalName', 'user1@contoso.com', 'USER2@contoso.com', 'user3@contoso.com' | ConvertFrom-Csv | " + NewJob);

            Assert.Null(error);
            Assert.False(ps.HadErrors);
            var created = Assert.Single(_service.Created);
            Assert.Equal(users.Select(u => u.Id), created.Resources);
            Assert.Equal(users.Select(u => u.Id), ((MigrationJob)Assert.Single(output).BaseObject).Resources);
        }

        [Fact]
        public void Rows_of_ids_and_rows_of_names_mix_and_names_by_name_too()
        {
            var adele = _service.Add("adele@contoso.com");
            var alex = _service.Add("alex@contoso.com");
            var id = Guid.NewGuid().ToString();

            var (_, error, _) = Run($"'ExternalDirectoryObjectId,UserPrincipalName', ',adele@contoso.com', '{id},', ',alex@contoso.com' | ConvertFrom-Csv | " + NewJob);
            Assert.Null(error);
            Assert.Equal(new[] { adele.Id, id, alex.Id }, _service.Created[0].Resources);

            var (_, byName, _) = Run(NewJob.Replace("wave", "wave-2") + $" -Resource {id} -UPN alex@contoso.com, adele@contoso.com");
            Assert.Null(byName);
            Assert.Equal(new[] { id, alex.Id, adele.Id }, _service.Created[1].Resources);
        }

        [Fact]
        public void A_row_whose_name_is_another_users_is_a_conflict_that_holds_the_row_and_nothing_is_created()
        {
            var adele = _service.Add("adele@contoso.com");
            _service.Add("alex@contoso.com");

            var (_, error, _) = Run($"'Id,UserPrincipalName', '{adele.Id.ToUpperInvariant()},adele@contoso.com', '{Guid.NewGuid()},alex@contoso.com' | ConvertFrom-Csv | " + NewJob);

            Assert.Equal("ConflictingResourceId,CrossTenantMigration.Commands.NewXtMigrationJobCommand", error!.FullyQualifiedErrorId);
            Assert.Contains("Input object 2 ", error.Exception.Message);
            Assert.Equal("alex@contoso.com", ((PSObject)error.TargetObject).Properties["UserPrincipalName"].Value);
            Assert.Empty(_service.Created);
        }

        [Fact]
        public void Names_not_in_the_directory_are_named_in_one_error_and_nothing_is_created()
        {
            _service.Add("adele@contoso.com");

            var (_, error, _) = Run(NewJob + " -UserPrincipalName adele@contoso.com, nobody@contoso.com, typo@contoso.con");

            Assert.Equal("UserPrincipalNameNotResolved,CrossTenantMigration.Commands.NewXtMigrationJobCommand", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains("'nobody@contoso.com' (not found), 'typo@contoso.con' (not found)", error.Exception.Message);
            Assert.Empty(_service.Created);
        }

        [Fact]
        public void A_token_that_may_not_read_users_is_told_the_permission_and_nothing_is_created()
        {
            _service.Refuses = true;

            var (_, error, _) = Run(NewJob + " -UserPrincipalName adele@contoso.com");

            Assert.Equal("PermissionDenied,CrossTenantMigration.Commands.NewXtMigrationJobCommand", error!.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
            Assert.Contains("User.ReadBasic.All", error.Exception.Message);
            Assert.Empty(_service.Created);
        }

        [Fact]
        public void WhatIf_resolves_the_names_and_creates_nothing()
        {
            _service.Add("adele@contoso.com");

            var (_, error, _) = Run(NewJob + " -UserPrincipalName adele@contoso.com -WhatIf");

            Assert.Null(error);
            Assert.Equal(new[] { "adele@contoso.com" }, _service.LookedUp);
            Assert.Empty(_service.Created);
        }

        [Fact]
        public void AutoSplit_splits_the_resolved_users_in_order()
        {
            var users = Enumerable.Range(1, 5).Select(i => _service.Add($"user{i}@contoso.com")).ToList();

            var (output, error, _) = Run("1..5 | ForEach-Object { [pscustomobject]@{ UPN = \"user$_@contoso.com\" } } | " + NewJob + " -AutoSplit -BatchSize 2 -ThrottleLimit 1");

            Assert.Null(error);
            Assert.Equal(new[] { "wave-001", "wave-002", "wave-003" }, output.Select(o => ((MigrationJob)o.BaseObject).DisplayName));
            Assert.Equal(users.Select(u => u.Id), _service.Created.OrderBy(d => d.DisplayName).SelectMany(d => d.Resources));
            Assert.Equal(5, _service.LookedUp.Count);
        }

        [Fact]
        public void A_row_with_an_id_and_a_name_the_directory_lacks_uses_the_id_with_a_warning()
        {
            var id = Guid.NewGuid().ToString();

            var (_, error, ps) = Run($"[pscustomobject]@{{ ObjectId = '{id}'; UserPrincipalName = 'gone@contoso.com' }} | " + NewJob);

            Assert.Null(error);
            Assert.Equal(new[] { id }, _service.Created[0].Resources);
            Assert.Contains("not in the target tenant's directory", Assert.Single(ps.Streams.Warning).Message);
        }

        [Fact]
        public void ResolveUserName_fills_in_the_names_and_warns_once_of_a_user_the_directory_lacks()
        {
            var adele = _service.Add("adele@contoso.com", "Adele Vance");
            var gone = Guid.NewGuid().ToString();
            var job = _service.AddJob(adele.Id, gone);

            var (output, error, ps) = Run($"Get-XtMigrationJobUser -JobId {job} -ResolveUserName");

            Assert.Null(error);
            var users = output.Select(o => (MigrationUser)o.BaseObject).ToList();
            Assert.Equal("adele@contoso.com", users.Single(u => u.Id == adele.Id).UserPrincipalName);
            Assert.Equal("Adele Vance", users.Single(u => u.Id == adele.Id).DisplayName);
            Assert.Null(users.Single(u => u.Id == gone).UserPrincipalName);
            Assert.Contains(gone, Assert.Single(ps.Streams.Warning).Message);
        }

        [Fact]
        public void ResolveUserName_without_the_permission_keeps_the_ids_with_one_warning()
        {
            _service.Refuses = true;
            var job = _service.AddJob(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

            var (output, error, ps) = Run($"Get-XtMigrationJobUser -JobId {job} -ResolveUserName");

            Assert.Null(error);
            Assert.Equal(3, output.Count);
            Assert.Contains("User.ReadBasic.All", Assert.Single(ps.Streams.Warning).Message);
        }

        [Fact]
        public void A_report_with_ResolveUserName_names_its_users()
        {
            var adele = _service.Add("adele@contoso.com", "Adele Vance");
            var job = _service.AddJob(adele.Id);
            var path = Path.Combine(Path.GetTempPath(), $"names-{Guid.NewGuid():N}.csv");
            try
            {
                var (_, error, _) = Run($"Export-XtMigrationReport -Id {job} -Path '{path}' -ResolveUserName");

                Assert.Null(error);
                Assert.Contains("adele@contoso.com", File.ReadAllText(path));
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>The service in memory: a directory, jobs made of the definitions it is sent, and their users.</summary>
        private sealed class DirectoryService : IMigrationTransport
        {
            private readonly Dictionary<string, DirectoryUser> _directory = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
            private readonly Dictionary<string, MigrationJob> _jobs = new Dictionary<string, MigrationJob>(StringComparer.OrdinalIgnoreCase);

            public List<JobDefinition> Created { get; } = new List<JobDefinition>();
            public List<string> LookedUp { get; } = new List<string>();
            public bool Refuses { get; set; }

            public MigrationContext Context { get; } = new MigrationContext { SignInKind = SignInKind.AccessToken, Endpoint = new Uri("https://graph.test") };
            public ISandbox? Sandbox => null;
            public DateTimeOffset ServiceNow => DateTimeOffset.UtcNow;
            public void Dispose() { }

            public DirectoryUser Add(string upn, string? displayName = null)
            {
                var user = new DirectoryUser(Guid.NewGuid().ToString(), upn, displayName);
                _directory[user.Id] = _directory[upn] = user;
                return user;
            }

            public string AddJob(params string[] users)
            {
                var job = Job(Guid.NewGuid().ToString(), "job", users);
                _jobs[job.Id] = job;
                return job.Id;
            }

            private static MigrationJob Job(string id, string name, string[] users) => new MigrationJob
            {
                Id = id, DisplayName = name, Status = JobStatus.Submitted, SourceTenantId = Tenant, ResourceType = "Users",
                Workloads = new[] { "Teams" }, Resources = users, CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
            };

            public Task<IReadOnlyList<DirectoryLookup>> LookUpUsersAsync(IReadOnlyList<string> keys, int concurrency, CancellationToken cancellationToken)
            {
                lock (LookedUp) LookedUp.AddRange(keys);
                return Task.FromResult<IReadOnlyList<DirectoryLookup>>(keys.Select(key =>
                    Refuses ? DirectoryLookup.Refused(key, "HTTP 403 Authorization_RequestDenied")
                    : _directory.TryGetValue(key, out var user) ? DirectoryLookup.Found(key, user)
                    : DirectoryLookup.NotFound(key)).ToList());
            }

            public Task<MigrationJob> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken)
            {
                lock (Created) Created.Add(definition);
                var job = Job(Guid.NewGuid().ToString(), definition.DisplayName, definition.Resources.ToArray());
                lock (_jobs) _jobs[job.Id] = job;
                return Task.FromResult(job);
            }

            public Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_jobs[id]);

            public Task ListUsersAsync(string jobId, Action<IReadOnlyList<MigrationUser>> onPage, CancellationToken cancellationToken)
            {
                foreach (var page in _jobs[jobId].Resources.Select((id, i) => (id, i)).GroupBy(p => p.i / 2))
                    onPage(page.Select(p => new MigrationUser { Id = p.id, JobId = jobId }).ToList());
                return Task.CompletedTask;
            }

            public Task<MigrationUser> GetUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
                Task.FromResult(new MigrationUser { Id = userId, JobId = jobId });

            public Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<bool> ListJobPagesAsync(Func<IReadOnlyList<MigrationJob>, bool> onPage, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<IReadOnlyList<MigrationJob>> ListJobsByDisplayNameAsync(string displayName, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<MigrationJob> ValidateJobAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task RescheduleJobAsync(string id, DateTimeOffset completeAfterDateTime, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task DeleteJobAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
            public Task<MigrationCancelResult> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken) => throw new NotSupportedException();
        }
    }
}
