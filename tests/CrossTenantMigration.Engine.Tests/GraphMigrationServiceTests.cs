using System;
using System.Linq;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>The engine over the Graph SDK, against the emulator in memory, with the clock driven by the test.</summary>
    public class GraphMigrationServiceTests
    {
        private readonly MigrationServiceEmulator _emulator = new MigrationServiceEmulator(new EmulatorOptions { StepDuration = TimeSpan.FromMinutes(1) });
        private readonly CancellationToken _none = CancellationToken.None;

        private IMigrationSession Connect(string apiVersion = "v1.0") =>
            MigrationSessionFactory.Connect(new ConnectionOptions { SignInKind = SignInKind.Sandbox, ApiVersion = apiVersion, Sandbox = _emulator });

        private JobDefinition Definition(params string[] users) => JobDefinitionRules.Normalize(new JobDefinition
        {
            DisplayName = "wave-" + Guid.NewGuid().ToString("N").Substring(0, 8),
            SourceTenantId = "12345678-1234-1234-1234-123456789012",
            CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
            Resources = users.Length > 0 ? users : new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() },
            Workloads = new[] { "Exchange", "Teams" },
            TargetDeliveryDomain = "fabrikam.onmicrosoft.com",
        }, DateTimeOffset.UtcNow);

        private void Steps(int count) => _emulator.Clock.Advance(TimeSpan.FromMinutes(count));

        [Theory]
        [InlineData("v1.0")]
        [InlineData("beta")]
        public async Task Runs_the_whole_lifecycle(string apiVersion)
        {
            using var session = Connect(apiVersion);
            var job = await session.CreateJobAsync(Definition(), _none);
            Assert.Equal(JobStatus.Submitted, job.Status);
            Assert.Equal(2, job.Resources.Length);

            job = await session.ValidateJobAsync(job.Id, _none);
            Assert.Equal(JobStatus.ValidateSubmitted, job.Status);
            Steps(3);
            Assert.Equal(JobStatus.ValidatePassed, (await session.GetJobAsync(job.Id, _none)).Status);
            Assert.All(await session.ListUsersAsync(job.Id, _none), u => Assert.Equal("valid", u.ExchangeStatus));

            job = await session.MigrateJobAsync(job.Id, _none);
            Assert.Equal(JobStatus.Processing, job.Status);
            Assert.Equal("migrate", job.JobType);
            Steps(2);
            Assert.Equal(JobStatus.InProgress, (await session.GetJobAsync(job.Id, _none)).Status);
            _emulator.Clock.Advance(TimeSpan.FromDays(3));
            Steps(2);
            var done = await session.GetJobByDisplayNameAsync(job.DisplayName, _none);
            Assert.Equal(JobStatus.Completed, done.Status);
            var users = await session.ListUsersAsync(job.Id, _none);
            Assert.All(users, u => { Assert.Equal("completed", u.ExchangeStatus); Assert.Equal("completed", u.TeamsStatus); Assert.Null(u.ODSPStatus); });
        }

        [Fact]
        public async Task Reads_quirky_answers_into_documented_spellings()
        {
            using var session = Connect();
            var created = await session.CreateJobAsync(Definition(), _none);
            var read = await session.GetJobAsync(created.Id, _none);
            Assert.Equal("Users", read.ResourceType);
            Assert.Equal(new[] { "Exchange", "Teams" }, read.Workloads);
            Assert.Empty(read.Resources);
            Assert.Null(read.UserCount);
        }

        [Fact]
        public async Task Lists_every_job_across_pages()
        {
            using var session = Connect();
            for (var i = 0; i < 45; i++) await session.CreateJobAsync(Definition(), _none);
            Assert.Equal(45, (await session.ListJobsAsync(_none)).Count);
            Assert.True(_emulator.GetStatistics().ByMethod["GET"] >= 3);
        }

        [Fact]
        public async Task Turns_service_errors_into_stable_ids_with_request_ids()
        {
            using var session = Connect();
            var notFound = await Assert.ThrowsAsync<MigrationServiceException>(() => session.GetJobAsync(Guid.NewGuid().ToString(), _none));
            Assert.Equal(ErrorIds.JobNotFound, notFound.ErrorId);
            Assert.Equal(FailureKind.NotFound, notFound.Kind);
            Assert.Equal(404, notFound.HttpStatus);
            Assert.False(string.IsNullOrEmpty(notFound.RequestId));
            Assert.False(string.IsNullOrEmpty(notFound.ClientRequestId));
            Assert.Contains(notFound.RequestId!, notFound.Message);

            var definition = Definition();
            await session.CreateJobAsync(definition, _none);
            var again = Definition();
            again.DisplayName = definition.DisplayName;
            var exists = await Assert.ThrowsAsync<MigrationServiceException>(() => session.CreateJobAsync(again, _none));
            Assert.Equal(ErrorIds.JobNameConflict, exists.ErrorId);
            Assert.Equal(FailureKind.AlreadyExists, exists.Kind);

            var job = await session.CreateJobAsync(Definition(), _none);
            var conflict = await Assert.ThrowsAsync<MigrationServiceException>(() => session.MigrateJobAsync(job.Id, _none));
            Assert.Equal(ErrorIds.ServiceConflict, conflict.ErrorId);
            Assert.Contains("submitted", conflict.Message);
        }

        [Fact]
        public async Task A_read_only_token_writing_is_told_which_permission_it_needs()
        {
            var token = _emulator.IssueToken(new TokenRequest { Scopes = new[] { "CrossTenantContentMigration.Read.All" } });
            using var secure = new SecureString();
            foreach (var c in token.AccessToken) secure.AppendChar(c);
            // The token goes over the emulator's in-memory handler through an http loopback URL.
            using var session = new SessionOverEmulator(_emulator, secure).Session;
            await session.ListJobsAsync(_none);
            var denied = await Assert.ThrowsAsync<MigrationServiceException>(() => session.CreateJobAsync(Definition(), _none));
            Assert.Equal(ErrorIds.PermissionDenied, denied.ErrorId);
            Assert.Contains("CrossTenantContentMigration.ReadWrite.All", denied.Message);
            Assert.Contains("Migration Administrator", denied.Message);
        }

        [Fact]
        public async Task Waits_for_several_jobs_and_reports_each_as_it_settles()
        {
            using var session = Connect();
            var a = await session.CreateJobAsync(Definition(), _none);
            var b = await session.CreateJobAsync(Definition(), _none);
            await session.ValidateJobAsync(a.Id, _none);
            await session.ValidateJobAsync(b.Id, _none);
            var updates = new System.Collections.Concurrent.ConcurrentQueue<JobWaitUpdate>();
            var wait = new JobWaiter(session).WaitAsync(new[] { a.Id, b.Id }, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(30), updates.Enqueue, _none);
            await Task.Delay(100);
            Steps(3);
            await wait;
            Assert.Equal(2, updates.Count(u => u.Settled));
            Assert.Contains(updates, u => !u.Settled && u.PercentComplete > 0 && u.PercentComplete < 100);
        }

        [Fact]
        public async Task A_wait_that_runs_out_of_time_says_so()
        {
            using var session = Connect();
            var job = await session.CreateJobAsync(Definition(), _none);
            await session.ValidateJobAsync(job.Id, _none);
            var updates = new System.Collections.Concurrent.ConcurrentQueue<JobWaitUpdate>();
            await new JobWaiter(session).WaitAsync(new[] { job.Id }, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), updates.Enqueue, _none);
            Assert.True(updates.Last().TimedOut);
            Assert.DoesNotContain(updates, u => u.Settled);
        }

        /// <summary>An access-token session whose network is the emulator's in-memory handler.</summary>
        private sealed class SessionOverEmulator
        {
            public SessionOverEmulator(MigrationServiceEmulator emulator, SecureString token) =>
                Session = MigrationSessionFactory.Connect(new ConnectionOptions
                {
                    SignInKind = SignInKind.AccessToken,
                    AccessToken = token,
                    Endpoint = new Uri("http://127.0.0.1:1"),
                    NetworkHandlerForTests = emulator.CreateHandler(),
                });

            public IMigrationSession Session { get; }
        }
    }
}

