using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>
    /// Gives every request a client-request-id and tells each attempt in -Verbose: method, URL,
    /// status, request-id and duration. Headers are never logged, so no token can leak here.
    /// </summary>
    internal sealed class DiagnosticsHandler : DelegatingHandler
    {
        public const string ClientRequestIdHeader = "client-request-id";
        public const string RequestIdHeader = "request-id";
        private readonly ServiceClock _clock;

        public DiagnosticsHandler(ServiceClock clock) => _clock = clock;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Headers.Contains(ClientRequestIdHeader))
                request.Headers.TryAddWithoutValidation(ClientRequestIdHeader, Guid.NewGuid().ToString());

            var log = OperationLogScope.Current;
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.Headers.Date is DateTimeOffset serviceDate) _clock.Observe(serviceDate);
                if (log.IsVerbose)
                    log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0} {1} -> {2} {3} (request-id {4}, {5} ms)",
                        request.Method, request.RequestUri, (int)response.StatusCode, response.ReasonPhrase,
                        HeaderValue(response, RequestIdHeader) ?? "none", watch.ElapsedMilliseconds));
                return response;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0} {1} -> no answer: {2} ({3} ms)",
                    request.Method, request.RequestUri, ex.GetBaseException().Message, watch.ElapsedMilliseconds));
                throw;
            }
        }

        public static string? HeaderValue(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        public static string? HeaderValue(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
    }
}
