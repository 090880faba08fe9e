using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>Finds jobs by id or by display name.</summary>
    internal sealed class JobLookup
    {
        private readonly IMigrationTransport _transport;

        public JobLookup(IMigrationTransport transport) => _transport = transport;

        public Task<MigrationJob> GetByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            _transport.GetJobByDisplayNameAsync(displayName, cancellationToken);

        /// <summary>The job of this name, or null when there is none.</summary>
        public async Task<MigrationJob?> FindByDisplayNameAsync(string displayName, CancellationToken cancellationToken)
        {
            try
            {
                return await GetByDisplayNameAsync(displayName, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException ex) when (ex.Kind == FailureKind.NotFound)
            {
                return null;
            }
        }
    }
}