namespace CrossTenantMigration.Engine.Tests
{
    public class IdempotentCreateTests
    {
        private readonly MigrationServiceEmulator _emulator = new MigrationServiceEmulator(new EmulatorOptions { StepDuration = TimeSpan.FromMinutes(1) });

        private IMigrationSession Connect() =>
            MigrationSessionFactory.Connect(new ConnectionOptions { SignInKind = SignInKind.Sandbox, Sandbox = _emulator, MaxAttempts = 3 });

        private static JobDefinition Definition(string name, params string[] users) => JobDefinitionRules.Normalize(new JobDefinition
        {
            DisplayName = name,
            SourceTenantId = "12345678-1234-1234-1234-123456789012",
            CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
            Resources = users,
            Workloads = new[] { "Teams" },
        }, DateTimeOffset.UtcNow);

        [Fact]
        public async Task A_create_whose_answer_is_lost_returns_the_committed_job_once()
        {
            using var session = Connect();
            _emulator.Faults = new FaultSettings { Rate = 1, Kinds = new[] { FaultKind.DropAfterCommit }, Seed = 1 };
            var definition = Definition("lost-answer", Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
            var created = Task.Run(() => session.CreateJobAsync(definition, CancellationToken.None));
            // Only the create is dropped: the lookups that follow must get through.
            await Task.Delay(300);
            _emulator.Faults = null;
            var job = await created;
            Assert.Equal("lost-answer", job.DisplayName);
            var stats = _emulator.GetStatistics();
            Assert.Equal(1, stats.Jobs);
            Assert.Equal(0, stats.DuplicateDisplayNames);
        }

        [Fact]
        public async Task Creating_the_same_job_again_returns_it()
        {
            using var session = Connect();
            var users = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
            var first = await session.CreateJobAsync(Definition("rerun", users), CancellationToken.None);
            var second = await session.CreateJobAsync(Definition("rerun", users.Reverse().ToArray()), CancellationToken.None);
            Assert.Equal(first.Id, second.Id);
            Assert.Equal(1, _emulator.GetStatistics().Jobs);
        }

        [Fact]
        public async Task Another_definition_under_the_same_name_is_a_JobNameConflict()
        {
            using var session = Connect();
            var first = await session.CreateJobAsync(Definition("taken", Guid.NewGuid().ToString()), CancellationToken.None);
            var conflict = await Assert.ThrowsAsync<MigrationServiceException>(() =>
                session.CreateJobAsync(Definition("taken", Guid.NewGuid().ToString()), CancellationToken.None));
            Assert.Equal(ErrorIds.JobNameConflict, conflict.ErrorId);
            Assert.Contains(first.Id, conflict.Message);
            Assert.Contains("submitted", conflict.Message);
        }
    }
}

namespace CrossTenantMigration.Engine.Tests
{
    public class IdempotentActionTests
    {
        private readonly MigrationServiceEmulator _emulator = new MigrationServiceEmulator(new EmulatorOptions { StepDuration = TimeSpan.FromMinutes(1) });

