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
            // Two jobs on one page: the list while both wait, then the one left on its own.
            Assert.Equal(3, _service.SendsOf("listPage"));
            Assert.Equal(1, _service.SendsOf("get"));
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

        [Fact]
        public async Task A_poll_that_fails_after_its_retries_is_told_once_and_the_wait_goes_on_until_the_job_settles()
        {
            var job = _service.Add(JobStatus.ValidateInProgress);
            _service.FailReads("get", 3);
            var clock = new SteppingClock(n => { if (n == 4) _service.SetStatus(job.Id, JobStatus.ValidatePassed); });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { job.Id }, TimeSpan.FromSeconds(15), TimeSpan.FromDays(2), updates.Add, CancellationToken.None);
            Assert.Equal(3, _service.ReadFailuresFired);
            Assert.Equal(new[] { true, false, false }, updates.Where(u => u.Error != null).Select(u => u.FirstPollFailure));
            Assert.All(updates.Where(u => u.Error != null), u => Assert.Equal(WaitState.Waiting, u.State));
            Assert.Equal(WaitState.Settled, updates.Last().State);
            Assert.Equal(job.Id, updates.Last().Job.Id);
        }

        [Fact]
        public async Task A_job_list_that_fails_is_read_job_by_job_in_that_cycle_and_both_jobs_still_settle()
        {
            var a = _service.Add(JobStatus.InProgress);
            var b = _service.Add(JobStatus.InProgress);
            _service.FailReads("listPage", 1);
            var clock = new SteppingClock(n => { if (n == 1) { _service.SetStatus(a.Id, JobStatus.Completed); _service.SetStatus(b.Id, JobStatus.Failed); } });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { a.Id, b.Id }, TimeSpan.FromSeconds(15), null, updates.Add, CancellationToken.None);
            Assert.Equal(1, _service.ReadFailuresFired);
            Assert.Equal(2, _service.SendsOf("get")); // the failed cycle, one read each
            Assert.Equal(2, _service.SendsOf("listPage")); // and the list again at the next cycle
            Assert.Equal(new[] { a.Id, b.Id }, updates.Where(u => u.Settled).Select(u => u.Job.Id));
            Assert.DoesNotContain(updates, u => u.Error != null);
        }

        [Fact]
        public async Task A_job_never_read_before_the_deadline_times_out_by_its_id()
        {
            var job = _service.Add(JobStatus.InProgress);
            _service.FailReads("get", 100);
            var clock = new SteppingClock(_ => { });
            var updates = new List<JobWaitUpdate>();
            await new JobWaiter(_service, clock).WaitAsync(new[] { job.Id }, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(50), updates.Add, CancellationToken.None);
            Assert.Equal(WaitState.TimedOut, updates.Last().State);
            Assert.Equal(job.Id, updates.Last().Job.Id);
            Assert.Single(updates, u => u.FirstPollFailure);
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

namespace CrossTenantMigration.Protocol.Tests
{
    public class PollingCostTests
    {
        private readonly FakeTransport _service = new FakeTransport();

        private sealed class CountingClock : WaitClock
        {
            private readonly Action<int> _step;
            private TimeSpan _now;
            public CountingClock(Action<int> step) => _step = step;
            public override Func<TimeSpan> StartTimer() { var start = _now; return () => _now - start; }
            public override Task Delay(TimeSpan delay, CancellationToken cancellationToken) { _now += delay; _step(0); return Task.CompletedTask; }
        }

        private int Requests => _service.SendsOf("listPage") + _service.SendsOf("get");

        [Fact]
        public async Task Fifty_recent_jobs_cost_a_few_list_pages_per_interval_not_fifty_requests()
        {
            for (var i = 0; i < 30; i++) _service.Add(JobStatus.Completed); // older jobs of the tenant
            var wave = Enumerable.Range(0, 50).Select(_ => _service.Add(JobStatus.ValidateInProgress)).ToList();
            var perInterval = new List<int>();
            var before = 0;
            var clock = new CountingClock(_ =>
            {
                perInterval.Add(Requests - before);
                before = Requests;
                if (perInterval.Count == 3) foreach (var job in wave) _service.SetStatus(job.Id, JobStatus.ValidatePassed);
            });
            await new JobWaiter(_service, clock).WaitAsync(wave.Select(j => j.Id).ToList(), TimeSpan.FromSeconds(30), null, _ => { }, CancellationToken.None);
            Assert.All(perInterval, n => Assert.Equal(3, n)); // 50 jobs, newest first: three pages of 20
            Assert.Equal(0, _service.SendsOf("get"));
        }

        [Fact]
        public async Task Where_the_list_costs_more_it_is_given_up_and_each_job_is_read_on_its_own()
        {
            var wave = Enumerable.Range(0, 5).Select(_ => _service.Add(JobStatus.ValidateInProgress)).ToList();
            for (var i = 0; i < 200; i++) _service.Add(JobStatus.Completed); // newer jobs bury the wave
            var perInterval = new List<int>();
            var before = 0;
            var clock = new CountingClock(_ =>
            {
                perInterval.Add(Requests - before);
                before = Requests;
                if (perInterval.Count == 3) foreach (var job in wave) _service.SetStatus(job.Id, JobStatus.ValidatePassed);
            });
            await new JobWaiter(_service, clock).WaitAsync(wave.Select(j => j.Id).ToList(), TimeSpan.FromSeconds(30), null, _ => { }, CancellationToken.None);
            Assert.Equal(4 + 5, perInterval[0]); // tried: four pages, then each job
            Assert.All(perInterval.Skip(1), n => Assert.Equal(5, n));
            Assert.Equal(4, _service.SendsOf("listPage"));
        }

        [Fact]
        public async Task Reads_each_job_with_at_most_the_given_number_under_way()
        {
            var jobs = Enumerable.Range(0, 6).Select(_ => _service.Add(JobStatus.Completed)).ToList();
            for (var i = 0; i < 200; i++) _service.Add(JobStatus.Completed); // the list would not serve
            var slow = new SlowTransport(_service);
            await new JobWaiter(slow, new CountingClock(_ => { })).WaitAsync(jobs.Select(j => j.Id).ToList(), TimeSpan.FromSeconds(1), null, _ => { }, CancellationToken.None, concurrency: 2);
            Assert.Equal(2, slow.MostAtOnce);
            Assert.Equal(6, _service.SendsOf("get"));
        }

        /// <summary>Counts how many reads are under way at once.</summary>
        private sealed class SlowTransport : IMigrationTransport
        {
            private readonly FakeTransport _inner;
            private int _now;
            public int MostAtOnce { get; private set; }
            public SlowTransport(FakeTransport inner) => _inner = inner;
            public MigrationContext Context => _inner.Context;
            public DateTimeOffset ServiceNow => _inner.ServiceNow;
            public void Dispose() { }
            public async Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken)
            {
                MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _now));
                await Task.Delay(20, cancellationToken); // long enough for the others to start
                try { return await _inner.GetJobAsync(id, cancellationToken); } finally { Interlocked.Decrement(ref _now); }
            }
            public Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken c) => _inner.ListJobsAsync(c);
            public Task<bool> ListJobPagesAsync(Func<IReadOnlyList<MigrationJob>, bool> onPage, CancellationToken c) => _inner.ListJobPagesAsync(onPage, c);
            public Task<IReadOnlyList<MigrationJob>> ListJobsByDisplayNameAsync(string n, CancellationToken c) => _inner.ListJobsByDisplayNameAsync(n, c);
            public Task<MigrationJob> GetJobByDisplayNameAsync(string n, CancellationToken c) => _inner.GetJobByDisplayNameAsync(n, c);
            public Task<MigrationJob> CreateJobAsync(JobDefinition d, CancellationToken c) => _inner.CreateJobAsync(d, c);
            public Task<MigrationJob> ValidateJobAsync(string id, CancellationToken c) => _inner.ValidateJobAsync(id, c);
            public Task<MigrationJob> MigrateJobAsync(string id, CancellationToken c) => _inner.MigrateJobAsync(id, c);
            public Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken c) => _inner.CancelJobAsync(id, c);
            public Task RescheduleJobAsync(string id, DateTimeOffset w, CancellationToken c) => _inner.RescheduleJobAsync(id, w, c);
            public Task DeleteJobAsync(string id, CancellationToken c) => _inner.DeleteJobAsync(id, c);
            public Task ListUsersAsync(string id, Action<IReadOnlyList<MigrationUser>> p, CancellationToken c) => _inner.ListUsersAsync(id, p, c);
            public Task<IReadOnlyList<DirectoryLookup>> LookUpUsersAsync(IReadOnlyList<string> k, int n, CancellationToken c) => _inner.LookUpUsersAsync(k, n, c);
            public Task<MigrationUser> GetUserAsync(string j, string u, CancellationToken c) => _inner.GetUserAsync(j, u, c);
            public Task<MigrationCancelResult> CancelUserAsync(string j, string u, CancellationToken c) => _inner.CancelUserAsync(j, u, c);
        }
    }
}
