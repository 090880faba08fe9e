using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
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

        public GraphMigrationService(GraphServiceClient client, MigrationContext context, HttpClient httpClient, Auth.ITokenSource tokens)
        {
            Tokens = tokens;
            _client = client;
            _httpClient = httpClient;
            Context = context;
        }

        public MigrationContext Context { get; }

        internal Auth.ITokenSource Tokens { get; }

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
            ActOnceAsync("validation",
                () => Call($"Validating job {id}", true, id, async () =>
                    GraphModelMapper.ToJob(Required(await Job(id).Validate.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false)))),
                () => ReadJobBackAsync(id, "validation", JobStatus.Validatable, ValidationTookEffect, job => job, cancellationToken));

        public Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken) =>
            ActOnceAsync("migration",
                () => Call($"Starting the migration of job {id}", true, id, async () =>
                    GraphModelMapper.ToJob(Required(await Job(id).Migrate.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false)))),
                () => ReadJobBackAsync(id, "migration", JobStatus.Migratable, JobStatus.MigrationUnderWay, job => job, cancellationToken));

        public Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken) =>
            ActOnceAsync("cancellation",
                () => Call($"Cancelling job {id}", true, id, async () =>
                    GraphModelMapper.ToCancelResult(id, null, await Job(id).Cancel.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false))),
                () => ReadJobBackAsync(id, "cancellation", JobStatus.Cancellable, JobStatus.CancellationUnderWay,
                    job => new MigrationCancelResult { JobId = job.Id, Status = job.Status, Message = job.Message }, cancellationToken));

        // A validate that took effect shows as running, or as passed already.
        private static readonly string[] ValidationTookEffect = JobStatus.ValidationRunning.Concat(new[] { JobStatus.ValidatePassed }).ToArray();
        private static readonly string[] UserCancelledStatuses = { "pendingCancel", "cancelled" };
        private static readonly string[] UserFinishedStatuses = { "completed", "failed", "cancelled" };

        /// <summary>What the service shows after an action whose answer was lost or refused.</summary>
        private sealed class ReadBack<T>
        {
            /// <summary>The action took effect; this is its answer.</summary>
            public bool Done { get; set; }
            public T Result { get; set; } = default!;
            /// <summary>The target still awaits the action, so sending it again cannot apply it twice.</summary>
            public bool Awaiting { get; set; }
            public string State { get; set; } = "";
        }

        /// <summary>
        /// Sends an action until the service shows it took effect, and never beyond. When the outcome of
        /// a send is unknown (504, lost connection), or the service refuses it (409), the target is read
        /// back: if the action took effect, that is the answer (with a warning); if the target still
        /// awaits it after an unknown outcome, it is sent again, which the service accepts only from
        /// those statuses; a real conflict is an error that states the status and what it allows.
        /// </summary>
        private static async Task<T> ActOnceAsync<T>(string action, Func<Task<T>> send, Func<Task<ReadBack<T>>> readBack)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await send().ConfigureAwait(false);
                }
                catch (MigrationServiceException ex) when (IsOutcomeUnknown(ex) || ex.Kind == FailureKind.Conflict)
                {
                    var state = await readBack().ConfigureAwait(false);
                    if (state.Done)
                    {
                        OperationLogScope.Current.Warning(IsOutcomeUnknown(ex)
                            ? $"The answer to the {action} request was lost; {state.State}, so it took effect."
                            : $"{state.State}; the {action} was not requested again.");
                        return state.Result;
                    }
                    if (IsOutcomeUnknown(ex) && state.Awaiting && attempt < 3)
                        continue;
                    if (ex.Kind != FailureKind.Conflict) throw;
                    throw new MigrationServiceException(ex.ErrorId, ex.Kind, $"{ex.Message} {state.State}.", ex)
                    {
                        HttpStatus = ex.HttpStatus, GraphErrorCode = ex.GraphErrorCode, GraphErrorMessage = ex.GraphErrorMessage,
                        RequestId = ex.RequestId, ClientRequestId = ex.ClientRequestId, Target = ex.Target,
                    };
                }
            }
        }

        private async Task<ReadBack<T>> ReadJobBackAsync<T>(string id, string action, IReadOnlyList<string> awaiting, IReadOnlyList<string> underWay,
            Func<MigrationJob, T> answer, CancellationToken cancellationToken)
        {
            var job = await GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            var done = JobStatus.IsIn(job.Status, underWay);
            var advice = action == "migration" && job.Status == JobStatus.ValidatePassed
                ? " Its validation has probably expired (results are valid for 7 days): validate it again with Test-XtMigrationJob"
                : "";
            return new ReadBack<T>
            {
                Done = done,
                Result = done ? answer(job) : default!,
                Awaiting = JobStatus.IsIn(job.Status, awaiting),
                State = done
                    ? $"job '{job.DisplayName}' is already {job.Status}"
                    : $"Job '{job.DisplayName}' is {job.Status}; {action} is accepted only from {string.Join(", ", awaiting)}.{advice}",
            };
        }

        public Task RescheduleJobAsync(string id, DateTimeOffset completeAfterDateTime, CancellationToken cancellationToken)
        {
            var when = completeAfterDateTime.ToUniversalTime();
            return ActOnceAsync("reschedule",
                () => Call($"Rescheduling job {id}", true, id, async () =>
                {
                    await Job(id).PatchAsync(new Graph.CrossTenantMigrationJob { CompleteAfterDateTime = when },
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                    return true;
                }),
                async () =>
                {
                    // A PATCH that landed shows in the job's date, whatever its status has become since.
                    var job = await GetJobAsync(id, cancellationToken).ConfigureAwait(false);
                    var done = job.CompleteAfterDateTime.HasValue && Math.Abs((job.CompleteAfterDateTime.Value - when).TotalSeconds) < 1;
                    return new ReadBack<bool>
                    {
                        Done = done,
                        Result = true,
                        Awaiting = !JobStatus.IsIn(job.Status, JobStatus.Settled) && job.Status != JobStatus.CuttingOver,
                        State = done ? $"job '{job.DisplayName}' already has its cutover after {when:u}"
                            : $"Job '{job.DisplayName}' is {job.Status}; its cutover date can change only until it is cutting over or finished",
                    };
                });
        }

        public Task DeleteJobAsync(string id, CancellationToken cancellationToken) =>
            ActOnceAsync("deletion",
                () => Call($"Deleting job {id}", true, id, async () =>
                {
                    await Job(id).DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    return true;
                }),
                async () =>
                {
                    MigrationJob job;
                    try { job = await GetJobAsync(id, cancellationToken).ConfigureAwait(false); }
                    catch (MigrationServiceException ex) when (ex.Kind == FailureKind.NotFound)
                    {
                        return new ReadBack<bool> { Done = true, Result = true, State = $"job {id} no longer exists" };
                    }
                    var done = JobStatus.IsIn(job.Status, JobStatus.DeletionUnderWay);
                    return new ReadBack<bool>
                    {
                        Done = done,
                        Result = true,
                        Awaiting = JobStatus.IsIn(job.Status, JobStatus.Deletable),
                        State = done ? $"job '{job.DisplayName}' is already {job.Status}"
                            : $"Job '{job.DisplayName}' is {job.Status}; deletion is accepted only from {string.Join(", ", JobStatus.Deletable)}. Cancel it or wait until it ends",
                    };
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

        public async Task<MigrationCancelResult> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken)
        {
            try
            {
                return await ActOnceAsync("cancellation",
                    () => Call($"Cancelling user {userId} of job {jobId}", true, userId, async () =>
                        GraphModelMapper.ToCancelResult(jobId, userId, await Job(jobId).Users[userId].Cancel.PostAsync(cancellationToken: cancellationToken).ConfigureAwait(false)),
                        ErrorIds.UserNotFound),
                    async () =>
                    {
                        var user = await GetUserAsync(jobId, userId, cancellationToken).ConfigureAwait(false);
                        var statuses = user.Workloads.Select(w => w.Status ?? "").ToList();
                        var done = statuses.Count > 0 && statuses.All(st => UserCancelledStatuses.Contains(st, StringComparer.OrdinalIgnoreCase));
                        var described = string.Join(", ", user.Workloads.Select(w => $"{w.Workload} {w.Status}"));
                        return new ReadBack<MigrationCancelResult>
                        {
                            Done = done,
                            Result = new MigrationCancelResult { JobId = jobId, UserId = userId, Status = statuses.FirstOrDefault(), Message = user.Message },
                            Awaiting = !statuses.Any(st => UserFinishedStatuses.Contains(st, StringComparer.OrdinalIgnoreCase)),
                            State = done ? $"user {userId} is already cancelled"
                                : $"User {userId} is {described}; a user can be cancelled only before the cutover date and before any workload finishes",
                        };
                    }).ConfigureAwait(false);
            }
            catch (MigrationServiceException ex) when (ex.ErrorId == ErrorIds.UserNotFound)
            {
                // Say which is missing: the job, or the user in it.
                await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
                throw;
            }
        }

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
