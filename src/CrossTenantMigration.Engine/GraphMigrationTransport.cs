using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Graph.Solutions.Migrations;
using Microsoft.Graph.Solutions.Migrations.CrossTenantMigrationJobs;
using Microsoft.Graph.Solutions.Migrations.CrossTenantMigrationJobs.Item;
using Graph = Microsoft.Graph.Models;

namespace CrossTenantMigration.Engine
{
    /// <summary>The service over the Graph SDK's request builders: one call each, mapped to the module's types.</summary>
    internal sealed class GraphMigrationTransport : IMigrationTransport
    {
        private readonly MigrationsRequestBuilder _migrations;
        private readonly HttpClient _httpClient;

        private readonly Http.ServiceClock _clock;

        public GraphMigrationTransport(MigrationsRequestBuilder migrations, MigrationContext context, HttpClient httpClient, Http.ServiceClock clock, Auth.ITokenSource tokens, ISandbox? sandbox)
        {
            _clock = clock;
            _migrations = migrations;
            _httpClient = httpClient;
            Context = context;
            Tokens = tokens;
            Sandbox = sandbox;
        }

        public MigrationContext Context { get; }

        public ISandbox? Sandbox { get; }

        public DateTimeOffset ServiceNow => _clock.Now;

        internal Auth.ITokenSource Tokens { get; }

        public void Dispose() => _httpClient.Dispose();

        private CrossTenantMigrationJobsRequestBuilder Jobs => _migrations.CrossTenantMigrationJobs;

        private CrossTenantMigrationJobItemRequestBuilder Job(string id) => Jobs[id];

        public Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken) =>
            Call("Listing migration jobs", false, null, () => AllPagesAsync(null, cancellationToken));

        public Task<bool> ListJobPagesAsync(Func<IReadOnlyList<MigrationJob>, bool> onPage, CancellationToken cancellationToken) =>
            Call("Listing migration jobs", false, null, () => PagesAsync(null, onPage, cancellationToken));

        public Task<IReadOnlyList<MigrationJob>> ListJobsByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            Call($"Listing the jobs named '{displayName}'", false, displayName, () => AllPagesAsync($"displayName eq '{EscapeKey(displayName)}'", cancellationToken));

        private async Task<IReadOnlyList<MigrationJob>> AllPagesAsync(string? filter, CancellationToken cancellationToken)
        {
            var jobs = new List<MigrationJob>();
            await PagesAsync(filter, page => { jobs.AddRange(page); return true; }, cancellationToken).ConfigureAwait(false);
            return jobs;
        }

        private async Task<bool> PagesAsync(string? filter, Func<IReadOnlyList<MigrationJob>, bool> onPage, CancellationToken cancellationToken)
        {
            var page = await Jobs.GetAsync(request => request.QueryParameters.Filter = filter, cancellationToken).ConfigureAwait(false);
            while (page != null)
            {
                var more = onPage((page.Value ?? new List<Graph.CrossTenantMigrationJob>()).Select(GraphModelMapper.ToJob).ToList());
                if (string.IsNullOrEmpty(page.OdataNextLink)) return true;
                if (!more) return false;
                page = await Jobs.WithUrl(page.OdataNextLink!).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            return true;
        }

        public Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Getting job {id}", false, id, async () =>
                GraphModelMapper.ToJob(Required(await Job(id).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))));

        public Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            Call($"Getting job '{displayName}'", false, displayName, async () =>
                GraphModelMapper.ToJob(Required(await _migrations.CrossTenantMigrationJobsWithDisplayName(EscapeKey(displayName))
                    .GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))));

        public Task<MigrationJob> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken) =>
            Call($"Creating job '{definition.DisplayName}'", true, definition.DisplayName, async () =>
                GraphModelMapper.ToJob(Required(await Jobs.PostAsync(GraphModelMapper.ToGraph(definition), cancellationToken: cancellationToken).ConfigureAwait(false))));

        public Task<MigrationJob> ValidateJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Validating job {id}", true, id, async () =>
                GraphModelMapper.ToJob(Required(await Job(id).Validate.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false))));

        public Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Starting the migration of job {id}", true, id, async () =>
                GraphModelMapper.ToJob(Required(await Job(id).Migrate.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false))));

        public Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Cancelling job {id}", true, id, async () =>
                GraphModelMapper.ToCancelResult(id, null, await Job(id).Cancel.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false)));

        public Task RescheduleJobAsync(string id, DateTimeOffset completeAfterDateTime, CancellationToken cancellationToken) =>
            Call($"Rescheduling job {id}", true, id, async () =>
            {
                await Job(id).PatchAsync(new Graph.CrossTenantMigrationJob { CompleteAfterDateTime = completeAfterDateTime.ToUniversalTime() },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            });

        public Task DeleteJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Deleting job {id}", true, id, async () =>
            {
                await Job(id).DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            });

        public Task ListUsersAsync(string jobId, Action<IReadOnlyList<MigrationUser>> onPage, CancellationToken cancellationToken) =>
            Call($"Listing the users of job {jobId}", false, jobId, async () =>
            {
                var page = await Job(jobId).Users.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                while (page != null)
                {
                    onPage((page.Value ?? new List<Graph.CrossTenantMigrationTask>()).Select(t => GraphModelMapper.ToUser(jobId, t)).ToList());
                    if (string.IsNullOrEmpty(page.OdataNextLink)) break;
                    page = await Job(jobId).Users.WithUrl(page.OdataNextLink!).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                return true;
            });

        public Task<MigrationUser> GetUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            Call($"Getting user {userId} of job {jobId}", false, userId, async () =>
                GraphModelMapper.ToUser(jobId, Required(await Job(jobId).Users[userId].GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))),
                ErrorIds.UserNotFound);

        public Task<MigrationCancelResult> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            Call($"Cancelling user {userId} of job {jobId}", true, userId, async () =>
                GraphModelMapper.ToCancelResult(jobId, userId, await Job(jobId).Users[userId].Cancel.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false)),
                ErrorIds.UserNotFound);

        private static async Task<T> Call<T>(string operation, bool isWrite, string? target, Func<Task<T>> call, string notFoundId = ErrorIds.JobNotFound)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (ServiceErrorTranslator.Translate(ex, operation, isWrite, notFoundId, target) is ServiceException translated)
            {
                if (ReferenceEquals(translated, ex)) throw;
                throw translated;
            }
        }

        private static T Required<T>(T? value) where T : class =>
            value ?? throw new ServiceException(ErrorIds.ServiceError, FailureKind.Other, "The service answered without a body.");

        /// <summary>OData string literal escaping (alternate key, filter): a quote is doubled.</summary>
        private static string EscapeKey(string displayName) => displayName.Replace("'", "''");
    }
}
