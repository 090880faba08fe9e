using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>
    /// Creates a job, or finds the one an earlier attempt created. The display name is the key: when the
    /// answer to a create is lost, or the name exists already, the job of that name is looked up; the same
    /// definition means it is this job (already done, with a warning), another definition is a
    /// <see cref="JobNameConflictException"/>. A create whose outcome is unknown is sent again only when no
    /// job of that name exists, and then the name still guards against a duplicate.
    /// </summary>
    internal sealed class JobCreation
    {
        private const int MaxSends = 3;
        private readonly IMigrationTransport _transport;
        private readonly JobLookup _lookup;

        public JobCreation(IMigrationTransport transport, JobLookup lookup)
        {
            _transport = transport;
            _lookup = lookup;
        }

        public async Task<ActionOutcome<MigrationJob>> CreateAsync(JobDefinition definition, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return ActionOutcome<MigrationJob>.Done(await _transport.CreateJobAsync(definition, cancellationToken).ConfigureAwait(false));
                }
                catch (ServiceException ex) when (ex.ErrorId == ErrorIds.JobNameExists || ex.OutcomeUnknown)
                {
                    var existing = await _lookup.FindByDisplayNameAsync(definition.DisplayName, cancellationToken).ConfigureAwait(false);
                    if (existing == null)
                    {
                        if (ex.OutcomeUnknown && attempt < MaxSends) continue; // the create did not commit
                        throw;
                    }
                    var difference = await DescribeDifferenceAsync(existing, definition, cancellationToken).ConfigureAwait(false);
                    if (difference != null) throw new JobNameConflictException(existing, difference);
                    return ActionOutcome<MigrationJob>.AlreadyDone(existing,
                        $"Job '{existing.DisplayName}' already exists with this definition (id {existing.Id}, status {existing.Status}); it was returned instead of creating another.");
                }
            }
        }

        /// <summary>What differs between a job and a definition (null when nothing does); the users come from the job's tasks when the service does not echo them.</summary>
        private async Task<string?> DescribeDifferenceAsync(MigrationJob existing, JobDefinition definition, CancellationToken cancellationToken)
        {
            if (!string.Equals(existing.SourceTenantId, definition.SourceTenantId, StringComparison.OrdinalIgnoreCase))
                return $"source tenant {existing.SourceTenantId}, not {definition.SourceTenantId}";
            if (existing.ResourceType != null && !string.Equals(existing.ResourceType, definition.ResourceType, StringComparison.OrdinalIgnoreCase))
                return $"resource type {existing.ResourceType}";
            // Workloads not named are the service's choice, and Teams meetings come with Teams: only named ones are compared.
            var named = existing.Workloads.Where(w => Workload.NormalizeRequestable(w) != null).ToList();
            if (definition.Workloads.Count > 0 && named.Count > 0 && !SameSet(named, definition.Workloads))
                return $"workloads {string.Join(", ", named)}, not {string.Join(", ", definition.Workloads)}";
            var users = existing.Resources.Length > 0 ? existing.Resources : await UserIdsAsync(existing.Id, cancellationToken).ConfigureAwait(false);
            if (!SameSet(users, definition.Resources))
                return $"{users.Count} user(s), of which {users.Intersect(definition.Resources, StringComparer.OrdinalIgnoreCase).Count()} are among the {definition.Resources.Count} given";
            return null;
        }

        private async Task<IReadOnlyList<string>> UserIdsAsync(string jobId, CancellationToken cancellationToken)
        {
            var ids = new List<string>();
            await _transport.ListUsersAsync(jobId, page => ids.AddRange(page.Select(u => u.Id)), cancellationToken).ConfigureAwait(false);
            return ids;
        }

        private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
            new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(b);
    }
}
