using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator;
using Microsoft.Graph;
using Microsoft.Graph.Solutions.Migrations.CrossTenantMigrationJobs.Item;
using Graph = Microsoft.Graph.Models;

namespace CrossTenantMigration.Engine
{
    /// <summary>The service over the Graph SDK's request builders.</summary>
    internal sealed class GraphMigrationService : IMigrationSession
    {
        private readonly GraphServiceClient _client;
        private readonly HttpClient _httpClient;

        public GraphMigrationService(GraphServiceClient client, MigrationContext context, HttpClient httpClient, MigrationServiceEmulator? sandbox, Auth.ITokenSource tokens)
        {
            Tokens = tokens;
            _client = client;
            _httpClient = httpClient;
            Context = context;
            Sandbox = sandbox;
        }

        public MigrationContext Context { get; }

        internal Auth.ITokenSource Tokens { get; }

        /// <summary>The in-memory service behind a sandbox session.</summary>
        public MigrationServiceEmulator? Sandbox { get; }

        public void Dispose() => _httpClient.Dispose();

        private Microsoft.Graph.Solutions.Migrations.CrossTenantMigrationJobs.CrossTenantMigrationJobsRequestBuilder Jobs =>
            _client.Solutions.Migrations.CrossTenantMigrationJobs;

        private CrossTenantMigrationJobItemRequestBuilder Job(string id) => Jobs[id];

