using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol.Tests
{
    /// <summary>What the fake does to the next request of an operation.</summary>
    internal enum Fault
    {
        /// <summary>The request never reaches the service; the caller sees no answer.</summary>
        LostBeforeCommit,
        /// <summary>The service acts, and its answer is lost.</summary>
        LostAfterCommit,
    }

    /// <summary>
    /// A transport over a tiny model of the service's documented rules (the 409 guards of each action),
    /// with faults given by count per operation, and every request counted.
    /// </summary>
    internal sealed class FakeTransport : IMigrationTransport
    {
        private readonly Dictionary<string, MigrationJob> _jobs = new Dictionary<string, MigrationJob>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Dictionary<string, string>> _users = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, Queue<Fault>> _faults = new Dictionary<string, Queue<Fault>>();
        // The target tenant's directory: each user by id and by name, in any case.
        private readonly Dictionary<string, DirectoryUser> _directory = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);

        public MigrationContext Context { get; } = new MigrationContext { SignInKind = SignInKind.AccessToken };
        public DateTimeOffset ServiceNow { get; set; } = DateTimeOffset.UtcNow;
        /// <summary>How the service answers the alternate key: null serves it; else the HTTP status it refuses it with.</summary>
        public int? KeyRefusal { get; set; }
        /// <summary>How the service answers $filter on displayName: null serves it; else the HTTP status it refuses it with.</summary>
        public int? FilterRefusal { get; set; }
        /// <summary>Whether validate is accepted from a validatePassed job whose results expired (the documentation says no).</summary>
        public bool RevalidatesExpired { get; set; }
        public Dictionary<string, int> Sends { get; } = new Dictionary<string, int>();
        public int FaultsFired { get; private set; }
        /// <summary>Whether the service echoes a job's users in <c>resources</c> (the real one often does not).</summary>
        public bool EchoResources { get; set; }

        /// <summary>Whether the directory refuses the token (HTTP 403), as it does one without User.ReadBasic.All.</summary>
        public bool DirectoryRefuses { get; set; }

        /// <summary>Every key the directory was asked for, in order.</summary>
        public List<string> LookedUp { get; } = new List<string>();

        public void Dispose() { }

        /// <summary>A user of the target tenant's directory, found by its id or its name.</summary>
        public DirectoryUser AddDirectoryUser(string userPrincipalName, string? id = null, string? displayName = null)
        {
            var user = new DirectoryUser(id ?? Guid.NewGuid().ToString(), userPrincipalName, displayName ?? userPrincipalName.Split('@')[0]);
            _directory[user.Id] = user;
            _directory[userPrincipalName] = user;
            return user;
        }

        public Task<IReadOnlyList<DirectoryLookup>> LookUpUsersAsync(IReadOnlyList<string> keys, int concurrency, CancellationToken cancellationToken) =>
            Read("lookUp", () => (IReadOnlyList<DirectoryLookup>)keys.Distinct(StringComparer.OrdinalIgnoreCase).Select(key =>
            {
                LookedUp.Add(key);
                return DirectoryRefuses ? DirectoryLookup.Refused(key, "HTTP 403 Authorization_RequestDenied: Insufficient privileges to complete the operation")
                    : _directory.TryGetValue(key, out var user) ? DirectoryLookup.Found(key, user)
                    : DirectoryLookup.NotFound(key);
            }).ToList());

        /// <summary>The next <paramref name="count"/> requests of <paramref name="operation"/> meet <paramref name="fault"/>.</summary>
        public void Inject(string operation, Fault fault, int count = 1)
        {
            if (!_faults.TryGetValue(operation, out var queue)) _faults[operation] = queue = new Queue<Fault>();
            for (var i = 0; i < count; i++) queue.Enqueue(fault);
        }

        public int SendsOf(string operation) => Sends.TryGetValue(operation, out var n) ? n : 0;

        /// <summary>The next <paramref name="count"/> reads of <paramref name="operation"/> fail as a service still failing after every retry does (HTTP 500).</summary>
        public void FailReads(string operation, int count)
        {
            _readFailures[operation] = ReadFailuresLeft(operation) + count;
        }

        public int ReadFailuresFired { get; private set; }

        private int ReadFailuresLeft(string operation) => _readFailures.TryGetValue(operation, out var n) ? n : 0;
        private readonly Dictionary<string, int> _readFailures = new Dictionary<string, int>();

        public MigrationJob Add(string status, params string[] users)
        {
            var job = new MigrationJob
            {
                Id = Guid.NewGuid().ToString(), DisplayName = "job-" + Guid.NewGuid().ToString("N").Substring(0, 6), Status = status,
                SourceTenantId = "12345678-1234-1234-1234-123456789012", ResourceType = "Users", Workloads = new[] { "Teams" },
                CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3), LastUpdatedDateTime = ServiceNow,
            };
            _jobs[job.Id] = job;
            _users[job.Id] = (users.Length > 0 ? users : new[] { Guid.NewGuid().ToString() }).ToDictionary(u => u, _ => "notStarted");
            return job;
        }

        public MigrationJob Job(string id) => _jobs[id];

        public string UserStatus(string jobId, string userId) => _users[jobId][userId];

        public void SetStatus(string id, string status)
        {
            _jobs[id].Status = status;
            _jobs[id].LastUpdatedDateTime = ServiceNow;
        }

        public void Remove(string id) => _jobs.Remove(id);

        /// <summary>How many jobs a page of the list holds.</summary>
        public int PageSize { get; set; } = 20;

        public Task<bool> ListJobPagesAsync(Func<IReadOnlyList<MigrationJob>, bool> onPage, CancellationToken cancellationToken)
        {
            // The newest first, as the service lists them.
            var all = _jobs.Values.Reverse().Select(Copy).ToList();
            for (var start = 0; ; start += PageSize)
            {
                CountRead("listPage");
                var more = onPage(all.Skip(start).Take(PageSize).ToList());
                if (start + PageSize >= all.Count) return Task.FromResult(true);
                if (!more) return Task.FromResult(false);
            }
        }

        public Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken) =>
            Read("list", () => (IReadOnlyList<MigrationJob>)_jobs.Values.Select(Copy).ToList());

        public Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken) =>
            Read("get", () => Copy(Find(id)));

        public Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            Read("getByName", () =>
            {
                if (KeyRefusal is int status) throw new ServiceException(status == 404 ? ErrorIds.JobNotFound : ErrorIds.ServiceRejectedRequest, status == 404 ? FailureKind.NotFound : FailureKind.InvalidRequest, "route refused") { HttpStatus = status };
                return Copy(_jobs.Values.FirstOrDefault(j => string.Equals(j.DisplayName, displayName, StringComparison.OrdinalIgnoreCase))
                    ?? throw NotFound(ErrorIds.JobNotFound));
            });

        public Task<IReadOnlyList<MigrationJob>> ListJobsByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            Read("listByName", () =>
            {
                if (FilterRefusal is int status) throw new ServiceException(ErrorIds.ServiceRejectedRequest, FailureKind.InvalidRequest, "filter refused") { HttpStatus = status };
                return (IReadOnlyList<MigrationJob>)_jobs.Values.Where(j => string.Equals(j.DisplayName, displayName, StringComparison.OrdinalIgnoreCase)).Select(Copy).ToList();
            });

        public Task<MigrationJob> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken) =>
            Act("create", () =>
            {
                if (_jobs.Values.Any(j => string.Equals(j.DisplayName, definition.DisplayName, StringComparison.OrdinalIgnoreCase)))
                    throw new ServiceException(ErrorIds.JobNameExists, FailureKind.AlreadyExists, "nameAlreadyExists") { HttpStatus = 409 };
                var job = Add(JobStatus.Submitted, definition.Resources.ToArray());
                job.DisplayName = definition.DisplayName;
                job.SourceTenantId = definition.SourceTenantId;
                job.Workloads = definition.Workloads.ToArray();
                return Copy(job);
            });

        public Task<MigrationJob> ValidateJobAsync(string id, CancellationToken cancellationToken) =>
            Act("validate", () => Move(id, RevalidatesExpired && Expired(Find(id)) ? new[] { JobStatus.ValidatePassed } : JobStatus.Validatable, JobStatus.ValidateSubmitted));

        public Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken) =>
            Act("migrate", () =>
            {
                if (Expired(Find(id))) throw new ServiceException(ErrorIds.ServiceConflict, FailureKind.Conflict, "Validation results older than 7 days.") { HttpStatus = 409, GraphErrorMessage = "Validation results older than 7 days." };
                return Move(id, JobStatus.Migratable, JobStatus.Processing);
            });

        private bool Expired(MigrationJob job) => job.Status == JobStatus.ValidatePassed && ServiceNow - job.LastUpdatedDateTime >= TimeSpan.FromDays(7);

        public Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken) =>
            Act("cancel", () =>
            {
                var job = Move(id, JobStatus.Cancellable, JobStatus.PendingCancel);
                return new MigrationCancelResult { JobId = id, Status = job.Status, Message = "accepted" };
            });

        public Task RescheduleJobAsync(string id, DateTimeOffset completeAfterDateTime, CancellationToken cancellationToken) =>
            Act("reschedule", () =>
            {
                var job = Find(id);
                if (JobStatus.IsIn(job.Status, JobStatus.Settled)) throw Conflict(job);
                job.CompleteAfterDateTime = completeAfterDateTime;
                return true;
            });

        public Task DeleteJobAsync(string id, CancellationToken cancellationToken) =>
            Act("delete", () => Move(id, JobStatus.Deletable, JobStatus.PendingDelete));

        public Task ListUsersAsync(string jobId, Action<IReadOnlyList<MigrationUser>> onPage, CancellationToken cancellationToken) =>
            Read("users", () =>
            {
                Find(jobId);
                foreach (var page in _users[jobId].Keys.Select((id, i) => (id, i)).GroupBy(p => p.i / 2))
                    onPage(page.Select(p => User(jobId, p.id)).ToList());
                return true;
            });

        public Task<MigrationUser> GetUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            Read("user", () =>
            {
                Find(jobId);
                return _users[jobId].ContainsKey(userId) ? User(jobId, userId) : throw NotFound(ErrorIds.UserNotFound);
            });

        public Task<MigrationCancelResult> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            Act("cancelUser", () =>
            {
                Find(jobId);
                if (!_users[jobId].TryGetValue(userId, out var status)) throw NotFound(ErrorIds.UserNotFound);
                if (status != "notStarted")
                    throw new ServiceException(ErrorIds.ServiceConflict, FailureKind.Conflict, $"Cancel is not possible. Current status is {status}") { HttpStatus = 409 };
                _users[jobId][userId] = "pendingCancel";
                return new MigrationCancelResult { JobId = jobId, UserId = userId, Status = "pendingCancel" };
            });

        private MigrationUser User(string jobId, string userId) => new MigrationUser
        {
            Id = userId, JobId = jobId,
            Workloads = new[] { new MigrationWorkloadStatus { Workload = "Teams", Status = _users[jobId][userId] } },
        };

        private MigrationJob Move(string id, IReadOnlyList<string> from, string to)
        {
            var job = Find(id);
            if (!JobStatus.IsIn(job.Status, from)) throw Conflict(job);
            job.Status = to;
            job.LastUpdatedDateTime = ServiceNow;
            return Copy(job);
        }

        private MigrationJob Find(string id) => _jobs.TryGetValue(id, out var job) ? job : throw NotFound(ErrorIds.JobNotFound);

        private MigrationJob Copy(MigrationJob job) => new MigrationJob
        {
            Id = job.Id, DisplayName = job.DisplayName, Status = job.Status, SourceTenantId = job.SourceTenantId, ResourceType = job.ResourceType,
            Workloads = job.Workloads, CompleteAfterDateTime = job.CompleteAfterDateTime, LastUpdatedDateTime = job.LastUpdatedDateTime,
            Resources = EchoResources ? _users[job.Id].Keys.ToArray() : Array.Empty<string>(),
        };

        private Task<T> Read<T>(string operation, Func<T> read)
        {
            CountRead(operation);
            return Task.FromResult(read());
        }

        private void CountRead(string operation)
        {
            Count(operation);
            if (ReadFailuresLeft(operation) == 0) return;
            _readFailures[operation]--;
            ReadFailuresFired++;
            throw new ServiceException(ErrorIds.ServiceUnavailable, FailureKind.Unavailable, $"{operation}: HTTP 500 after every retry") { HttpStatus = 500 };
        }

        private Task<T> Act<T>(string operation, Func<T> act)
        {
            Count(operation);
            Fault? fault = null;
            if (_faults.TryGetValue(operation, out var queue) && queue.Count > 0)
            {
                fault = queue.Dequeue();
                FaultsFired++;
            }
            if (fault == Fault.LostBeforeCommit) throw Lost(operation);
            var result = act();
            if (fault == Fault.LostAfterCommit) throw Lost(operation);
            return Task.FromResult(result);
        }

        private void Count(string operation) => Sends[operation] = SendsOf(operation) + 1;

        private static ServiceException Lost(string operation) =>
            new ServiceException(ErrorIds.ConnectionFailed, FailureKind.Connection, $"{operation}: the connection was lost") { OutcomeUnknown = true };

        private static ServiceException Conflict(MigrationJob job) =>
            new ServiceException(ErrorIds.ServiceConflict, FailureKind.Conflict, $"The current status is {job.Status}.") { HttpStatus = 409, GraphErrorMessage = $"The current status is {job.Status}." };

        private static ServiceException NotFound(string errorId) =>
            new ServiceException(errorId, FailureKind.NotFound, "Not found.") { HttpStatus = 404 };
    }
}
