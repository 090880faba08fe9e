using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Protocol.Tests
{
    /// <summary>The status gates and act-once with read-back, over the fake transport.</summary>
    public class JobActionTests
    {
        private readonly FakeTransport _service = new FakeTransport();
        private readonly MigrationClient _client;
        private readonly CancellationToken _none = CancellationToken.None;

        public JobActionTests() => _client = new MigrationClient(new MigrationConnection(_service, TimeSpan.FromSeconds(15)));

        [Fact]
        public async Task An_accepted_action_is_done_and_sent_once()
        {
            var job = _service.Add(JobStatus.Submitted);
            Assert.Null(_client.Check(JobActions.Validate, job));
            var outcome = await _client.ActAsync(JobActions.Validate, job, _none);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Null(outcome.Warning);
            Assert.Equal(JobStatus.ValidateSubmitted, outcome.Result.Status);
            Assert.Equal(1, _service.SendsOf("validate"));
        }

        [Fact]
        public async Task An_answer_lost_after_the_service_acted_is_read_back_and_not_sent_again()
        {
            var job = _service.Add(JobStatus.Submitted);
            _service.Inject("validate", Fault.LostAfterCommit);
            var outcome = await _client.ActAsync(JobActions.Validate, job, _none);
            Assert.Equal(1, _service.FaultsFired);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Contains("was lost", outcome.Warning);
            Assert.Equal(JobStatus.ValidateSubmitted, outcome.Result.Status);
            Assert.Equal(1, _service.SendsOf("validate"));
        }

        [Fact]
        public async Task A_request_lost_before_the_service_acted_is_sent_again_because_the_job_still_awaits_it()
        {
            var job = _service.Add(JobStatus.ValidatePassed);
            _service.Inject("migrate", Fault.LostBeforeCommit);
            var outcome = await _client.ActAsync(JobActions.Migrate, job, _none);
            Assert.Equal(1, _service.FaultsFired);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Equal(JobStatus.Processing, _service.Job(job.Id).Status);
            Assert.Equal(2, _service.SendsOf("migrate"));
        }

        [Fact]
        public async Task A_request_lost_every_time_gives_up_after_three_sends_with_the_failure()
        {
            var job = _service.Add(JobStatus.Submitted);
            _service.Inject("validate", Fault.LostBeforeCommit, 5);
            var failure = await Assert.ThrowsAsync<ServiceException>(() => _client.ActAsync(JobActions.Validate, job, _none));
            Assert.True(failure.OutcomeUnknown);
            Assert.Equal(3, _service.FaultsFired);
            Assert.Equal(3, _service.SendsOf("validate"));
            Assert.Equal(JobStatus.Submitted, _service.Job(job.Id).Status);
        }

        [Fact]
        public async Task A_real_conflict_is_refused_with_the_status_and_what_it_allows()
        {
            var job = _service.Add(JobStatus.Submitted);
            // The gate would refuse it; the service is asked anyway, as by a job that changed in between.
            var outcome = await _client.ActAsync(JobActions.Migrate, job, _none);
            Assert.Equal(OutcomeKind.Refused, outcome.Kind);
            var refusal = Assert.IsType<ServiceException>(outcome.Refusal);
            Assert.Equal(ErrorIds.ServiceConflict, refusal.ErrorId);
            Assert.Contains("is submitted", refusal.Message);
            Assert.Contains("validatePassed, failed, completedWithErrors", refusal.Message);
            Assert.Equal(409, refusal.HttpStatus);
        }

        [Fact]
        public async Task A_conflict_because_the_action_already_took_effect_is_already_done()
        {
            var job = _service.Add(JobStatus.PendingCancel);
            var outcome = await _client.ActAsync(JobActions.Cancel, job, _none);
            Assert.Equal(OutcomeKind.AlreadyDone, outcome.Kind);
            Assert.Equal(JobStatus.PendingCancel, outcome.Result.Status);
            Assert.Contains("not requested again", outcome.Warning);
        }

        [Theory]
        [InlineData(JobStatus.ValidateSubmitted)]
        [InlineData(JobStatus.ValidateInProgress)]
        public void The_gate_answers_a_step_already_under_way_without_sending(string status)
        {
            var job = _service.Add(status);
            var outcome = _client.Check(JobActions.Validate, job);
            Assert.NotNull(outcome);
            Assert.Equal(OutcomeKind.AlreadyDone, outcome!.Kind);
            Assert.Same(job, outcome.Result);
            Assert.Contains($"already {status}", outcome.Warning);
            Assert.Equal(0, _service.SendsOf("validate"));
        }

        [Fact]
        public void The_gate_refuses_a_status_the_action_does_not_allow_naming_both_and_the_way_on()
        {
            var job = _service.Add(JobStatus.ValidateFailed);
            var outcome = _client.Check(JobActions.Migrate, job);
            Assert.Equal(OutcomeKind.Refused, outcome!.Kind);
            var refusal = Assert.IsType<JobStatusException>(outcome.Refusal);
            Assert.Equal(ErrorIds.JobStatusNotMigratable, refusal.ErrorId);
            Assert.Contains("its status is validateFailed", refusal.Message);
            Assert.Contains("possible only from validatePassed, failed, completedWithErrors", refusal.Message);
            Assert.Contains("Get-XtMigrationJobUser -Status invalid", refusal.Message);
        }

        [Fact]
        public void Each_refusal_cites_exactly_the_statuses_its_gate_checks()
        {
            AssertCitesItsGate(JobActions.Validate);
            AssertCitesItsGate(JobActions.Migrate);
            AssertCitesItsGate(JobActions.Cancel);
            AssertCitesItsGate(JobActions.Delete);
        }

        private static void AssertCitesItsGate<T>(JobAction<T> action)
        {
            var refused = 0;
            foreach (var status in JobStatus.All)
            {
                var refusal = action.Check(new MigrationJob { Id = "x", DisplayName = "x", Status = status, LastUpdatedDateTime = DateTimeOffset.UtcNow }, DateTimeOffset.UtcNow)?.Refusal;
                if (refusal == null) continue;
                refused++;
                Assert.Contains("possible only from " + string.Join(", ", action.AllowedFrom!), refusal.Message);
                Assert.DoesNotContain(status, action.AllowedFrom!);
                Assert.Equal(action.RefusalErrorId, refusal.ErrorId);
            }
            Assert.True(refused > 0);
        }

        [Fact]
        public async Task A_deletion_whose_answer_was_lost_is_done_when_the_job_is_pending_delete()
        {
            var job = _service.Add(JobStatus.Cancelled);
            _service.Inject("delete", Fault.LostAfterCommit);
            var outcome = await _client.ActAsync(JobActions.Delete, job, _none);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Equal(1, _service.FaultsFired);
            Assert.Equal(1, _service.SendsOf("delete"));
            Assert.Equal(JobStatus.PendingDelete, _service.Job(job.Id).Status);
        }

        [Fact]
        public async Task A_reschedule_whose_answer_was_lost_is_done_when_the_date_shows_it()
        {
            var job = _service.Add(JobStatus.InProgress);
            var when = DateTimeOffset.UtcNow.AddDays(9);
            _service.Inject("reschedule", Fault.LostAfterCommit);
            var outcome = await _client.ActAsync(JobActions.Reschedule(when), job, _none);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Contains("already has its cutover after", outcome.Warning);
            Assert.Equal(1, _service.SendsOf("reschedule"));
        }

        [Fact]
        public async Task Cancelling_a_user_twice_is_already_done_and_a_missing_job_or_user_is_named()
        {
            var user = Guid.NewGuid().ToString();
            var job = _service.Add(JobStatus.InProgress, user);
            Assert.Equal(OutcomeKind.Done, (await _client.CancelUserAsync(job.Id, user, _none)).Kind);
            var again = await _client.CancelUserAsync(job.Id, user, _none);
            Assert.Equal(OutcomeKind.AlreadyDone, again.Kind);
            Assert.Equal(user, again.Result.UserId);
            var missingJob = await Assert.ThrowsAsync<ServiceException>(() => _client.CancelUserAsync(Guid.NewGuid().ToString(), user, _none));
            Assert.Equal(ErrorIds.JobNotFound, missingJob.ErrorId);
            var missingUser = await Assert.ThrowsAsync<ServiceException>(() => _client.CancelUserAsync(job.Id, Guid.NewGuid().ToString(), _none));
            Assert.Equal(ErrorIds.UserNotFound, missingUser.ErrorId);
        }

        [Fact]
        public async Task A_user_cancel_whose_answer_was_lost_is_done_once()
        {
            var user = Guid.NewGuid().ToString();
            var job = _service.Add(JobStatus.InProgress, user);
            _service.Inject("cancelUser", Fault.LostAfterCommit);
            var outcome = await _client.CancelUserAsync(job.Id, user, _none);
            Assert.Equal(OutcomeKind.Done, outcome.Kind);
            Assert.Contains("was lost", outcome.Warning);
            Assert.Equal(1, _service.SendsOf("cancelUser"));
            Assert.Equal("pendingCancel", _service.UserStatus(job.Id, user));
        }
    }
}
