using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// One Graph request from arrival to answer: counting, throttling and faults, then authentication, route, method,
    /// permission and query options, and last the operation: a job's under the job store's lock, a user's from the
    /// directory, a JSON batch's requests one by one.
    /// </summary>
    internal sealed class RequestPipeline
    {
        private readonly SandboxOptions _options;
        private readonly SandboxClock _clock;
        // The WWW-Authenticate of a 401 names Microsoft Graph's application id, as Graph's does.
        private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

        private readonly ICallerAuthenticator _authenticator;
        private readonly JobStore _store;
        private readonly FaultInjector _faults;
        private readonly CountsByKey _counters;
        private readonly DirectoryTraffic _traffic;
        private readonly GraphOperations _operations;
        private readonly DirectoryQueries _directory;
        private readonly JsonBatch _batch;

        public RequestPipeline(SandboxOptions options, SandboxClock clock, ICallerAuthenticator authenticator, JobStore store, UserDirectory directory,
            FaultInjector faults, CountsByKey counters, DirectoryTraffic traffic)
        {
            _options = options;
            _clock = clock;
            _authenticator = authenticator;
            _store = store;
            _faults = faults;
            _counters = counters;
            _traffic = traffic;
            _operations = new GraphOperations(options, store);
            _directory = new DirectoryQueries(directory);
            _batch = new JsonBatch(clock, faults, traffic, ServeBatchRequest);
        }

        /// <summary>How a stall waits; tests replace it to see the stall without waiting for it.</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (duration, cancellationToken) => Task.Delay(duration, cancellationToken);

        /// <summary>
        /// Serves a Graph request, its Date header by the sandbox's clock (the client measures the service's
        /// timestamps against it). A dropped connection is thrown as <see cref="EmulatedConnectionDropException"/>.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(RequestContext ctx, HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await AnswerAsync(ctx, request, cancellationToken).ConfigureAwait(false);
            response.Headers.Date = _clock.UtcNow;
            return response;
        }

        private async Task<HttpResponseMessage> AnswerAsync(RequestContext ctx, HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _counters.Count(ctx.Method);
            bool batch = Route.IsBatch(ctx);
            if (batch)
            {
                _traffic.CountBatch();
            }
            else if (Route.IsUserLookup(ctx))
            {
                _traffic.CountUserLookup();
            }

            var injection = _faults.Decide(ctx.Method, Route.IsCreate(ctx), mayThrottle: !batch);
            if (injection.ThrottledRetryAfter.HasValue)
            {
                return Error(ctx, GraphErrorException.Throttled(injection.ThrottledRetryAfter.Value)).ToHttp(ctx, request);
            }

            // faults that strike before the request has any effect
            switch (injection.Fault)
            {
                case FaultKind.Throttle429:
                    return Error(ctx, GraphErrorException.Throttled(injection.RetryAfterSeconds)).ToHttp(ctx, request);
                case FaultKind.Unavailable503:
                    return Error(ctx, GraphErrorException.Unavailable(injection.RetryAfterSeconds)).ToHttp(ctx, request);
                case FaultKind.DropBeforeCommit:
                    throw new EmulatedConnectionDropException(afterCommit: false);
                case FaultKind.Stall:
                    await Delay(injection.Stall, cancellationToken).ConfigureAwait(false);
                    break;
            }

            var response = await ProcessAsync(ctx).ConfigureAwait(false);

            // faults that strike after the effect was committed: the caller cannot know the outcome
            switch (injection.Fault)
            {
                case FaultKind.GatewayTimeout504:
                    return Error(ctx, GraphErrorException.GatewayTimeout()).ToHttp(ctx, request);
                case FaultKind.DropAfterCommit:
                    throw new EmulatedConnectionDropException(afterCommit: true);
            }

            return response.ToHttp(ctx, request);
        }

        /// <summary>Authenticate, route, check the method, authorize, parse the query, then run the operation.</summary>
        private async Task<ServiceResponse> ProcessAsync(RequestContext ctx)
        {
            try
            {
                var caller = await AuthenticateAsync(ctx).ConfigureAwait(false);
                return Serve(ctx, Route.Parse(ctx), caller);
            }
            catch (GraphErrorException e)
            {
                return Error(ctx, e);
            }
        }

        /// <summary>A request of an authenticated caller on its route: method, permission, query options, operation.</summary>
        private ServiceResponse Serve(RequestContext ctx, Route route, SandboxCaller caller)
        {
            if (!route.Methods.Contains(ctx.Method))
            {
                throw new GraphErrorException(HttpStatusCode.MethodNotAllowed, "invalidRequest", $"The HTTP method '{ctx.Method}' is not allowed on this resource. Allowed: {string.Join(", ", route.Methods)}.")
                {
                    Allow = route.Methods,
                };
            }

            Authorize(route, ctx.Method, caller);
            var query = ODataQuery.Parse(ctx, route.AllowedQueryOptions(ctx.Method), route.Selectable);
            switch (route.Kind)
            {
                case RouteKind.Batch:
                    return _batch.Answer(ctx, caller);
                case RouteKind.DirectoryUser:
                    return _directory.GetUser(ctx, route, query);
                default:
                    return _store.Run(now => _operations.Execute(ctx, route, query, caller, now));
            }
        }

        /// <summary>One request inside a JSON batch, as if it had come on its own; the sandbox serves only the directory's users there.</summary>
        private ServiceResponse ServeBatchRequest(RequestContext ctx, SandboxCaller caller)
        {
            var route = Route.Parse(ctx);
            if (route.Kind != RouteKind.DirectoryUser)
            {
                throw GraphErrorException.BadRequest("Inside a JSON batch the sandbox serves GET /users/{id | userPrincipalName} only: send any other request on its own.");
            }

            return Serve(ctx, route, caller);
        }

        /// <summary>The caller of a bearer token the authenticator accepts; a 401 otherwise.</summary>
        private async Task<SandboxCaller> AuthenticateAsync(RequestContext ctx)
        {
            string? failure = BearerToken(ctx.Authorization, out string token);
            SandboxCaller? caller = null;
            if (failure == null)
            {
                var authentication = await _authenticator.AuthenticateAsync(token).ConfigureAwait(false);
                caller = authentication.Caller;
                failure = authentication.Failure;
            }

            return caller ?? throw new GraphErrorException(HttpStatusCode.Unauthorized, "InvalidAuthenticationToken", failure ?? "Access token is invalid.")
            {
                WwwAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"" + GraphAppId + "\"",
            };
        }

        /// <summary>The token of a Bearer authorization header, or why there is none.</summary>
        private static string? BearerToken(string? authorizationHeader, out string token)
        {
            token = "";
            if (string.IsNullOrWhiteSpace(authorizationHeader))
            {
                return "Access token is empty.";
            }

            string value = authorizationHeader!.Trim();
            if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return "Authorization header is not a Bearer token.";
            }

            token = value.Substring(7).Trim();
            return token.Length == 0 ? "Access token is empty." : null;
        }

        /// <summary>
        /// A user of the directory needs one of the directory's read permissions; a batch needs none of its own (each of
        /// its requests needs its own). A job's GET needs Read.All or ReadWrite.All (in scp or roles); every other method
        /// needs ReadWrite.All.
        /// </summary>
        private static void Authorize(Route route, string method, SandboxCaller caller)
        {
            if (route.Kind == RouteKind.Batch)
            {
                return;
            }

            if (route.Kind == RouteKind.DirectoryUser)
            {
                if (!SandboxCaller.DirectoryReadPermissions.Any(caller.Permissions.Contains))
                {
                    throw GraphErrorException.DirectoryAccessDenied();
                }

                return;
            }

            bool write = method != "GET";
            bool allowed = caller.Permissions.Contains(SandboxCaller.ReadWritePermission)
                           || (!write && caller.Permissions.Contains(SandboxCaller.ReadPermission));
            if (allowed)
            {
                return;
            }

            string has = caller.Permissions.Count == 0 ? "no permissions" : string.Join(", ", caller.Permissions.OrderBy(p => p, StringComparer.Ordinal));
            throw new GraphErrorException(
                HttpStatusCode.Forbidden,
                "accessDenied",
                write
                    ? $"Either scp or roles claim need to be present in the token with the permission '{SandboxCaller.ReadWritePermission}'. This operation changes data and requires it; the token has: {has}."
                    : $"Either scp or roles claim need to be present in the token with the permission '{SandboxCaller.ReadPermission}' or '{SandboxCaller.ReadWritePermission}'. The token has: {has}.");
        }

        private ServiceResponse Error(RequestContext ctx, GraphErrorException e) => e.ToResponse(ctx, _clock.UtcNow);
    }
}
