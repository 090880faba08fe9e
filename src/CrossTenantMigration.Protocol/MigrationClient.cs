using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>
    /// A connection as the cmdlets use it: the transport's reads, and the protocol's actions, each of
    /// which ends done, already done or refused.
    /// </summary>
    public sealed class MigrationClient : IDisposable
    {
        private readonly MigrationConnection _connection;
        private readonly JobLookup _lookup;
        private readonly JobCreation _creation;

        public MigrationClient(MigrationConnection connection)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _lookup = new JobLookup(Transport);
            _creation = new JobCreation(Transport, _lookup);
            Waiter = new JobWaiter(Transport);
            Directory = new DirectoryResolver(Transport);
        }

        public IMigrationTransport Transport => _connection.Transport;

        public MigrationContext Context => _connection.Context;

        /// <summary>How often a wait reads a job unless told otherwise (the connection's).</summary>
        public TimeSpan DefaultPollInterval => _connection.DefaultPollInterval;

        /// <summary>The settings, clock and counters a test steers; null when the connection's service cannot be steered.</summary>
        public ISandboxSteering? Steering => _connection.Steering;

        public JobWaiter Waiter { get; }

        /// <summary>The target tenant's directory, users found remembered for as long as the connection lasts.</summary>
        public DirectoryResolver Directory { get; }

        /// <summary>Fills in the names of one command's users: see <see cref="UserNaming"/>.</summary>
        public UserNaming NameUsers(int concurrency) => new UserNaming(Directory, concurrency);

        /// <summary>The ids of a new job's users, their names resolved before anything is created: see <see cref="JobUserNames"/>.</summary>
        public Task<ResolvedJobUsers> ResolveJobUsersAsync(IReadOnlyList<UserInput> users, int concurrency, CancellationToken cancellationToken) =>
            JobUserNames.ResolveAsync(Directory, users, concurrency, cancellationToken);

        public void Dispose() => _connection.Dispose();

        public Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken) =>
            Transport.ListJobsAsync(cancellationToken);

        public Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken) =>
            Transport.GetJobAsync(id, cancellationToken);

        public Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            _lookup.GetByDisplayNameAsync(displayName, cancellationToken);

        /// <summary>The job named by id when one is given, else by display name.</summary>
        public Task<MigrationJob> FindJobAsync(string? id, string? displayName, CancellationToken cancellationToken) =>
            id != null ? GetJobAsync(JobDefinitionRules.NormalizeJobId(id), cancellationToken) : GetJobByDisplayNameAsync(displayName!, cancellationToken);

        /// <summary>Creates the job, or answers with the job of that name and definition created before; a JobNameConflictException for another definition.</summary>
        public Task<ActionOutcome<MigrationJob>> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken) =>
            _creation.CreateAsync(definition, cancellationToken);

        /// <summary>The action's status gate for this job, by the service's clock: already done, refused, or null to go ahead.</summary>
        public ActionOutcome<T>? Check<T>(JobAction<T> action, MigrationJob job) => action.Check(job, Transport.ServiceNow);

        /// <summary>Runs an action on a job that passed its status gate (<see cref="Check{T}"/>).</summary>
        public Task<ActionOutcome<T>> ActAsync<T>(JobAction<T> action, MigrationJob job, CancellationToken cancellationToken) =>
            action.RunAsync(Transport, job, cancellationToken);

        public Task ListUsersAsync(string jobId, Action<IReadOnlyList<MigrationUser>> onPage, CancellationToken cancellationToken) =>
            Transport.ListUsersAsync(jobId, onPage, cancellationToken);

        /// <summary>
        /// The users of a job that <paramref name="keep"/> keeps, a page at a time, their names filled in by
        /// <paramref name="naming"/> before each page is handed over: a page is named while the next is read, and the
        /// pages are handed over in order. Nothing of it goes on once it has ended, however it ended.
        /// </summary>
        public async Task ListNamedUsersAsync(string jobId, Func<MigrationUser, bool> keep, UserNaming naming, Action<IReadOnlyList<MigrationUser>> onPage,
            CancellationToken cancellationToken)
        {
            var handedOver = Task.CompletedTask;
            try
            {
                await Transport.ListUsersAsync(jobId, page =>
                    handedOver = NameThenHandOverAsync(naming, page.Where(keep).ToList(), handedOver, onPage, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await handedOver.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }
            await handedOver.ConfigureAwait(false);
        }

        private static async Task NameThenHandOverAsync(UserNaming naming, IReadOnlyList<MigrationUser> page, Task previous,
            Action<IReadOnlyList<MigrationUser>> onPage, CancellationToken cancellationToken)
        {
            await naming.NameAsync(page, cancellationToken).ConfigureAwait(false);
            await previous.ConfigureAwait(false);
            onPage(page);
        }

        public Task<MigrationUser> GetUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            Transport.GetUserAsync(jobId, userId, cancellationToken);

        public Task<ActionOutcome<MigrationCancelResult>> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            UserCancellation.RunAsync(Transport, jobId, userId, cancellationToken);
    }
}
