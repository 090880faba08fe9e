using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The emulated Microsoft Graph cross-tenant migration job service
    /// (<c>/{v1.0|beta}/solutions/migrations/crossTenantMigrationJobs</c>), for hosting elsewhere: its Graph routes
    /// (<see cref="SendAsync"/>) and the target tenant's directory behind GET /users and JSON batches, the clock that
    /// drives its jobs, and what a test steers (settings, directory users, throttling, faults, user failures, a job's
    /// status) and reads (statistics). Who may call it is the host's to say
    /// (<see cref="ICallerAuthenticator"/>). Thread-safe.
    /// </summary>
    public sealed class SandboxHost
    {
        private readonly FaultInjector _faults = new FaultInjector();
        private readonly CountsByKey _counters = new CountsByKey();
        private readonly DirectoryTraffic _traffic = new DirectoryTraffic();
        private readonly UserDirectory _directory = new UserDirectory();
        private readonly JobStore _store;
        private readonly RequestPipeline _pipeline;
        private readonly SandboxSteering _steering;

        /// <summary>A service with these options (the instance is kept and stays live) whose callers <paramref name="authenticator"/> knows.</summary>
        public SandboxHost(SandboxOptions options, ICallerAuthenticator authenticator)
        {
            if (authenticator == null) throw new ArgumentNullException(nameof(authenticator));
            Options = options ?? throw new ArgumentNullException(nameof(options));
            Clock = new SandboxClock();
            _store = new JobStore(Options, Clock);
            _pipeline = new RequestPipeline(Options, Clock, authenticator, _store, _directory, _faults, _counters, _traffic);
            _steering = new SandboxSteering(Options, Clock, _store, _directory, _faults);
        }

        /// <summary>The live options.</summary>
        public SandboxOptions Options { get; }

        /// <summary>The virtual clock that drives job state.</summary>
        public SandboxClock Clock { get; }

        /// <summary>429 injection; null turns it off. Setting it restarts its counters.</summary>
        public ThrottleSettings? Throttle
        {
            get => _faults.Throttle;
            set => _faults.Throttle = value;
        }

        /// <summary>Random fault injection; null turns it off. Setting it reseeds its random source.</summary>
        public FaultSettings? Faults
        {
            get => _faults.Faults;
            set => _faults.Faults = value;
        }

        /// <summary>How a stall waits (tests replace it).</summary>
        internal Func<TimeSpan, CancellationToken, Task> StallDelay
        {
            get => _pipeline.Delay;
            set => _pipeline.Delay = value;
        }

        /// <summary>
        /// Serves a Graph request, its Date header by the service's clock. A dropped connection is thrown as
        /// <see cref="EmulatedConnectionDropException"/>.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            byte[] body = request.Content == null ? new byte[0] : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return await _pipeline.SendAsync(RequestContext.Create(request, body), request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The next <paramref name="count"/> Graph requests (of the HTTP <paramref name="method"/> when given) get the
        /// fault <paramref name="kind"/>; each counts in <see cref="SandboxStatistics.FaultsInjected"/>. Such a request
        /// is neither throttled nor given a random fault. Calls queue up in order.
        /// </summary>
        public void InjectFaults(FaultKind kind, int count, string? method = null) => _faults.InjectCounted(kind, count, method);

        /// <summary>
        /// As <see cref="InjectFaults(FaultKind, int, string)"/>, for the next <paramref name="count"/> requests of the
        /// <paramref name="target"/> only: <see cref="FaultTarget.Create"/> waits for a create, whatever other POSTs come first.
        /// </summary>
        public void InjectFaults(FaultKind kind, int count, FaultTarget target)
            => _faults.InjectCounted(kind, count, target == FaultTarget.Create ? "POST" : null, target);

        /// <summary>Drops the faults injected by either <c>InjectFaults</c> overload that have not fired yet.</summary>
        public void ClearInjectedFaults() => _faults.ClearCounted();

        /// <summary>Registers a simulated failure for a user (in every job that contains the user).</summary>
        public void SetUserFailure(string userId, UserFailure failure)
        {
            if (userId == null)
            {
                throw new ArgumentNullException(nameof(userId));
            }

            if (failure == null)
            {
                throw new ArgumentNullException(nameof(failure));
            }

            if (failure.Workload != null && WireWorkload.Canonical(failure.Workload) == null)
            {
                throw new ArgumentException($"Unknown workload '{failure.Workload}'. Use Exchange, ODSP, Teams or Meeting.", nameof(failure));
            }

            _store.SetFailure(userId, failure);
        }

        /// <summary>
        /// Adds users to the directory, each replacing the user of the same id, all or none: an
        /// <see cref="ArgumentException"/>, and nothing added, when an id is not a GUID, a user principal name is not
        /// name@domain, an id or a name is given twice, or a name is another user's.
        /// </summary>
        public void AddDirectoryUsers(IEnumerable<SandboxDirectoryUser> users)
        {
            if (users == null) throw new ArgumentNullException(nameof(users));
            var rejection = _directory.Add(users.ToList());
            if (rejection != null)
            {
                // no parameter name: the message is what the emulator's admin API answers
                throw new ArgumentException("Nothing was added: " + rejection.Message);
            }
        }

        /// <summary>The users of the directory, by user principal name.</summary>
        public IReadOnlyList<SandboxDirectoryUser> GetDirectoryUsers() => _directory.List();

        /// <summary>Empties the directory.</summary>
        public void ClearDirectory() => _directory.Clear();

        /// <summary>Removes a failure registered with <see cref="SetUserFailure"/>. Returns false when there was none.</summary>
        public bool ClearUserFailure(string userId) => _store.ClearFailure(userId);

        /// <summary>
        /// Puts a job into a status of the test's choosing, known or not (a status the service may add later),
        /// where it stays until a request moves it. For tests of a client's corners.
        /// </summary>
        public void SetJobStatus(string jobId, string status)
        {
            if (status == null) throw new ArgumentNullException(nameof(status));
            _store.Run(now =>
            {
                JobLifecycle.Enter(_store.Find(new JobKey { Id = jobId }), status, "", now);
                return true;
            });
        }

        /// <summary>Changes the options after applying the transitions that fell due under the old ones.</summary>
        public void ChangeOptions(Action<SandboxOptions> change)
        {
            if (change == null)
            {
                throw new ArgumentNullException(nameof(change));
            }

            _store.Run(_ =>
            {
                change(Options);
                return true;
            });
        }

        /// <summary>A snapshot of the request counters (Graph requests only).</summary>
        public SandboxStatistics GetStatistics()
        {
            var (jobs, duplicates, creates) = _store.Snapshot();
            var (total, byMethod) = _counters.Snapshot();
            return new SandboxStatistics
            {
                Requests = total,
                ByMethod = byMethod,
                Creates = creates,
                Jobs = jobs,
                DuplicateDisplayNames = duplicates,
                Throttled = _faults.Throttled,
                FaultsInjected = _faults.FaultsInjected,
                UserLookups = _traffic.UserLookups,
                Batches = _traffic.Batches,
                DirectoryUsers = _directory.Count,
            };
        }

        /// <summary>Zeroes the request counters.</summary>
        public void ResetStatistics()
        {
            _counters.Reset();
            _traffic.Reset();
            _store.ResetCounters();
            _faults.ResetCounters();
        }

        /// <summary>The settings a test steers, as in effect now.</summary>
        public SandboxSettings GetSettings() => _steering.Get();

        /// <summary>
        /// Applies the properties of <paramref name="change"/> that are set, all or none, after the status changes that
        /// fell due under the old settings; returns the settings in effect. A Now before the clock, or a negative
        /// AdvanceBy, is an <see cref="InputValidationException"/> (InvalidSandboxTime) naming it.
        /// </summary>
        public SandboxSettings ChangeSettings(SandboxSettingsChange change) => _steering.Change(change);

        /// <summary>
        /// Back to an empty service: jobs, directory users, statistics, user failures, throttling, faults (injected by
        /// count too), the clock offset, and the steered options (StepDuration, RefuseAlternateKey, AdminActionRequired)
        /// as the service was made with them. The other options stay, and so do the callers the authenticator knows.
        /// </summary>
        public void Reset()
        {
            _store.Reset();
            _directory.Clear();
            _counters.Reset();
            _traffic.Reset();
            _faults.Reset();
            Clock.Reset();
            _steering.RestoreDefaults();
        }
    }
}
