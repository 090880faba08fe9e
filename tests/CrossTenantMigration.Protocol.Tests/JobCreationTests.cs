using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Protocol.Tests
{
    /// <summary>Create reconciliation by display name, over the fake transport.</summary>
    public class JobCreationTests
    {
        private readonly FakeTransport _service = new FakeTransport();
        private readonly MigrationClient _client;
        private readonly CancellationToken _none = CancellationToken.None;

        public JobCreationTests() => _client = new MigrationClient(new MigrationConnection(_service, TimeSpan.FromSeconds(15)));

        private static JobDefinition Definition(string name, params string[] users) => new JobDefinition
        {
            DisplayName = name,
            SourceTenantId = "12345678-1234-1234-1234-123456789012",
            CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
            Resources = users.Length > 0 ? users : new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() },
            Workloads = new[] { "Teams" },
        };

        [Fact]
        public async Task A_create_whose_answer_is_lost_returns_the_committed_job_once()
        {
            _service.Inject("create", Fault.LostAfterCommit);
            var outcome = await _client.CreateJobAsync(Definition("lost-answer"), _none);
            Assert.Equal(1, _service.FaultsFired);
            Assert.Equal("lost-answer", outcome.Result.DisplayName);
            Assert.Equal(1, _service.SendsOf("create"));
            Assert.Single(await _client.ListJobsAsync(_none), j => j.DisplayName == "lost-answer");
            Assert.Contains("already exists with this definition", outcome.Warning);
        }

        [Fact]
        public async Task A_create_lost_before_it_reached_the_service_is_sent_again()
        {
            _service.Inject("create", Fault.LostBeforeCommit);
            var outcome = await _client.CreateJobAsync(Definition("lost-request"), _none);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Equal(1, _service.FaultsFired);
            Assert.Equal(2, _service.SendsOf("create"));
            Assert.Single(await _client.ListJobsAsync(_none));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Creating_the_same_job_again_returns_it_whether_or_not_the_service_echoes_its_users(bool echo)
        {
            _service.EchoResources = echo;
            var users = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToArray();
            var first = await _client.CreateJobAsync(Definition("rerun", users), _none);
            var second = await _client.CreateJobAsync(Definition("rerun", users.Reverse().ToArray()), _none);
            Assert.Equal(OutcomeKind.AlreadyDone, second.Kind);
            Assert.Equal(first.Result.Id, second.Result.Id);
            Assert.Single(await _client.ListJobsAsync(_none));
            Assert.Equal(echo ? 0 : 1, _service.SendsOf("users") > 0 ? 1 : 0);
        }

        [Fact]
        public async Task Another_definition_under_the_same_name_is_a_JobNameConflict_naming_the_job()
        {
            var first = await _client.CreateJobAsync(Definition("taken"), _none);
            var conflict = await Assert.ThrowsAsync<JobNameConflictException>(() => _client.CreateJobAsync(Definition("taken"), _none));
            Assert.Equal(ErrorIds.JobNameConflict, conflict.ErrorId);
            Assert.Contains(first.Result.Id, conflict.Message);
            Assert.Contains("submitted", conflict.Message);
            Assert.Contains("2 user(s), of which 0 are among the 2 given", conflict.Message);
        }

        [Fact]
        public async Task Another_source_tenant_under_the_same_name_is_a_conflict_too()
        {
            var users = new[] { Guid.NewGuid().ToString() };
            await _client.CreateJobAsync(Definition("tenant", users), _none);
            var other = Definition("tenant", users);
            other.SourceTenantId = Guid.NewGuid().ToString();
            var conflict = await Assert.ThrowsAsync<JobNameConflictException>(() => _client.CreateJobAsync(other, _none));
            Assert.Contains("source tenant", conflict.Message);
        }
    }
}