        public Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken) =>
            Call("Listing migration jobs", false, null, async () =>
            {
                var jobs = new List<MigrationJob>();
                var page = await Jobs.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                while (page != null)
                {
                    jobs.AddRange((page.Value ?? new List<Graph.CrossTenantMigrationJob>()).Select(GraphModelMapper.ToJob));
                    if (string.IsNullOrEmpty(page.OdataNextLink)) break;
                    page = await Jobs.WithUrl(page.OdataNextLink!).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                return (IReadOnlyList<MigrationJob>)jobs;
            });

        public Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Getting job {id}", false, id, async () =>
                GraphModelMapper.ToJob(Required(await Job(id).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))));

        public Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            Call($"Getting job '{displayName}'", false, displayName, async () =>
                GraphModelMapper.ToJob(Required(await _client.Solutions.Migrations.CrossTenantMigrationJobsWithDisplayName(EscapeKey(displayName))
                    .GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false))));

        /// <summary>
        /// Creates a job, or finds the one an earlier attempt created. The display name is the key: when
        /// the answer to a create is lost, or the name exists already, the job of that name is looked
        /// up; the same definition means it is this job (returned with a warning), another definition
        /// is a JobNameConflict. A create whose outcome is unknown is sent again only when no job of
        /// that name exists, and then the name still guards against a duplicate.
        /// </summary>
        public async Task<MigrationJob> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await Call($"Creating job '{definition.DisplayName}'", true, definition.DisplayName, async () =>
                        GraphModelMapper.ToJob(Required(await Jobs.PostAsync(GraphModelMapper.ToGraph(definition), cancellationToken: cancellationToken).ConfigureAwait(false))))
                        .ConfigureAwait(false);
                }
                catch (MigrationServiceException ex) when (ex.ErrorId == ErrorIds.JobNameExists || IsOutcomeUnknown(ex))
                {
                    var existing = await FindByDisplayNameAsync(definition.DisplayName, cancellationToken).ConfigureAwait(false);
                    if (existing == null)
                    {
                        if (IsOutcomeUnknown(ex) && attempt < 3) continue; // the create did not commit
                        throw;
                    }
                    var difference = await DescribeDifferenceAsync(existing, definition, cancellationToken).ConfigureAwait(false);
                    if (difference != null)
                        throw new MigrationServiceException(ErrorIds.JobNameConflict, FailureKind.AlreadyExists,
                            $"A job named '{existing.DisplayName}' already exists (id {existing.Id}, status {existing.Status}) with a different definition: {difference}. Choose another -DisplayName, or remove that job first.")
                        { Target = existing.DisplayName };
                    OperationLogScope.Current.Warning(
                        $"Job '{existing.DisplayName}' already exists with this definition (id {existing.Id}, status {existing.Status}); it was returned instead of creating another.");
                    return existing;
                }
            }
        }

        private static bool IsOutcomeUnknown(MigrationServiceException ex) => ex.InnerException is Http.OutcomeUnknownException;

        private async Task<MigrationJob?> FindByDisplayNameAsync(string displayName, CancellationToken cancellationToken)
        {
            try
            {
                return await GetJobByDisplayNameAsync(displayName, cancellationToken).ConfigureAwait(false);
            }
            catch (MigrationServiceException ex) when (ex.Kind == FailureKind.NotFound)
            {
                return null;
            }
        }

        /// <summary>What differs between a job and a definition (null when nothing does); the users come from the job's tasks when the service does not echo them.</summary>
        private async Task<string?> DescribeDifferenceAsync(MigrationJob existing, JobDefinition definition, CancellationToken cancellationToken)
        {
            if (!string.Equals(existing.SourceTenantId, definition.SourceTenantId, StringComparison.OrdinalIgnoreCase))
                return $"source tenant {existing.SourceTenantId}, not {definition.SourceTenantId}";
            if (existing.ResourceType != null && !string.Equals(existing.ResourceType, definition.ResourceType, StringComparison.OrdinalIgnoreCase))
                return $"resource type {existing.ResourceType}";
            if (existing.Workloads.Length > 0 && !SameSet(existing.Workloads, definition.EffectiveWorkloads))
                return $"workloads {string.Join(", ", existing.Workloads)}, not {string.Join(", ", definition.EffectiveWorkloads)}";
            IReadOnlyList<string> users = existing.Resources.Length > 0
                ? existing.Resources
                : (await ListUsersAsync(existing.Id, cancellationToken).ConfigureAwait(false)).Select(u => u.Id).ToList();
            if (!SameSet(users, definition.Resources))
                return $"{users.Count} user(s), of which {users.Intersect(definition.Resources, StringComparer.OrdinalIgnoreCase).Count()} are among the {definition.Resources.Count} given";
            return null;
        }

        private static bool SameSet(IEnumerable<string> a, IEnumerable<string> b) =>
            new HashSet<string>(a, StringComparer.OrdinalIgnoreCase).SetEquals(b);

        public Task<MigrationJob> ValidateJobAsync(string id, CancellationToken cancellationToken) =>
            ActOnceAsync(id, "validation", JobStatus.Validatable, ValidationUnderWay, async () =>
                await Call($"Validating job {id}", true, id, async () =>
                    GraphModelMapper.ToJob(Required(await Job(id).Validate.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false),
                job => job, cancellationToken);

        public Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken) =>
            ActOnceAsync(id, "migration", JobStatus.Migratable, MigrationUnderWay, async () =>
                await Call($"Starting the migration of job {id}", true, id, async () =>
                    GraphModelMapper.ToJob(Required(await Job(id).Migrate.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false),
                job => job, cancellationToken);

        public Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken) =>
            ActOnceAsync(id, "cancellation", Cancellable, CancellationUnderWay, async () =>
                await Call($"Cancelling job {id}", true, id, async () =>
                    GraphModelMapper.ToCancelResult(id, null, await Job(id).Cancel.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false))).ConfigureAwait(false),
                job => new MigrationCancelResult { JobId = job.Id, Status = job.Status, Message = job.Message }, cancellationToken);

        private static readonly string[] ValidationUnderWay = { JobStatus.ValidateSubmitted, JobStatus.ValidateProcessing, JobStatus.ValidateInProgress, JobStatus.ValidatePassed };
        private static readonly string[] MigrationUnderWay = { JobStatus.Processing, JobStatus.InProgress, JobStatus.CuttingOver, JobStatus.Completed };
        private static readonly string[] CancellationUnderWay = { JobStatus.PendingCancel, JobStatus.Cancelled };
        private static readonly string[] Cancellable =
        {
            JobStatus.Submitted, JobStatus.ValidateSubmitted, JobStatus.ValidateProcessing, JobStatus.ValidateInProgress,
            JobStatus.ValidatePassed, JobStatus.ValidateFailed, JobStatus.Processing, JobStatus.InProgress,
        };

        /// <summary>
        /// Sends an action at most until the service shows it took effect. When the outcome of a send is
        /// unknown (504, lost connection), or the service answers 409, the job is read back: if the action
        /// is under way, that is the answer (with a warning); if the job still awaits it, it is sent again,
        /// which cannot apply it twice since the service accepts it only from those statuses.
        /// </summary>
        private async Task<T> ActOnceAsync<T>(string id, string action, IReadOnlyList<string> awaiting, IReadOnlyList<string> underWay,
            Func<Task<T>> send, Func<MigrationJob, T> fromJob, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await send().ConfigureAwait(false);
                }
                catch (MigrationServiceException ex) when (IsOutcomeUnknown(ex) || ex.Kind == FailureKind.Conflict)
                {
                    var job = await GetJobAsync(id, cancellationToken).ConfigureAwait(false);
                    if (JobStatus.IsIn(job.Status, underWay))
                    {
                        OperationLogScope.Current.Warning(IsOutcomeUnknown(ex)
                            ? $"The answer to the {action} request for job '{job.DisplayName}' was lost; the job shows it took effect ({job.Status})."
                            : $"Job '{job.DisplayName}' is already {job.Status}; the {action} was not requested again.");
                        return fromJob(job);
                    }
                    if (IsOutcomeUnknown(ex) && JobStatus.IsIn(job.Status, awaiting) && attempt < 3)
                        continue;
                    if (ex.Kind != FailureKind.Conflict) throw;
                    throw new MigrationServiceException(ex.ErrorId, ex.Kind,
                        $"{ex.Message} Job '{job.DisplayName}' is {job.Status}; {action} is accepted only from {string.Join(", ", awaiting)}.", ex)
                    {
                        HttpStatus = ex.HttpStatus, GraphErrorCode = ex.GraphErrorCode, GraphErrorMessage = ex.GraphErrorMessage,
                        RequestId = ex.RequestId, ClientRequestId = ex.ClientRequestId, Target = ex.Target,
                    };
                }
            }
        }

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

        public Task<IReadOnlyList<MigrationUser>> ListUsersAsync(string jobId, CancellationToken cancellationToken) =>
            Call($"Listing the users of job {jobId}", false, jobId, async () =>
            {
                var users = new List<MigrationUser>();
                var page = await Job(jobId).Users.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                while (page != null)
                {
                    users.AddRange((page.Value ?? new List<Graph.CrossTenantMigrationTask>()).Select(t => GraphModelMapper.ToUser(jobId, t)));
                    if (string.IsNullOrEmpty(page.OdataNextLink)) break;
                    page = await Job(jobId).Users.WithUrl(page.OdataNextLink!).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                return (IReadOnlyList<MigrationUser>)users;
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
            catch (Exception ex)
            {
                var translated = ServiceErrorTranslator.Translate(ex, operation, isWrite, notFoundId, target);
                if (ReferenceEquals(translated, ex)) throw;
                throw translated;
            }
        }

        private static T Required<T>(T? value) where T : class =>
            value ?? throw new MigrationServiceException(ErrorIds.ServiceError, FailureKind.Other, "The service answered without a body.");

        /// <summary>OData string literal escaping for the alternate key: a quote is doubled.</summary>
        private static string EscapeKey(string displayName) => displayName.Replace("'", "''");
    }
}
