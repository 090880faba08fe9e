using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration
{
    /// <summary>Every operation of the cross-tenant migration API, in the module's own types.</summary>
    public interface IMigrationService
    {
        Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken);
        Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken);
        Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken);
        Task<MigrationJob> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken);
        Task<MigrationJob> ValidateJobAsync(string id, CancellationToken cancellationToken);
        Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken);
        Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken);
        Task RescheduleJobAsync(string id, DateTimeOffset completeAfterDateTime, CancellationToken cancellationToken);
        Task DeleteJobAsync(string id, CancellationToken cancellationToken);
        Task<IReadOnlyList<MigrationUser>> ListUsersAsync(string jobId, CancellationToken cancellationToken);
        Task<MigrationUser> GetUserAsync(string jobId, string userId, CancellationToken cancellationToken);
        Task<MigrationCancelResult> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken);
    }

    /// <summary>A connection: the service plus what is known about the sign-in.</summary>
    public interface IMigrationSession : IMigrationService, IDisposable
    {
        MigrationContext Context { get; }
    }

    /// <summary>
    /// Where the engine reports what a user may want to see. Calls arrive on any thread; the
    /// PowerShell layer forwards them to its streams on the pipeline thread.
    /// </summary>
    public interface IOperationLog
    {
        void Verbose(string message);
        void Warning(string message);
        void Debug(string message);
    }

    /// <summary>Discards everything.</summary>
    public sealed class NullOperationLog : IOperationLog
    {
        public static readonly NullOperationLog Instance = new NullOperationLog();
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void Debug(string message) { }
    }
}
