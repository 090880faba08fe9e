using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Protocol.Tests
{
    /// <summary>Waiting, with a clock the test drives: every delay moves it on and lets the service act.</summary>
    public class JobWaiterTests
    {
        private readonly FakeTransport _service = new FakeTransport();

        /// <summary>A clock whose delays pass at once, each one moving time on and running a step of the service.</summary>
        private sealed class SteppingClock : WaitClock
        {
            private readonly Action<int> _step;
            private TimeSpan _now;
            public int Delays { get; private set; }

            public SteppingClock(Action<int> step) => _step = step;

            public override Func<TimeSpan> StartTimer()
            {
                var start = _now;
                return () => _now - start;
            }

            public override Task Delay(TimeSpan delay, CancellationToken cancellationToken)
            {
                _now += delay;
                _step(++Delays);
                return Task.CompletedTask;
            }
        }

        [Fact]
        public async Task Waits_for_several_jobs_and_reports_each_as_it_settles()
        {
            var a = _service.Add(JobStatus.ValidateSubmitted);
            var b = _service.Add(JobStatus.ValidateSubmitted);
            var clock = new SteppingClock(n =>
            {
                if (n == 1) _service.SetStatus(a.Id, JobStatus.ValidateInProgress);
                if (n == 2) _service.SetStatus(a.Id, JobStatus.ValidatePassed);
                if (n == 3) _service.SetStatus(b.Id, JobStatus.ValidateFailed);
            });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { a.Id, b.Id }, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), updates.Add, CancellationToken.None);
            Assert.Equal(new[] { a.Id, b.Id }, updates.Where(u => u.Settled).Select(u => u.Job.Id));
            Assert.Contains(updates, u => !u.Settled && u.PercentComplete > 0 && u.PercentComplete < 100);
            Assert.Equal(3, clock.Delays);
            // One request per unsettled job per interval.
            Assert.Equal(3 + 4, _service.SendsOf("get"));
        }

        [Fact]
        public async Task A_wait_that_runs_out_of_time_says_so_for_each_job_still_running()
        {
            var job = _service.Add(JobStatus.ValidateSubmitted);
            var clock = new SteppingClock(_ => { });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { job.Id }, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(50), updates.Add, CancellationToken.None);
            Assert.True(updates.Last().TimedOut);
            Assert.DoesNotContain(updates, u => u.Settled);
            // 20 s, 20 s, then the last 10 s up to the deadline, and one look at it.
            Assert.Equal(3, clock.Delays);
            Assert.Equal(4, _service.SendsOf("get"));
        }

        [Fact]
        public async Task A_job_deleted_during_the_wait_ends_its_wait_with_the_error_and_the_others_go_on()
        {
            var gone = _service.Add(JobStatus.InProgress);
            var stays = _service.Add(JobStatus.InProgress);
            var clock = new SteppingClock(n =>
            {
                if (n == 1) _service.Remove(gone.Id);
                if (n == 2) _service.SetStatus(stays.Id, JobStatus.Completed);
            });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { gone.Id, stays.Id }, TimeSpan.FromSeconds(1), null, updates.Add, CancellationToken.None);
            var error = Assert.Single(updates, u => u.Error != null);
            Assert.Equal(gone.Id, error.Job.Id);
            Assert.Equal(ErrorIds.JobNotFound, error.Error!.ErrorId);
            Assert.Equal(stays.Id, Assert.Single(updates, u => u.Settled).Job.Id);
        }
    }
}

namespace CrossTenantMigration.Protocol.Tests
{
    public class WaitingOnStatusesTests
    {
        private readonly FakeTransport _service = new FakeTransport();

        private sealed class InstantClock : WaitClock
        {
            private readonly Action<int> _step;
            private TimeSpan _now;
            public InstantClock(Action<int> step) => _step = step;
            public int Delays { get; private set; }
            public override Func<TimeSpan> StartTimer() { var start = _now; return () => _now - start; }
            public override Task Delay(TimeSpan delay, CancellationToken cancellationToken) { _now += delay; _step(++Delays); return Task.CompletedTask; }
        }

        [Fact]
        public async Task A_job_that_needs_an_administrator_ends_its_wait_at_the_next_poll_without_timing_out()
        {
            var job = _service.Add(JobStatus.InProgress);
            var clock = new InstantClock(n => { if (n == 1) _service.SetStatus(job.Id, JobStatus.AdminActionRequired); });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { job.Id }, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3), updates.Add, CancellationToken.None);
            Assert.Equal(WaitState.NeedsAdministrator, updates.Last().State);
            Assert.Equal(1, clock.Delays);
            Assert.DoesNotContain(updates, u => u.TimedOut);
        }

        [Fact]
        public async Task Approved_is_under_way_and_an_unknown_status_is_told_once_and_waited_on()
        {
            var job = _service.Add(JobStatus.Approved);
            var clock = new InstantClock(n =>
            {
                if (n == 1) _service.SetStatus(job.Id, null!);
                if (n == 4) _service.SetStatus(job.Id, JobStatus.Completed);
            });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { job.Id }, TimeSpan.FromMinutes(1), null, updates.Add, CancellationToken.None);
            Assert.Equal(WaitState.Waiting, updates[0].State);
            Assert.Equal(new[] { false, true, false, false, false }, updates.Select(u => u.FirstUnknownStatus));
            Assert.Equal(WaitState.Settled, updates.Last().State);
        }
    }
}