        private IMigrationSession Connect() =>
            MigrationSessionFactory.Connect(new ConnectionOptions { SignInKind = SignInKind.Sandbox, Sandbox = _emulator, MaxAttempts = 4 });

        private async Task<MigrationJob> NewJob(IMigrationSession session) =>
            await session.CreateJobAsync(JobDefinitionRules.Normalize(new JobDefinition
            {
                DisplayName = "act-" + Guid.NewGuid().ToString("N").Substring(0, 8),
                SourceTenantId = "12345678-1234-1234-1234-123456789012",
                CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
                Resources = new[] { Guid.NewGuid().ToString() },
                Workloads = new[] { "Teams" },
            }, DateTimeOffset.UtcNow), CancellationToken.None);

        [Theory]
        [InlineData(FaultKind.DropAfterCommit)]
        [InlineData(FaultKind.GatewayTimeout504)]
        public async Task A_validate_whose_answer_is_lost_is_not_sent_twice(FaultKind fault)
        {
            using var session = Connect();
            var job = await NewJob(session);
            _emulator.ResetStatistics();
            _emulator.Faults = new FaultSettings { Rate = 1, Kinds = new[] { fault }, Seed = 3 };
            var validating = Task.Run(() => session.ValidateJobAsync(job.Id, CancellationToken.None));
            await Task.Delay(300);
            _emulator.Faults = null;
            var result = await validating;
            Assert.Equal(JobStatus.ValidateSubmitted, result.Status);
            Assert.Equal(1, _emulator.GetStatistics().ByMethod["POST"]);
        }

