using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>
    /// Retries throttling (429) and transient failures (503, 504, dropped connections, timeouts; for a
    /// read also 500 and 502), honouring Retry-After, else exponential backoff with jitter, within a
    /// bound of attempts and of total waiting time (MaxRetryDelay): no wait is ever longer, and a
    /// Retry-After that asks for more fails the request at once.
    /// A POST is an action whose effect the service may have committed, unless it is marked as one that only
    /// reads (<see cref="ReadOnlyRequest"/>): it is repeated only after an answer that says it was not
    /// carried out (429, 503). After a 504 or a lost connection its outcome
    /// is unknown, and an <see cref="OutcomeUnknownException"/> lets the caller reconcile with what the
    /// service holds instead of repeating it blindly; a 500 or 502 is returned as it is.
    /// A Retry-After holds back every request of the connection, not only the one it answered: the
    /// service throttles the caller, so a wave slows down as a whole rather than spending each request's
    /// retries on its own. Waiting for the others' Retry-After uses no attempt of a request's own.
    /// An attempt ends when the whole answer is read, within RequestTimeout and <see cref="MaxResponseBytes"/>:
    /// the body is read here into memory, so that a body that trickles is a timeout of its attempt and a
    /// body without end is refused as it arrives.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        /// <summary>The largest answer read: more than any real page of this API (about_CrossTenantMigration, ResponseTooLarge).</summary>
        public const int MaxResponseBytes = 8 * 1024 * 1024;

        /// <summary>The request property that tells a 429 or 503 was not retried because its Retry-After asked for too long a wait.</summary>
        public const string RefusedWaitProperty = "CrossTenantMigration.RefusedWait";

        private readonly RetryPolicy _policy;
        private readonly Random _jitter = new Random();
        private long _resumeAtTicks; // UTC ticks before which no request of this connection is sent

        public ResilienceHandler(RetryPolicy policy) => _policy = policy;

        /// <summary>The connection's retry policy, which also bounds the retries of a batch's throttled requests.</summary>
        internal RetryPolicy Policy => _policy;

        /// <summary>How the handler waits, and what time it is: tests give their own, so nothing waits for real.</summary>
        internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;
        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? null : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var contentHeaders = request.Content?.Headers;
            var waited = TimeSpan.Zero;
            var isRead = ReadOnlyRequest.OnlyReads(request);
            var isAction = request.Method == HttpMethod.Post && !isRead;

            for (var attempt = 1; ; attempt++)
            {
                await HoldWhileThrottledAsync(cancellationToken).ConfigureAwait(false);
                if (body != null)
                {
                    var content = new ByteArrayContent(body);
                    foreach (var header in contentHeaders!)
                        content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                    request.Content = content;
                }

                HttpResponseMessage? response = null;
                Exception? failure = null;
                using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attemptTimeout.CancelAfter(_policy.RequestTimeout);
                    try
                    {
                        response = await AttemptAsync(request, isAction, attemptTimeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (CommandStoppedException)
                    {
                        throw; // not sent: the command has stopped
                    }
                    catch (OperationCanceledException ex)
                    {
                        failure = new TimeoutException($"No complete answer within {_policy.RequestTimeout.TotalSeconds:0} s.", ex);
                    }
                    catch (HttpRequestException ex)
                    {
                        failure = ex;
                    }
                    catch (IOException ex)
                    {
                        failure = ex;
                    }
                }

                var status = response?.StatusCode;
                if (isAction && (failure != null || status == HttpStatusCode.GatewayTimeout))
                {
                    response?.Dispose();
                    throw new OutcomeUnknownException(request.Method.Method, request.RequestUri!, status, failure);
                }
                if (failure == null && !IsTransient(status!.Value, isRead))
                    return response!;

                var retryAfter = RetryAfter(response);
                if (retryAfter > _policy.MaxRetryDelay)
                {
                    // The service asks for longer than the user lets a request wait: the answer stands, and
                    // the connection is held back only as long as the user allows.
                    HoldBackAll(_policy.MaxRetryDelay);
                    request.Properties[RefusedWaitProperty] = new RefusedWait(retryAfter.Value, _policy.MaxRetryDelay);
                    return response!;
                }
                var delay = retryAfter ?? Backoff(attempt);
                if (retryAfter != null) HoldBackAll(delay);
                if (attempt >= _policy.MaxAttempts || waited + delay > _policy.MaxRetryDelay)
                {
                    if (response != null) return response; // the caller turns the last answer into an error
                    // A last attempt that timed out stays a timeout, so that the error says so (OperationTimeout).
                    if (failure is TimeoutException) throw new TimeoutException($"{failure.Message} ({attempt} attempt(s))", failure);
                    throw new HttpRequestException($"The service could not be reached after {attempt} attempts: {failure!.Message}", failure);
                }

                var reason = failure != null ? failure.GetBaseException().Message : $"{(int)status!} {response!.ReasonPhrase}";
                OperationLogScope.Current.Verbose(string.Format(CultureInfo.InvariantCulture,
                    "{0} {1}: {2}; retrying in {3:0.0} s (attempt {4} of {5}).",
                    request.Method, request.RequestUri, reason, delay.TotalSeconds, attempt + 1, _policy.MaxAttempts));
                response?.Dispose();
                waited += delay;
                await Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>One attempt: the answer, its body read into memory within the attempt's time and the size limit.</summary>
        private async Task<HttpResponseMessage> AttemptAsync(HttpRequestMessage request, bool isAction, CancellationToken attemptToken)
        {
            var response = await base.SendAsync(request, attemptToken).ConfigureAwait(false);
            // An action's 504 leaves its outcome unknown whatever its body says: the body is not read.
            if (isAction && response.StatusCode == HttpStatusCode.GatewayTimeout) return response;
            bool complete;
            try
            {
                complete = await BoundedBody.TryBufferAsync(response, MaxResponseBytes, attemptToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
            if (complete) return response;

            var status = (int)response.StatusCode;
            var success = response.IsSuccessStatusCode;
            response.Dispose();
            throw new RefusedException(ErrorIds.ResponseTooLarge, FailureKind.InvalidAnswer,
                $"the service's answer (HTTP {status}) is larger than {MaxResponseBytes / (1024 * 1024)} MB, more than any answer of this API: it was refused unread.",
                // A write the service says it carried out took effect: what it produced is read back.
                outcomeUnknown: success && !ReadOnlyRequest.OnlyReads(request));
        }

        /// <summary>Statuses worth another attempt: the service did not act (429, 503), or, for a read that changes nothing, a server or gateway failure.</summary>
        private static bool IsTransient(HttpStatusCode status, bool isRead) =>
            status == (HttpStatusCode)429 || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout
            || (isRead && (status == HttpStatusCode.InternalServerError || status == HttpStatusCode.BadGateway));

        private async Task HoldWhileThrottledAsync(CancellationToken cancellationToken)
        {
            var wait = new DateTime(Interlocked.Read(ref _resumeAtTicks), DateTimeKind.Utc) - UtcNow();
            if (wait > _policy.MaxRetryDelay) wait = _policy.MaxRetryDelay;
            if (wait > TimeSpan.Zero) await Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Holds back every request of the connection for <paramref name="delay"/> (a later time wins): for a Retry-After
        /// this handler read, or one that came inside a batch's answer.
        /// </summary>
        internal void HoldBackAll(TimeSpan delay)
        {
            var until = (UtcNow() + delay).Ticks;
            long seen;
            while ((seen = Interlocked.Read(ref _resumeAtTicks)) < until)
                if (Interlocked.CompareExchange(ref _resumeAtTicks, until, seen) == seen) break;
        }

        /// <summary>The wait the answer's Retry-After asks for (never negative), or null without one.</summary>
        private TimeSpan? RetryAfter(HttpResponseMessage? response)
        {
            var retryAfter = response?.Headers.RetryAfter;
            var asked = retryAfter?.Delta ?? (retryAfter?.Date is DateTimeOffset date ? date - new DateTimeOffset(UtcNow()) : (TimeSpan?)null);
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked;
        }

        /// <summary>Exponential backoff with full jitter around the nominal delay, never more than MaxRetryDelay.</summary>
        internal TimeSpan Backoff(int attempt)
        {
            var nominal = _policy.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            double factor;
            lock (_jitter) factor = 0.5 + _jitter.NextDouble();
            return TimeSpan.FromMilliseconds(Math.Min(nominal * factor, _policy.MaxRetryDelay.TotalMilliseconds));
        }
    }

    /// <summary>A Retry-After the policy did not honour: the wait the service asked for, and the most the policy allows.</summary>
    internal sealed class RefusedWait
    {
        public RefusedWait(TimeSpan asked, TimeSpan allowed)
        {
            Asked = asked;
            Allowed = allowed;
        }

        public TimeSpan Asked { get; }
        public TimeSpan Allowed { get; }
    }

    internal sealed class RetryPolicy
    {
        public int MaxAttempts { get; set; } = 5;
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    }

    /// <summary>An action was sent, and whether the service carried it out is not known.</summary>
    internal sealed class OutcomeUnknownException : Exception
    {
        public OutcomeUnknownException(string method, Uri uri, HttpStatusCode? status, Exception? inner)
            : base($"{method} {uri}: {(status.HasValue ? $"HTTP {(int)status.Value}" : "the connection was lost")} before the service confirmed the request.", inner)
        {
            Status = status;
        }

        public HttpStatusCode? Status { get; }
    }
}
