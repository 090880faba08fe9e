using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// An in-memory emulation of the Microsoft Graph cross-tenant migration job service
    /// (<c>/{v1.0|beta}/solutions/migrations/crossTenantMigrationJobs</c>) plus an admin API under <c>/_emulator/</c>.
    /// Thread-safe: every request runs its state work under one lock. State advances lazily: each request first
    /// applies the transitions that are due on <see cref="Clock"/>.
    /// </summary>
    public sealed partial class MigrationServiceEmulator
    {
        private readonly object _gate = new object();
        private readonly TokenService _tokens = new TokenService();
        private readonly Dictionary<string, JobRecord> _jobs = new Dictionary<string, JobRecord>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, FailureEntry> _failures = new Dictionary<string, FailureEntry>(StringComparer.OrdinalIgnoreCase);
        private long _sequence;

        // statistics
        private long _total;
        private long _creates;
        private long _throttled;
        private long _faultsInjected;
        private readonly Dictionary<string, long> _byMethod = new Dictionary<string, long>(StringComparer.Ordinal);

        // throttling and faults
        private ThrottleSettings? _throttle;
        private long _throttleCounter;
        private long _throttleIssued;
        private Random _throttleRandom = new Random(0);
        private FaultSettings? _faults;
        private Random _faultRandom = new Random(0);

        /// <summary>Creates an emulator with the given options (or the defaults).</summary>
        public MigrationServiceEmulator(EmulatorOptions? options = null)
        {
            Options = options ?? new EmulatorOptions();
            Clock = new EmulatorClock();
        }

        /// <summary>The live options.</summary>
        public EmulatorOptions Options { get; }

        /// <summary>The virtual clock that drives job state.</summary>
        public EmulatorClock Clock { get; }

        /// <summary>429 injection; null turns it off. Setting it restarts its counters.</summary>
        public ThrottleSettings? Throttle
        {
            get
            {
                lock (_gate)
                {
                    return _throttle;
                }
            }

            set
            {
                lock (_gate)
                {
                    _throttle = value;
                    _throttleCounter = 0;
                    _throttleIssued = 0;
                    _throttleRandom = new Random(value?.Seed ?? 0);
                }
            }
        }

        /// <summary>Fault injection; null turns it off. Setting it reseeds its random source.</summary>
        public FaultSettings? Faults
        {
            get
            {
                lock (_gate)
                {
                    return _faults;
                }
            }

            set
            {
                lock (_gate)
                {
                    _faults = value;
                    _faultRandom = new Random(value?.Seed ?? 0);
                }
            }
        }

        /// <summary>An in-memory handler (no sockets) whose requests go to <see cref="SendAsync"/>.</summary>
        public HttpMessageHandler CreateHandler() => new EmulatorHttpMessageHandler(this);

        /// <summary>Issues a signed token that this emulator instance accepts.</summary>
        public IssuedToken IssueToken(TokenRequest request) => _tokens.Issue(request, Options.TargetTenantId);

        /// <summary>Registers a simulated failure for a user (in every job that contains the user).</summary>
        public void SetUserFailure(string userId, UserFailure failure)
        {
            if (userId == null)
            {
                throw new ArgumentNullException(nameof(userId));
            }

            if (failure == null)
            {
                throw new ArgumentNullException(nameof(failure));
            }

            if (failure.Workload != null && Workloads.Canonical(failure.Workload) == null)
            {
                throw new ArgumentException($"Unknown workload '{failure.Workload}'. Use Exchange, ODSP, Teams or Meeting.", nameof(failure));
            }

            lock (_gate)
            {
                _failures[NormalizeUserId(userId)] = new FailureEntry(failure);
            }
        }

        /// <summary>Removes a failure registered with <see cref="SetUserFailure"/>. Returns false when there was none.</summary>
        public bool ClearUserFailure(string userId)
        {
            lock (_gate)
            {
                return _failures.Remove(NormalizeUserId(userId));
            }
        }

        private static string NormalizeUserId(string userId)
            => Guid.TryParse(userId.Trim(), out var id) ? id.ToString("D") : userId.Trim();

        /// <summary>A snapshot of the request counters.</summary>
        public RequestStatistics GetStatistics()
        {
            RequestStatistics stats;
            lock (_gate)
            {
                ApplyDueTransitions(Clock.UtcNow);
                stats = new RequestStatistics
                {
                    Total = _total,
                    ByMethod = new Dictionary<string, long>(_byMethod),
                    Creates = _creates,
                    Jobs = _jobs.Count,
                    DuplicateDisplayNames = _jobs.Values
                        .GroupBy(j => j.DisplayName, StringComparer.OrdinalIgnoreCase)
                        .Count(g => g.Count() > 1),
                    Throttled = _throttled,
                    FaultsInjected = _faultsInjected,
                };
            }

            lock (_identityGate)
            {
                stats.TokenRequests = _tokenRequests;
                stats.TokenRequestsByGrant = new Dictionary<string, long>(_tokenRequestsByGrant);
            }

            return stats;
        }

        /// <summary>Zeroes the request counters.</summary>
        public void ResetStatistics()
        {
            lock (_gate)
            {
                _total = 0;
                _creates = 0;
                _throttled = 0;
                _faultsInjected = 0;
                _byMethod.Clear();
            }

            ResetIdentityState(countersOnly: true);
        }

        /// <summary>
        /// Back to an empty service: jobs, statistics (token counters too), user failures, throttling, faults, the clock
        /// offset and the device codes issued. Options, the signing key, app registrations, the managed identities and
        /// refresh tokens stay, so issued tokens stay valid.
        /// </summary>
        public void Reset()
        {
            lock (_gate)
            {
                _jobs.Clear();
                _failures.Clear();
                _sequence = 0;
                _total = 0;
                _creates = 0;
                _throttled = 0;
                _faultsInjected = 0;
                _byMethod.Clear();
                _throttle = null;
                _faults = null;
                _throttleCounter = 0;
                _throttleIssued = 0;
                Clock.Reset();
            }

            ResetIdentityState(countersOnly: false);
        }

        /// <summary>
        /// Handles one request: a Graph route (authenticated, counted, subject to throttling and faults) or an admin
        /// route under <c>/_emulator/</c>. A dropped connection is thrown as <see cref="EmulatedConnectionDropException"/>.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            byte[] body = request.Content == null
                ? new byte[0]
                : await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var ctx = RequestContext.Create(request, body);

            if (ctx.Segments.Count > 0 && ctx.Segments[0] == AdminRoot)
            {
                return ResponseConversion.ToHttp(HandleAdmin(ctx), ctx, request);
            }

            // the Entra ID token service and managed-identity endpoints: counted apart, never throttled or faulted
            var identity = TryHandleIdentity(ctx);
            if (identity != null)
            {
                return ResponseConversion.ToHttp(identity, ctx, request);
            }

            EmulatorResponse? early = null;
            FaultKind? fault = null;
            lock (_gate)
            {
                _total++;
                _byMethod.TryGetValue(ctx.Method, out long n);
                _byMethod[ctx.Method] = n + 1;
                early = CheckThrottle(ctx);
                if (early == null)
                {
                    fault = RollFault();
                }
            }

            if (early != null)
            {
                return ResponseConversion.ToHttp(early, ctx, request);
            }

            var faults = _faults;
            int retryAfter = faults?.RetryAfterSeconds ?? 1;
            switch (fault)
            {
                case FaultKind.Throttle429:
                    return ResponseConversion.ToHttp(ErrorResponse(ctx, ThrottledError(retryAfter)), ctx, request);
                case FaultKind.Unavailable503:
                    return ResponseConversion.ToHttp(
                        ErrorResponse(ctx, new GraphErrorException(HttpStatusCode.ServiceUnavailable, "serviceNotAvailable", "The service is temporarily unavailable. Retry after the interval in the Retry-After header.") { RetryAfterSeconds = retryAfter }),
                        ctx,
                        request);
                case FaultKind.DropBeforeCommit:
                    throw new EmulatedConnectionDropException(afterCommit: false);
                case FaultKind.Stall:
                    await Task.Delay(faults?.StallDuration ?? TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                    break;
            }

            var response = Process(ctx);

            switch (fault)
            {
                case FaultKind.GatewayTimeout504:
                    return ResponseConversion.ToHttp(
                        ErrorResponse(ctx, new GraphErrorException(HttpStatusCode.GatewayTimeout, "generalException", "The gateway timed out waiting for the service. The outcome of the request is unknown.")),
                        ctx,
                        request);
                case FaultKind.DropAfterCommit:
                    throw new EmulatedConnectionDropException(afterCommit: true);
            }

            return ResponseConversion.ToHttp(response, ctx, request);
        }

        private EmulatorResponse? CheckThrottle(RequestContext ctx)
        {
            var t = _throttle;
            if (t == null)
            {
                return null;
            }

            _throttleCounter++;
            if (t.MaxCount.HasValue && _throttleIssued >= t.MaxCount.Value)
            {
                return null;
            }

            bool hit = false;
            if (t.EveryNth.HasValue && t.EveryNth.Value > 0)
            {
                hit = _throttleCounter % t.EveryNth.Value == 0;
            }
            else if (t.Probability.HasValue && t.Probability.Value > 0)
            {
                hit = _throttleRandom.NextDouble() < t.Probability.Value;
            }

            if (!hit)
            {
                return null;
            }

            _throttleIssued++;
            _throttled++;
            return ErrorResponse(ctx, ThrottledError(t.RetryAfterSeconds));
        }

        private FaultKind? RollFault()
        {
            var f = _faults;
            if (f == null || f.Rate <= 0)
            {
                return null;
            }

            if (_faultRandom.NextDouble() >= f.Rate)
            {
                return null;
            }

            var kinds = f.Kinds != null && f.Kinds.Count > 0 ? f.Kinds : (IList<FaultKind>)(FaultKind[])Enum.GetValues(typeof(FaultKind));
            _faultsInjected++;
            return kinds[_faultRandom.Next(kinds.Count)];
        }

        private static GraphErrorException ThrottledError(int retryAfter)
            => new GraphErrorException((HttpStatusCode)429, "activityLimitReached", "The request has been throttled", "throttledRequest") { RetryAfterSeconds = retryAfter };

        private EmulatorResponse ErrorResponse(RequestContext ctx, GraphErrorException e)
        {
            var response = EmulatorResponse.Json(
                e.Status,
                w => JsonWriting.WriteError(w, e.Code, e.Message, e.InnerCode, Clock.UtcNow, ctx.RequestId, ctx.ClientRequestId));
            response.RetryAfterSeconds = e.RetryAfterSeconds;
            response.WwwAuthenticate = e.WwwAuthenticate;
            response.Allow = e.Allow;
            return response;
        }

        /// <summary>Authenticate, route, authorize, then run the operation under the lock.</summary>
        private EmulatorResponse Process(RequestContext ctx)
        {
            try
            {
                var principal = _tokens.Validate(ctx.Authorization, Options.TargetTenantId, out string failure);
                if (principal == null)
                {
                    throw new GraphErrorException(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", failure)
                    {
                        WwwAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"" + TokenService.GraphAppId + "\"",
                    };
                }

                var route = Route.Parse(ctx);
                if (!route.Methods.Contains(ctx.Method))
                {
                    throw new GraphErrorException(HttpStatusCode.MethodNotAllowed, "invalidRequest", $"The HTTP method '{ctx.Method}' is not allowed on this resource. Allowed: {string.Join(", ", route.Methods)}.")
                    {
                        Allow = route.Methods,
                    };
                }

                bool write = ctx.Method != "GET";
                string needed = write ? TokenService.ReadWritePermission : TokenService.ReadPermission;
                bool allowed = principal.Permissions.Contains(TokenService.ReadWritePermission)
                               || (!write && principal.Permissions.Contains(TokenService.ReadPermission));
                if (!allowed)
                {
                    throw new GraphErrorException(
                        HttpStatusCode.Forbidden,
                        "accessDenied",
                        write
                            ? $"Either scp or roles claim need to be present in the token with the permission '{TokenService.ReadWritePermission}'. This operation changes data and requires it; the token has: {Describe(principal)}."
                            : $"Either scp or roles claim need to be present in the token with the permission '{needed}' or '{TokenService.ReadWritePermission}'. The token has: {Describe(principal)}.");
                }

                var query = ODataQuery.Parse(ctx, route.AllowedQueryOptions(ctx.Method), route.Selectable);
                lock (_gate)
                {
                    var now = Clock.UtcNow;
                    ApplyDueTransitions(now);
                    return Execute(ctx, route, query, principal, now);
                }
            }
            catch (GraphErrorException e)
            {
                return ErrorResponse(ctx, e);
            }
        }

        private static string Describe(CallerPrincipal principal)
            => principal.Permissions.Count == 0 ? "no permissions" : string.Join(", ", principal.Permissions.OrderBy(p => p, StringComparer.Ordinal));

        private sealed class FailureEntry
        {
            public FailureEntry(UserFailure failure)
            {
                Phase = failure.Phase;
                Workload = failure.Workload == null ? null : Workloads.Canonical(failure.Workload);
                Code = failure.Code;
                Message = failure.Message;
                Remaining = failure.Times;
            }

            public FailurePhase Phase { get; }
            public string? Workload { get; }
            public string Code { get; }
            public string Message { get; }
            public int? Remaining { get; set; }
        }
    }

    /// <summary>The in-memory transport: every request goes straight to the emulator.</summary>
    internal sealed class EmulatorHttpMessageHandler : HttpMessageHandler
    {
        private readonly MigrationServiceEmulator _emulator;

        public EmulatorHttpMessageHandler(MigrationServiceEmulator emulator) => _emulator = emulator;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => _emulator.SendAsync(request, cancellationToken);
    }
}
