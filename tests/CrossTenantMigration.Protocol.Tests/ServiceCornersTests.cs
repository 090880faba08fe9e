using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Protocol.Tests
{
    /// <summary>The service's undocumented corners: the alternate key, expired validation.</summary>
    public class ServiceCornersTests
    {
        private readonly FakeTransport _service = new FakeTransport();
        private readonly MigrationClient _client;
        private readonly CancellationToken _none = CancellationToken.None;

        public ServiceCornersTests() => _client = new MigrationClient(new MigrationConnection(_service, TimeSpan.FromSeconds(15)));

        [Theory]
        [InlineData(400)]
        [InlineData(404)]
        [InlineData(405)]
        [InlineData(501)]
        public async Task A_refused_alternate_key_falls_back_to_the_filtered_list_and_is_not_asked_again(int refusal)
        {
            var job = _service.Add(JobStatus.Submitted);
            _service.KeyRefusal = refusal;
            Assert.Equal(job.Id, (await _client.GetJobByDisplayNameAsync(job.DisplayName, _none)).Id);
            Assert.Equal(job.Id, (await _client.GetJobByDisplayNameAsync(job.DisplayName.ToUpperInvariant(), _none)).Id);
            Assert.Equal(1, _service.SendsOf("getByName"));
            Assert.Equal(2, _service.SendsOf("listByName"));
            Assert.Equal(0, _service.SendsOf("list"));
        }

        [Fact]
        public async Task A_refused_filter_falls_back_to_the_whole_list_once_and_for_all()
        {
            var job = _service.Add(JobStatus.Submitted);
            _service.Add(JobStatus.Submitted);
            _service.KeyRefusal = 400;
            _service.FilterRefusal = 400;
            Assert.Equal(job.Id, (await _client.GetJobByDisplayNameAsync(job.DisplayName, _none)).Id);
            Assert.Equal(job.Id, (await _client.GetJobByDisplayNameAsync(job.DisplayName, _none)).Id);
            Assert.Equal(1, _service.SendsOf("listByName"));
            Assert.Equal(2, _service.SendsOf("list"));
        }

        [Fact]
        public async Task A_name_no_job_has_is_JobNotFound_whichever_way_it_was_looked_up()
        {
            _service.KeyRefusal = 404;
            var missing = await Assert.ThrowsAsync<ServiceException>(() => _client.GetJobByDisplayNameAsync("nobody", _none));
            Assert.Equal(ErrorIds.JobNotFound, missing.ErrorId);
            _service.KeyRefusal = 400;
            missing = await Assert.ThrowsAsync<ServiceException>(() => _client.GetJobByDisplayNameAsync("nobody", _none));
            Assert.Equal(ErrorIds.JobNotFound, missing.ErrorId);
            Assert.Contains("nobody", missing.Message);
        }

        [Fact]
        public async Task A_404_for_a_missing_job_does_not_condemn_a_key_that_works()
        {
            var job = _service.Add(JobStatus.Submitted);
            await Assert.ThrowsAsync<ServiceException>(() => _client.GetJobByDisplayNameAsync("nobody", _none));
            Assert.Equal(job.Id, (await _client.GetJobByDisplayNameAsync(job.DisplayName, _none)).Id);
            Assert.Equal(2, _service.SendsOf("getByName"));
        }

        [Fact]
        public async Task Create_reconciliation_works_without_the_alternate_key()
        {
            _service.KeyRefusal = 400;
            _service.Inject("create", Fault.LostAfterCommit);
            var definition = new JobDefinition
            {
                DisplayName = "no-key", SourceTenantId = "12345678-1234-1234-1234-123456789012", CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
                Resources = new[] { Guid.NewGuid().ToString() }, Workloads = new[] { "Teams" },
            };
            var outcome = await _client.CreateJobAsync(definition, _none);
            Assert.Equal("no-key", outcome.Result.DisplayName);
            Assert.Equal(1, _service.SendsOf("create"));
            Assert.Single(await _client.ListJobsAsync(_none));
        }

        [Fact]
        public void A_validation_that_passed_this_week_is_already_done_and_nothing_is_sent()
        {
            var job = _service.Add(JobStatus.ValidatePassed);
            _service.ServiceNow = job.LastUpdatedDateTime!.Value.AddDays(6);
            var outcome = _client.Check(JobActions.Validate, _service.Job(job.Id));
            Assert.Equal(OutcomeKind.AlreadyDone, outcome!.Kind);
            Assert.Contains("seven days", outcome.Warning);
        }

        [Fact]
        public async Task An_expired_validation_the_service_will_not_repeat_ends_in_an_error_with_the_way_out_never_success()
        {
            var job = _service.Add(JobStatus.ValidatePassed);
            _service.ServiceNow = job.LastUpdatedDateTime!.Value.AddDays(8);
            var current = _service.Job(job.Id);
            Assert.Null(_client.Check(JobActions.Validate, current));
            var outcome = await _client.ActAsync(JobActions.Validate, current, _none);
            Assert.Equal(OutcomeKind.Refused, outcome.Kind);
            var refusal = Assert.IsType<JobStatusException>(outcome.Refusal);
            Assert.Equal(ErrorIds.ValidationExpired, refusal.ErrorId);
            Assert.Contains("refused to validate", refusal.Message);
            Assert.Contains("The current status is validatePassed", refusal.Message);
            Assert.Contains("Remove-XtMigrationJob", refusal.Message);
            Assert.Contains("New-XtMigrationJob", refusal.Message);
            Assert.Equal(1, _service.SendsOf("validate"));
        }

        [Fact]
        public async Task An_expired_validation_the_service_repeats_is_done()
        {
            _service.RevalidatesExpired = true;
            var job = _service.Add(JobStatus.ValidatePassed);
            _service.ServiceNow = job.LastUpdatedDateTime!.Value.AddDays(8);
            var outcome = await _client.ActAsync(JobActions.Validate, _service.Job(job.Id), _none);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Equal(JobStatus.ValidateSubmitted, outcome.Result.Status);
        }

        [Fact]
        public void Migrating_an_expired_validation_is_refused_before_sending_saying_what_to_do()
        {
            var job = _service.Add(JobStatus.ValidatePassed);
            _service.ServiceNow = job.LastUpdatedDateTime!.Value.AddDays(7).AddMinutes(1);
            var outcome = _client.Check(JobActions.Migrate, _service.Job(job.Id));
            Assert.Equal(OutcomeKind.Refused, outcome!.Kind);
            Assert.Equal(ErrorIds.ValidationExpired, outcome.Refusal!.ErrorId);
            Assert.Contains("Test-XtMigrationJob", outcome.Refusal.Message);
            Assert.Equal(0, _service.SendsOf("migrate"));
        }

        [Fact]
        public async Task A_job_that_looks_freshly_validated_but_the_service_calls_expired_is_refused_with_the_way_out()
        {
            // Rescheduled after it passed: its last change is recent, its validation is not.
            var job = _service.Add(JobStatus.ValidatePassed);
            var passedAt = job.LastUpdatedDateTime!.Value;
            _service.ServiceNow = passedAt.AddDays(8);
            var looksFresh = _service.Job(job.Id);
            looksFresh.LastUpdatedDateTime = passedAt.AddDays(7.5);
            Assert.Null(_client.Check(JobActions.Migrate, looksFresh));
            looksFresh.LastUpdatedDateTime = passedAt; // what the service goes by
            var outcome = await _client.ActAsync(JobActions.Migrate, looksFresh, _none);
            Assert.Equal(OutcomeKind.Refused, outcome.Kind);
            Assert.Equal(ErrorIds.ValidationExpired, outcome.Refusal!.ErrorId);
            Assert.Contains("older than 7 days", outcome.Refusal.Message);
            Assert.Contains("create it again with the same users", outcome.Refusal.Message);
        }
    }
}
