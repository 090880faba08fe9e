using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine
{
    /// <summary>
    /// The service's routes over HTTP: one request each (paging aside), its JSON read into the module's
    /// types. The HttpClient's handlers add the token, the retries and the diagnostics.
    /// </summary>
    internal sealed class RestMigrationTransport : IMigrationTransport
    {
        /// <summary>More pages than any real tenant's list has: a listing that goes on is the service's fault, not the tenant's size.</summary>
        public const int DefaultMaxPages = 10_000;

        /// <summary>Graph's limit: at most 20 requests in one JSON batch.</summary>
        public const int MaxBatchRequests = 20;

        private const string DirectoryPermission = DirectoryPermissions.ReadBasic + " (or " + DirectoryPermissions.Read + ")";
        private static readonly HttpMethod Patch = new HttpMethod("PATCH");
        private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new MediaTypeWithQualityHeaderValue("application/json");
        private readonly HttpClient _httpClient;
        private readonly Http.ResilienceHandler _resilience;
        private readonly Http.ServiceClock _clock;
        private readonly Http.ServiceRoot _root;
        private readonly string _migrationsUrl; // {endpoint}/{version}/solutions/migrations
        private readonly string _jobsUrl;

        public RestMigrationTransport(Http.ServiceRoot root, MigrationContext context, HttpClient httpClient, Http.ResilienceHandler resilience,
            Http.ServiceClock clock, Auth.ITokenSource tokens)
        {
            _root = root;
            _resilience = resilience;
            _migrationsUrl = root.Url + "/solutions/migrations";
            _jobsUrl = _migrationsUrl + "/crossTenantMigrationJobs";
            _httpClient = httpClient;
            _clock = clock;
            Context = context;
            Tokens = tokens;
        }

        public MigrationContext Context { get; }

        public DateTimeOffset ServiceNow => _clock.Now;

        internal Auth.ITokenSource Tokens { get; }

        /// <summary>The connection's retries: tests give it their own clock and waits.</summary>
        internal Http.ResilienceHandler Resilience => _resilience;

        /// <summary>The most pages one listing reads; tests lower it.</summary>
        internal int MaxPages { get; set; } = DefaultMaxPages;

        public void Dispose() => _httpClient.Dispose();

        private string JobUrl(string id) => _jobsUrl + "/" + Uri.EscapeDataString(id);

        private string UserUrl(string jobId, string userId) => JobUrl(jobId) + "/users/" + Uri.EscapeDataString(userId);

        public Task<IReadOnlyList<MigrationJob>> ListJobsAsync(CancellationToken cancellationToken) =>
            Call("Listing migration jobs", false, null, () => AllJobsAsync(_jobsUrl, cancellationToken));

        public Task<bool> ListJobPagesAsync(Func<IReadOnlyList<MigrationJob>, bool> onPage, CancellationToken cancellationToken) =>
            Call("Listing migration jobs", false, null, () => PagesAsync(_jobsUrl, ServiceJson.Job, onPage, cancellationToken));

        public Task<IReadOnlyList<MigrationJob>> ListJobsByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            Call($"Listing the jobs named '{displayName}'", false, displayName, () =>
                AllJobsAsync(_jobsUrl + "?$filter=" + Uri.EscapeDataString($"displayName eq '{EscapeKey(displayName)}'"), cancellationToken));

        public Task<MigrationJob> GetJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Getting job {id}", false, id, () => SendAsync(HttpMethod.Get, JobUrl(id), null, ServiceJson.ReadJob, cancellationToken));

        public Task<MigrationJob> GetJobByDisplayNameAsync(string displayName, CancellationToken cancellationToken) =>
            Call($"Getting job '{displayName}'", false, displayName, () =>
                SendAsync(HttpMethod.Get, _migrationsUrl + "/crossTenantMigrationJobs(displayName='" + Uri.EscapeDataString(EscapeKey(displayName)) + "')",
                    null, ServiceJson.ReadJob, cancellationToken));

        public Task<MigrationJob> CreateJobAsync(JobDefinition definition, CancellationToken cancellationToken) =>
            Call($"Creating job '{definition.DisplayName}'", true, definition.DisplayName, () =>
                SendAsync(HttpMethod.Post, _jobsUrl, ServiceJson.WriteDefinition(definition), ServiceJson.ReadJob, cancellationToken));

        public Task<MigrationJob> ValidateJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Validating job {id}", true, id, () => SendAsync(HttpMethod.Post, JobUrl(id) + "/validate", null, ServiceJson.ReadJob, cancellationToken));

        public Task<MigrationJob> MigrateJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Starting the migration of job {id}", true, id, () => SendAsync(HttpMethod.Post, JobUrl(id) + "/migrate", null, ServiceJson.ReadJob, cancellationToken));

        public Task<MigrationCancelResult> CancelJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Cancelling job {id}", true, id, () =>
                SendAsync(HttpMethod.Post, JobUrl(id) + "/cancel", null, json => ServiceJson.ReadCancelResult(id, null, json), cancellationToken, bodyRequired: false));

        public Task RescheduleJobAsync(string id, DateTimeOffset completeAfterDateTime, CancellationToken cancellationToken) =>
            Call($"Rescheduling job {id}", true, id, () =>
                SendAsync(Patch, JobUrl(id), ServiceJson.WriteReschedule(completeAfterDateTime), _ => true, cancellationToken, bodyRequired: false));

        public Task DeleteJobAsync(string id, CancellationToken cancellationToken) =>
            Call($"Deleting job {id}", true, id, () => SendAsync(HttpMethod.Delete, JobUrl(id), null, _ => true, cancellationToken, bodyRequired: false));

        public Task ListUsersAsync(string jobId, Action<IReadOnlyList<MigrationUser>> onPage, CancellationToken cancellationToken) =>
            Call($"Listing the users of job {jobId}", false, jobId, () =>
                PagesAsync(JobUrl(jobId) + "/users", ServiceJson.User(jobId), page => { onPage(page); return true; }, cancellationToken));

        public Task<MigrationUser> GetUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            Call($"Getting user {userId} of job {jobId}", false, userId, () =>
                SendAsync(HttpMethod.Get, UserUrl(jobId, userId), null, json => ServiceJson.ReadUser(jobId, json), cancellationToken),
                ErrorIds.UserNotFound);

        public Task<MigrationCancelResult> CancelUserAsync(string jobId, string userId, CancellationToken cancellationToken) =>
            Call($"Cancelling user {userId} of job {jobId}", true, userId, () =>
                SendAsync(HttpMethod.Post, UserUrl(jobId, userId) + "/cancel", null, json => ServiceJson.ReadCancelResult(jobId, userId, json), cancellationToken, bodyRequired: false),
                ErrorIds.UserNotFound);

        public Task<IReadOnlyList<DirectoryLookup>> LookUpUsersAsync(IReadOnlyList<string> keys, int concurrency, CancellationToken cancellationToken) =>
            Call($"Looking up {keys.Count} user(s) in the target tenant's directory", false, null,
                () => LookUpAsync(keys, Math.Max(1, concurrency), cancellationToken), ErrorIds.ServiceError, DirectoryPermission);

        /// <summary>
        /// The users, through JSON batches of at most <see cref="MaxBatchRequests"/> GETs, <paramref name="concurrency"/>
        /// batches at once. A request the service throttles inside a batch (its own 429 and Retry-After) goes again in a
        /// later batch once the whole connection has waited, while the batch's other answers are kept; the connection's
        /// retry policy bounds its attempts and waits, as it bounds a request's.
        /// </summary>
        private async Task<IReadOnlyList<DirectoryLookup>> LookUpAsync(IReadOnlyList<string> keys, int concurrency, CancellationToken cancellationToken)
        {
            var distinct = keys.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var lookups = new Dictionary<string, DirectoryLookup>(StringComparer.OrdinalIgnoreCase);
            var policy = _resilience.Policy;
            var waited = TimeSpan.Zero;
            IReadOnlyList<string> pending = distinct;
            for (var attempt = 1; pending.Count > 0; attempt++)
            {
                var throttled = new List<(string Key, TimeSpan Delay)>();
                foreach (var answer in await SendLookupBatchesAsync(pending, concurrency, cancellationToken).ConfigureAwait(false))
                {
                    if (answer.Status != 429)
                    {
                        lookups[answer.Key] = LookupOf(answer);
                        continue;
                    }
                    var retryAfter = RetryAfter(answer.RetryAfter);
                    if (retryAfter > policy.MaxRetryDelay)
                        lookups[answer.Key] = DirectoryLookup.Failed(answer.Key, string.Format(CultureInfo.InvariantCulture,
                            "throttled (HTTP 429): the service asked to wait {0:0} s, more than -MaxRetryWaitSec ({1:0} s) allows; try again later",
                            Math.Ceiling(retryAfter.Value.TotalSeconds), policy.MaxRetryDelay.TotalSeconds), 429);
                    else throttled.Add((answer.Key, retryAfter ?? _resilience.Backoff(attempt)));
                }
                if (throttled.Count == 0) break;

                var delay = throttled.Max(t => t.Delay);
                if (attempt >= policy.MaxAttempts || waited + delay > policy.MaxRetryDelay)
                {
                    foreach (var (key, _) in throttled)
                        lookups[key] = DirectoryLookup.Failed(key,
                            $"throttled (HTTP 429) after {attempt} attempt(s); try again later, or raise -MaxRetryCount and -MaxRetryWaitSec of Connect-XtMigration", 429);
                    break;
                }
                // The service throttles the caller, not the request: the whole connection waits before the next batch.
                OperationLogScope.Current.Verbose(string.Format(CultureInfo.InvariantCulture,
                    "The directory throttled {0} of the lookups; sending them again in {1:0.0} s (attempt {2} of {3}).",
                    throttled.Count, delay.TotalSeconds, attempt + 1, policy.MaxAttempts));
                _resilience.HoldBackAll(delay);
                waited += delay;
                pending = throttled.Select(t => t.Key).ToList();
            }
            return distinct.Select(key => lookups[key]).ToList();
        }

        /// <summary>The keys in batches, at most <paramref name="concurrency"/> under way; one that fails fails the lookup, and the rest is not sent.</summary>
        private async Task<List<BatchAnswer>> SendLookupBatchesAsync(IReadOnlyList<string> keys, int concurrency, CancellationToken cancellationToken)
        {
            var batches = new List<List<string>>();
            for (var start = 0; start < keys.Count; start += MaxBatchRequests)
                batches.Add(keys.Skip(start).Take(MaxBatchRequests).ToList());
            if (batches.Count == 1) return await SendLookupBatchAsync(batches[0], cancellationToken).ConfigureAwait(false);

            using var gate = new SemaphoreSlim(concurrency);
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sends = batches.Select(async batch =>
            {
                await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                try
                {
                    return await SendLookupBatchAsync(batch, failed.Token).ConfigureAwait(false);
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            // A failed batch, rather than the others it cancelled, is what the await throws.
            var answers = await Task.WhenAll(sends).ConfigureAwait(false);
            return answers.SelectMany(a => a).ToList();
        }

        private Task<List<BatchAnswer>> SendLookupBatchAsync(List<string> keys, CancellationToken cancellationToken) =>
            SendAsync(HttpMethod.Post, _root.Url + "/$batch", ServiceJson.WriteGetBatch(keys.Select(UserLookupUrl).ToList()),
                json => ServiceJson.ReadUserBatch(json, keys), cancellationToken, onlyReads: true);

        /// <summary>
        /// A user by name or id, relative to the service root, as a batch names it. A name that starts with $ would read
        /// as a system segment (/users/$count): Graph asks for such a key in parentheses and quotes.
        /// </summary>
        private static string UserLookupUrl(string key) =>
            (key.StartsWith("$", StringComparison.Ordinal)
                ? "/users('" + Uri.EscapeDataString(EscapeKey(key)) + "')"
                : "/users/" + Uri.EscapeDataString(key))
            + "?$select=id,userPrincipalName,displayName";

        private static DirectoryLookup LookupOf(BatchAnswer answer)
        {
            switch (answer.Status)
            {
                case 200: return DirectoryLookup.Found(answer.Key, answer.User!);
                case 404: return DirectoryLookup.NotFound(answer.Key);
                case 403: return DirectoryLookup.Refused(answer.Key, Said(answer));
                default: return DirectoryLookup.Failed(answer.Key, Said(answer), answer.Status);
            }
        }

        /// <summary>"HTTP 403 Authorization_RequestDenied: Insufficient privileges …": what a failed request of a batch said.</summary>
        private static string Said(BatchAnswer answer)
        {
            var code = answer.Error?.Code != null ? " " + answer.Error.Code : "";
            var message = string.IsNullOrWhiteSpace(answer.Error?.Message) ? "" : ": " + answer.Error!.Message!.TrimEnd('.');
            return $"HTTP {answer.Status.ToString(CultureInfo.InvariantCulture)}{code}{message}";
        }

        /// <summary>A Retry-After header's wait (seconds, or an HTTP date by the retry handler's clock), never negative; null without one.</summary>
        private TimeSpan? RetryAfter(string? header)
        {
            if (string.IsNullOrWhiteSpace(header)) return null;
            if (double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                return seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
            if (DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - new DateTimeOffset(_resilience.UtcNow());
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private async Task<IReadOnlyList<MigrationJob>> AllJobsAsync(string url, CancellationToken cancellationToken)
        {
            var jobs = new List<MigrationJob>();
            await PagesAsync(url, ServiceJson.Job, page => { jobs.AddRange(page); return true; }, cancellationToken).ConfigureAwait(false);
            return jobs;
        }

        /// <summary>
        /// A collection a page at a time, following @odata.nextLink until the pages end (true) or <paramref name="onPage"/>
        /// answers false (false). A link is followed only under the connection's service root, never to a page
        /// already read in this listing, and no further than <see cref="MaxPages"/> pages.
        /// </summary>
        private async Task<bool> PagesAsync<T>(string url, ServiceJson.ItemReader<T> item, Func<IReadOnlyList<T>, bool> onPage, CancellationToken cancellationToken)
        {
            var next = new Uri(url);
            var read = new HashSet<string>(StringComparer.Ordinal) { RequestedUrl(next) };
            for (var pages = 1; ; pages++)
            {
                var (items, nextLink) = await SendAsync(HttpMethod.Get, next.AbsoluteUri, null, page => ServiceJson.ReadPage(page, item), cancellationToken).ConfigureAwait(false);
                bool more;
                try
                {
                    more = onPage(items);
                }
                catch (Exception ex)
                {
                    throw new CallerException(ex);
                }
                if (nextLink == null) return true;
                if (!more) return false;

                if (!_root.TryFollow(nextLink, out next, out var refusal))
                    throw new RefusedException(ErrorIds.UntrustedNextLink, FailureKind.Untrusted,
                        $"the listing stopped because the service's link to the next page points outside the connection's endpoint {_root.Url} (to {refusal}): it was not followed, and nothing was sent to it.");
                if (!read.Add(RequestedUrl(next)))
                    throw new RefusedException(ErrorIds.RepeatedNextLink, FailureKind.InvalidAnswer,
                        $"the listing stopped after {pages} pages because the service's link to the next page points back to a page already read: following it would never end.");
                if (pages >= MaxPages)
                    throw new RefusedException(ErrorIds.TooManyPages, FailureKind.InvalidAnswer,
                        $"the listing stopped after {pages} pages, more than any real list of this API has: the service's links to the next page do not end.");
            }
        }

        /// <summary>The URL a request for <paramref name="uri"/> asks for: without a fragment, which is never sent.</summary>
        private static string RequestedUrl(Uri uri) => uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

        /// <summary>One request: a failure answer becomes a <see cref="ServiceAnswerException"/>, a success body is read by <paramref name="read"/>.</summary>
        /// <param name="onlyReads">A request that is not a GET but changes nothing (a batch of GETs): see <see cref="Http.ReadOnlyRequest"/>.</param>
        private async Task<T> SendAsync<T>(HttpMethod method, string url, byte[]? body, Func<JsonElement, T> read, CancellationToken cancellationToken,
            bool bodyRequired = true, bool onlyReads = false)
        {
            using var request = new HttpRequestMessage(method, url);
            if (onlyReads) Http.ReadOnlyRequest.Mark(request);
            request.Headers.Accept.Add(AcceptJson);
            if (body != null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
            // Headers only: the resilience handler has read the body already, within its time and size limits.
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var bytes = response.Content == null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new ServiceAnswerException(request, response, bytes);
            if (bytes.Length == 0)
            {
                if (bodyRequired) throw new ServiceException(ErrorIds.ServiceError, FailureKind.Other, "The service answered without a body.");
                return read(default);
            }
            using var document = JsonDocument.Parse(bytes);
            return read(document.RootElement);
        }

        /// <param name="permission">The permission the call needs, when it is not one of the migration API's.</param>
        private static async Task<T> Call<T>(string operation, bool isWrite, string? target, Func<Task<T>> call, string notFoundId = ErrorIds.JobNotFound,
            string? permission = null)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (CallerException caller)
            {
                // The caller's own failure (a page handed over and refused, a stopped pipeline) is the caller's.
                ExceptionDispatchInfo.Capture(caller.InnerException!).Throw();
                throw;
            }
            catch (Exception ex) when (ServiceErrorTranslator.Translate(ex, operation, isWrite, notFoundId, target, permission) is ServiceException translated)
            {
                if (ReferenceEquals(translated, ex)) throw;
                throw translated;
            }
        }

        /// <summary>OData string literal escaping (alternate key, filter): a quote is doubled.</summary>
        private static string EscapeKey(string key) => key.Replace("'", "''");
    }

    /// <summary>A failure of the code a page was handed to: passed through as it is, never taken for the service's.</summary>
    internal sealed class CallerException : Exception
    {
        public CallerException(Exception inner) : base(inner.Message, inner) { }
    }

    /// <summary>An answer of the service that is not a success: its status, headers and error envelope.</summary>
    internal sealed class ServiceAnswerException : Exception
    {
        public ServiceAnswerException(HttpRequestMessage request, HttpResponseMessage response, byte[] body)
            : base($"{request.Method} {request.RequestUri}: HTTP {(int)response.StatusCode}")
        {
            Status = (int)response.StatusCode;
            Error = ServiceJson.ReadError(body);
            RequestId = Http.DiagnosticsHandler.HeaderValue(response, Http.DiagnosticsHandler.RequestIdHeader) ?? Error?.RequestId;
            ClientRequestId = Http.DiagnosticsHandler.HeaderValue(response, Http.DiagnosticsHandler.ClientRequestIdHeader)
                ?? Error?.ClientRequestId ?? Http.DiagnosticsHandler.HeaderValue(request, Http.DiagnosticsHandler.ClientRequestIdHeader);
            RefusedWait = request.Properties.TryGetValue(Http.ResilienceHandler.RefusedWaitProperty, out var wait) ? wait as Http.RefusedWait : null;
        }

        public int Status { get; }
        public ServiceError? Error { get; }
        public string? RequestId { get; }
        public string? ClientRequestId { get; }

        /// <summary>Set when the answer asked for a longer wait (Retry-After) than the retry policy allows, so it was not retried.</summary>
        public Http.RefusedWait? RefusedWait { get; }
    }
}
