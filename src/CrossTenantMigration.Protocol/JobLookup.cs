using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>
    /// Finds a job by display name. The alternate key <c>crossTenantMigrationJobs(displayName='…')</c> is in
    /// the OpenAPI description but not in the reference pages, so a service may refuse it: then the list is
    /// asked, filtered by <c>$filter=displayName eq '…'</c> where the service takes that, else whole. What
    /// the service supports is remembered for the connection, so later lookups go straight to what works.
    /// </summary>
    internal sealed class JobLookup
    {
        private enum Support { Unknown, Yes, No }

        private readonly IMigrationTransport _transport;
        private Support _key;
        private Support _filter;

        public JobLookup(IMigrationTransport transport) => _transport = transport;

        /// <summary>Whether the alternate key has answered (true), been refused (false), or not been tried.</summary>
        internal bool? KeySupported => _key == Support.Unknown ? (bool?)null : _key == Support.Yes;

        /// <summary>Whether the list's displayName filter has answered, been refused, or not been tried.</summary>
        internal bool? FilterSupported => _filter == Support.Unknown ? (bool?)null : _filter == Support.Yes;

        public async Task<MigrationJob> GetByDisplayNameAsync(string displayName, CancellationToken cancellationToken)
        {
            if (_key != Support.No)
            {
                try
                {
                    var job = await _transport.GetJobByDisplayNameAsync(displayName, cancellationToken).ConfigureAwait(false);
                    _key = Support.Yes;
                    return job;
                }
                catch (ServiceException ex) when (IsRouteRefused(ex))
                {
                    _key = Support.No;
                }
                catch (ServiceException ex) when (ex.Kind == FailureKind.NotFound && _key == Support.Unknown)
                {
                    // A 404 is either "no such job" or "no such route": the list tells which.
                    var listed = await FromListAsync(displayName, cancellationToken).ConfigureAwait(false);
                    if (listed == null) throw;
                    _key = Support.No;
                    return listed;
                }
            }
            return await FromListAsync(displayName, cancellationToken).ConfigureAwait(false)
                ?? throw new ServiceException(ErrorIds.JobNotFound, FailureKind.NotFound, $"No job is named '{displayName}'.") { HttpStatus = 404, Target = displayName };
        }

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

        private async Task<MigrationJob?> FromListAsync(string displayName, CancellationToken cancellationToken)
        {
            var jobs = _filter == Support.No ? null : await FilteredAsync(displayName, cancellationToken).ConfigureAwait(false);
            jobs ??= await _transport.ListJobsAsync(cancellationToken).ConfigureAwait(false);
            // Compared here too: a service may ignore the filter, or compare otherwise.
            return jobs.FirstOrDefault(j => string.Equals(j.DisplayName, displayName, StringComparison.OrdinalIgnoreCase));
        }

        private async Task<System.Collections.Generic.IReadOnlyList<MigrationJob>?> FilteredAsync(string displayName, CancellationToken cancellationToken)
        {
            try
            {
                var jobs = await _transport.ListJobsByDisplayNameAsync(displayName, cancellationToken).ConfigureAwait(false);
                _filter = Support.Yes;
                return jobs;
            }
            catch (ServiceException ex) when (ex.HttpStatus == 400 || ex.HttpStatus == 501)
            {
                _filter = Support.No;
                return null;
            }
        }

        /// <summary>The answers of a service that does not know a route: 400 (bad segment), 405 or 501.</summary>
        private static bool IsRouteRefused(ServiceException ex) =>
            ex.HttpStatus == 400 || ex.HttpStatus == 405 || ex.HttpStatus == 501;
    }
}
