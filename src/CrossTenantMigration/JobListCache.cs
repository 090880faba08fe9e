using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration
{
    /// <summary>
    /// The job list for tab completion: kept for a short while, and never allowed to hold the prompt
    /// for more than a moment (a slow service completes nothing rather than freezing the console).
    /// </summary>
    internal static class JobListCache
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan PromptBudget = TimeSpan.FromSeconds(2);
        private static readonly object Gate = new object();
        private static IReadOnlyList<MigrationJob> _jobs = Array.Empty<MigrationJob>();
        private static DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
        private static Protocol.MigrationClient? _fetchedFor;
        private static Task<IReadOnlyList<MigrationJob>>? _pending;

        public static IReadOnlyList<MigrationJob> Get()
        {
            var client = ModuleSession.Current;
            if (client == null) return Array.Empty<MigrationJob>();
            Task<IReadOnlyList<MigrationJob>> pending;
            lock (Gate)
            {
                if (ReferenceEquals(client, _fetchedFor) && DateTimeOffset.UtcNow - _fetchedAt < Lifetime) return _jobs;
                if (_pending == null || _pending.IsCompleted)
                {
                    _pending = Task.Run(() => client.ListJobsAsync(CancellationToken.None));
                }
                pending = _pending;
            }
            try
            {
                if (!pending.Wait(PromptBudget)) return ReferenceEquals(client, _fetchedFor) ? _jobs : Array.Empty<MigrationJob>();
                lock (Gate)
                {
                    _jobs = pending.Result;
                    _fetchedAt = DateTimeOffset.UtcNow;
                    _fetchedFor = client;
                    return _jobs;
                }
            }
            catch (AggregateException)
            {
                return Array.Empty<MigrationJob>();
            }
        }
    }
}
