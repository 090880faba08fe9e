using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration
{
    /// <summary>
    /// The operations of the cross-tenant migration API, one request each (paging aside), in the
    /// module's own types. Nothing here reconciles or retries an action: that is the protocol's work.
    /// A failure is a <see cref="ServiceException"/>; an action whose answer was lost has
    /// <see cref="ServiceException.OutcomeUnknown"/> set.
    /// </summary>
    public interface IMigrationTransport : IDisposable
    {
        /// <summary>How the transport is connected.</summary>
        MigrationContext Context { get; }

        /// <summary>
        /// The service's clock, as the Date header of its last answer told it (this machine's clock until
        /// then): the service's timestamps, such as when a validation passed, are measured against it.
        /// </summary>
        DateTimeOffset ServiceNow { get; }

        /// <summary>Every job, all pages.</summary>
        Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken);

        /// <summary>The jobs a page at a time, until the pages end (true) or <paramref name="onPage"/> answers false before they do (false).</summary>
        Task<bool> ListJobPagesAsync(Func<IReadOnlyList<MigrationJob>, bool> onPage, CancellationToken cancellationToken);

        /// <summary>The jobs the service lists for <c>$filter=displayName eq '…'</c>, all pages (a service that ignores the filter lists them all).</summary>
        Task<IReadOnlyList<MigrationJob>> ListJobsByDisplayNameAsync(string displayName, CancellationToken cancellationToken);

        Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken);

        /// <summary>The job with this display name, through the alternate key <c>crossTenantMigrationJobs(displayName='…')</c>.</summary>
        Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken);

        Task<MigrationJob> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken);
        Task<MigrationJob> ValidateJobAsync(string id, CancellationToken cancellationToken);
        Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken);
        Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken);
        Task RescheduleJobAsync(string id, DateTimeOffset completeAfterDateTime, CancellationToken cancellationToken);
        Task DeleteJobAsync(string id, CancellationToken cancellationToken);

        /// <summary>Every user of a job, handed over a page at a time so that none need be held for long.</summary>
        Task ListUsersAsync(string jobId, Action<IReadOnlyList<MigrationUser>> onPage, CancellationToken cancellationToken);

        Task<MigrationUser> GetUserAsync(string jobId, string userId, CancellationToken cancellationToken);
        Task<MigrationCancelResult> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken);

        /// <summary>
        /// Looks users up in the connected (target) tenant's directory, each key a user principal name or an object id:
        /// one answer per distinct key (compared in any case), in the order first given. A user the directory does not
        /// have is NotFound, a key the token may not read Refused, any other answer Failed: only a failure of the whole
        /// lookup (the service unreachable, an answer that is not the documented one) is a <see cref="ServiceException"/>.
        /// It only reads, and sends at most <paramref name="concurrency"/> requests at once.
        /// </summary>
        Task<IReadOnlyList<DirectoryLookup>> LookUpUsersAsync(IReadOnlyList<string> keys, int concurrency, CancellationToken cancellationToken);
    }

    /// <summary>
    /// Where the engine reports what a user may want to see. Calls arrive on any thread; the
    /// PowerShell layer forwards them to its streams on the pipeline thread.
    /// </summary>
    public interface IOperationLog
    {
        /// <summary>Whether verbose messages are shown: when not, a caller need not even compose them.</summary>
        bool IsVerbose { get; }

        void Verbose(string message);
        void Warning(string message);
        void Debug(string message);
    }

    /// <summary>Discards everything.</summary>
    public sealed class NullOperationLog : IOperationLog
    {
        public static readonly NullOperationLog Instance = new NullOperationLog();
        public bool IsVerbose => false;
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void Debug(string message) { }
    }
}