        [Fact]
        public async Task A_validate_lost_before_it_reached_the_service_is_sent_again()
        {
            using var session = Connect();
            var job = await NewJob(session);
            _emulator.Faults = new FaultSettings { Rate = 1, Kinds = new[] { FaultKind.DropBeforeCommit }, Seed = 3 };
            var validating = Task.Run(() => session.ValidateJobAsync(job.Id, CancellationToken.None));
            await Task.Delay(300);
            _emulator.Faults = null;
            Assert.Equal(JobStatus.ValidateSubmitted, (await validating).Status);
        }

        [Fact]
        public async Task A_real_conflict_states_the_status_and_what_it_allows()
        {
            using var session = Connect();
            var job = await NewJob(session);
            var conflict = await Assert.ThrowsAsync<MigrationServiceException>(() => session.MigrateJobAsync(job.Id, CancellationToken.None));
            Assert.Equal(ErrorIds.ServiceConflict, conflict.ErrorId);
            Assert.Contains("is submitted", conflict.Message);
            Assert.Contains("validatePassed", conflict.Message);
        }

        [Fact]
        public async Task A_delete_whose_answer_is_lost_succeeds_once()
        {
            using var session = Connect();
            var job = await NewJob(session);
            await session.CancelJobAsync(job.Id, CancellationToken.None);
            _emulator.Clock.Advance(TimeSpan.FromMinutes(2));
            _emulator.Faults = new FaultSettings { Rate = 1, Kinds = new[] { FaultKind.DropAfterCommit }, Seed = 5 };
            var deleting = Task.Run(() => session.DeleteJobAsync(job.Id, CancellationToken.None));
            await Task.Delay(300);
            _emulator.Faults = null;
            await deleting;
            Assert.Equal(JobStatus.PendingDelete, (await session.GetJobAsync(job.Id, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task Cancelling_a_user_twice_answers_with_the_cancellation_and_a_missing_job_is_named()
        {
            using var session = Connect();
            var job = await NewJob(session);
            var user = job.Resources[0];
            Assert.Equal("pendingCancel", (await session.CancelUserAsync(job.Id, user, CancellationToken.None)).Status);
            var again = await session.CancelUserAsync(job.Id, user, CancellationToken.None);
            Assert.Equal(user, again.UserId);
            var missingJob = await Assert.ThrowsAsync<MigrationServiceException>(() => session.CancelUserAsync(Guid.NewGuid().ToString(), user, CancellationToken.None));
            Assert.Equal(ErrorIds.JobNotFound, missingJob.ErrorId);
            var missingUser = await Assert.ThrowsAsync<MigrationServiceException>(() => session.CancelUserAsync(job.Id, Guid.NewGuid().ToString(), CancellationToken.None));
            Assert.Equal(ErrorIds.UserNotFound, missingUser.ErrorId);
        }

        [Fact]
        public async Task Cancelling_twice_answers_with_the_cancellation_under_way()
        {
            using var session = Connect();
            var job = await NewJob(session);
            await session.CancelJobAsync(job.Id, CancellationToken.None);
            var again = await session.CancelJobAsync(job.Id, CancellationToken.None);
            Assert.Equal(JobStatus.PendingCancel, again.Status);
        }
    }
}
