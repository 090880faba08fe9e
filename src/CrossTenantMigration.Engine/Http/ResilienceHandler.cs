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
    /// Retries throttling (429) and transient failures (503, 504, dropped connections, timeouts),
    /// honouring Retry-After, else exponential backoff with jitter, within a bound of attempts and of
    /// total waiting time.
    /// A POST is an action whose effect the service may have committed: it is repeated only after an
    /// answer that says it was not carried out (429, 503). After a 504 or a lost connection its outcome
    /// is unknown, and an <see cref="OutcomeUnknownException"/> lets the caller reconcile with what the
    /// service holds instead of repeating it blindly.
    /// A Retry-After holds back every request of the connection, not only the one it answered: the
    /// service throttles the caller, so a wave slows down as a whole rather than spending each request's
    /// retries on its own. Waiting for the others' Retry-After uses no attempt of a request's own.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly TimeSpan MaxSingleDelay = TimeSpan.FromSeconds(60);
        private readonly RetryPolicy _policy;
        private readonly Random _jitter = new Random();
        private long _resumeAtTicks; // UTC ticks before which no request of this connection is sent

        public ResilienceHandler(RetryPolicy policy) => _policy = policy;

        /// <summary>How the handler waits, and what time it is: tests give their own, so nothing waits for real.</summary>
        internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = Task.Delay;
        internal Func<DateTime> UtcNow { get; set; } = () => DateTime.UtcNow;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? null : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var contentHeaders = request.Content?.Headers;
            var waited = TimeSpan.Zero;
            var isAction = request.Method == HttpMethod.Post;

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
                        response = await base.SendAsync(request, attemptTimeout.Token).ConfigureAwait(false);
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
                        failure = new TimeoutException($"No answer within {_policy.RequestTimeout.TotalSeconds:0} s.", ex);
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
                var retryable = failure != null || status == (HttpStatusCode)429 || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout;
                if (!retryable)
                    return response!;

                var outcomeUnknown = isAction && (failure != null || status == HttpStatusCode.GatewayTimeout);
                if (outcomeUnknown)
                {
                    response?.Dispose();
                    throw new OutcomeUnknownException(request.Method.Method, request.RequestUri!, status, failure);
                }

                var delay = DelayFor(response, attempt);
                if (response?.Headers.RetryAfter != null) HoldBackAll(delay);
                if (attempt >= _policy.MaxAttempts || waited + delay > _policy.MaxRetryDelay)
                {
                    if (response != null) return response; // the caller turns the last answer into an error
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

        private async Task HoldWhileThrottledAsync(CancellationToken cancellationToken)
        {
            var wait = new DateTime(Interlocked.Read(ref _resumeAtTicks), DateTimeKind.Utc) - UtcNow();
            if (wait > TimeSpan.Zero) await Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Holds back every request of the connection for <paramref name="delay"/> (a later time wins).</summary>
        private void HoldBackAll(TimeSpan delay)
        {
            var until = (UtcNow() + delay).Ticks;
            long seen;
            while ((seen = Interlocked.Read(ref _resumeAtTicks)) < until)
                if (Interlocked.CompareExchange(ref _resumeAtTicks, until, seen) == seen) break;
        }

        private TimeSpan DelayFor(HttpResponseMessage? response, int attempt)
        {
            var retryAfter = response?.Headers.RetryAfter;
            if (retryAfter?.Delta is TimeSpan delta)
                return Clamp(delta);
            if (retryAfter?.Date is DateTimeOffset date)
                return Clamp(date - new DateTimeOffset(UtcNow()));

            // Exponential backoff with full jitter around the nominal delay.
            var nominal = _policy.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            double factor;
            lock (_jitter) factor = 0.5 + _jitter.NextDouble();
            return Clamp(TimeSpan.FromMilliseconds(nominal * factor));
        }

        private static TimeSpan Clamp(TimeSpan delay) =>
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxSingleDelay ? MaxSingleDelay : delay;
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
