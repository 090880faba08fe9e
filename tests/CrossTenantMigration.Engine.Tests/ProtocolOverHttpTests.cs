using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator;
using CrossTenantMigration.Protocol;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>
    /// The protocol over the real transport and HTTP pipeline, against the emulator in memory, with
    /// faults given by count: each test asserts how many fired, so none can pass without its fault.
    /// </summary>
    public class ProtocolOverHttpTests
    {
        private readonly MigrationServiceEmulator _emulator = new MigrationServiceEmulator(new EmulatorOptions { StepDuration = TimeSpan.FromMinutes(1) });
        private readonly CancellationToken _none = CancellationToken.None;

        private MigrationClient Connect() =>
            new MigrationClient(MigrationTransportFactory.Connect(new ConnectionOptions { SignInKind = SignInKind.Sandbox, Sandbox = _emulator, MaxAttempts = 4 }));

        private static JobDefinition Definition(string name, params string[] users) => JobDefinitionRules.Normalize(new JobDefinition
        {
            DisplayName = name,
            SourceTenantId = "12345678-1234-1234-1234-123456789012",
            CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
            Resources = users.Length > 0 ? users : new[] { Guid.NewGuid().ToString() },
            Workloads = new[] { "Teams" },
        }, DateTimeOffset.UtcNow);

        private async Task<MigrationJob> NewJob(MigrationClient client) =>
            (await client.CreateJobAsync(Definition("act-" + Guid.NewGuid().ToString("N").Substring(0, 8)), _none)).Result;

        [Theory]
        [InlineData(FaultKind.DropAfterCommit)]
        [InlineData(FaultKind.GatewayTimeout504)]
        public async Task A_create_whose_answer_is_lost_returns_the_committed_job_once(FaultKind fault)
        {
            using var client = Connect();
            _emulator.InjectFaults(fault, 1, "POST");
            var outcome = await client.CreateJobAsync(Definition("lost-answer", Guid.NewGuid().ToString(), Guid.NewGuid().ToString()), _none);
            var stats = _emulator.GetStatistics();
            Assert.Equal(1, stats.FaultsInjected);
            Assert.Equal("lost-answer", outcome.Result.DisplayName);
            Assert.Equal(1, stats.Jobs);
            Assert.Equal(1, stats.Creates);
            Assert.Equal(0, stats.DuplicateDisplayNames);
        }

        [Fact]
        public async Task A_create_lost_before_it_reached_the_service_is_sent_again_once()
        {
            using var client = Connect();
            _emulator.InjectFaults(FaultKind.DropBeforeCommit, 1, "POST");
            var outcome = await client.CreateJobAsync(Definition("lost-request"), _none);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            var stats = _emulator.GetStatistics();
            Assert.Equal(1, stats.FaultsInjected);
            Assert.Equal(1, stats.Jobs);
        }

        [Fact]
        public async Task Creating_the_same_job_again_returns_it_and_another_definition_is_a_conflict()
        {
            using var client = Connect();
            var users = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
            var first = await client.CreateJobAsync(Definition("rerun", users), _none);
            var second = await client.CreateJobAsync(Definition("rerun", users.Reverse().ToArray()), _none);
            Assert.Equal(OutcomeKind.AlreadyDone, second.Kind);
            Assert.Equal(first.Result.Id, second.Result.Id);
            var conflict = await Assert.ThrowsAsync<JobNameConflictException>(() => client.CreateJobAsync(Definition("rerun"), _none));
            Assert.Contains(first.Result.Id, conflict.Message);
            Assert.Equal(1, _emulator.GetStatistics().Jobs);
        }

        [Fact]
        public async Task A_create_without_workloads_sends_none_and_running_it_again_finds_the_same_job()
        {
            using var client = Connect();
            var definition = Definition("all-workloads");
            definition.Workloads = Array.Empty<string>();
            definition.TargetDeliveryDomain = "fabrikam.onmicrosoft.com";
            var first = await client.CreateJobAsync(definition, _none);
            Assert.Equal(new[] { "Exchange", "ODSP", "Teams" }, first.Result.Workloads);
            var again = await client.CreateJobAsync(definition, _none);
            Assert.Equal(OutcomeKind.AlreadyDone, again.Kind);
            Assert.Equal(first.Result.Id, again.Result.Id);
        }

        [Theory]
        [InlineData(FaultKind.DropAfterCommit)]
        [InlineData(FaultKind.GatewayTimeout504)]
        public async Task A_validate_whose_answer_is_lost_is_not_sent_twice(FaultKind fault)
        {
            using var client = Connect();
            var job = await NewJob(client);
            _emulator.ResetStatistics();
            _emulator.InjectFaults(fault, 1, "POST");
            var outcome = await client.ActAsync(JobActions.Validate, job, _none);
            var stats = _emulator.GetStatistics();
            Assert.Equal(1, stats.FaultsInjected);
            Assert.Equal(JobStatus.ValidateSubmitted, outcome.Result.Status);
            Assert.Contains("was lost", outcome.Warning);
            Assert.Equal(1, stats.ByMethod["POST"]);
        }

        [Fact]
        public async Task A_validate_lost_before_it_reached_the_service_is_sent_again()
        {
            using var client = Connect();
            var job = await NewJob(client);
            _emulator.ResetStatistics();
            _emulator.InjectFaults(FaultKind.DropBeforeCommit, 1, "POST");
            var outcome = await client.ActAsync(JobActions.Validate, job, _none);
            var stats = _emulator.GetStatistics();
            Assert.Equal(1, stats.FaultsInjected);
            Assert.Equal(2, stats.ByMethod["POST"]);
            Assert.Equal(JobStatus.ValidateSubmitted, outcome.Result.Status);
        }

        [Fact]
        public async Task A_real_conflict_is_refused_stating_the_status_and_what_it_allows()
        {
            using var client = Connect();
            var job = await NewJob(client);
            var outcome = await client.ActAsync(JobActions.Migrate, job, _none);
            Assert.Equal(OutcomeKind.Refused, outcome.Kind);
            Assert.Equal(ErrorIds.ServiceConflict, outcome.Refusal!.ErrorId);
            Assert.Contains("is submitted", outcome.Refusal.Message);
            Assert.Contains("validatePassed", outcome.Refusal.Message);
        }

        [Fact]
        public async Task A_delete_whose_answer_is_lost_succeeds_once()
        {
            using var client = Connect();
            var job = await NewJob(client);
            await client.ActAsync(JobActions.Cancel, job, _none);
            _emulator.Clock.Advance(TimeSpan.FromMinutes(2));
            job = await client.GetJobAsync(job.Id, _none);
            _emulator.InjectFaults(FaultKind.DropAfterCommit, 1, "DELETE");
            var outcome = await client.ActAsync(JobActions.Delete, job, _none);
            // A DELETE may be repeated: the repeat meets a job already pendingDelete, which is the answer.
            Assert.NotEqual(OutcomeKind.Refused, outcome.Kind);
            Assert.Equal(1, _emulator.GetStatistics().FaultsInjected);
            Assert.Equal(JobStatus.PendingDelete, (await client.GetJobAsync(job.Id, _none)).Status);
        }

        [Fact]
        public async Task A_user_cancel_whose_answer_is_lost_is_done_and_a_second_is_already_done()
        {
            using var client = Connect();
            var job = await NewJob(client);
            var user = (await client.GetJobAsync(job.Id, _none)).Resources.FirstOrDefault() ?? job.Resources[0];
            _emulator.InjectFaults(FaultKind.DropAfterCommit, 1, "POST");
            var first = await client.CancelUserAsync(job.Id, user, _none);
            Assert.Equal(1, _emulator.GetStatistics().FaultsInjected);
            Assert.Equal(OutcomeKind.Done, first.Kind);
            Assert.Contains("was lost", first.Warning);
            var again = await client.CancelUserAsync(job.Id, user, _none);
            Assert.Equal(OutcomeKind.AlreadyDone, again.Kind);
            var missingJob = await Assert.ThrowsAsync<ServiceException>(() => client.CancelUserAsync(Guid.NewGuid().ToString(), user, _none));
            Assert.Equal(ErrorIds.JobNotFound, missingJob.ErrorId);
        }

        [Fact]
        public async Task Throttling_is_waited_out_and_counted()
        {
            using var client = Connect();
            var job = await NewJob(client);
            _emulator.InjectFaults(FaultKind.Throttle429, 2, "GET");
            Assert.Equal(job.Id, (await client.GetJobAsync(job.Id, _none)).Id);
            Assert.Equal(2, _emulator.GetStatistics().FaultsInjected);
        }
    }
}
