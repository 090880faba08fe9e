using System;
using System.Net;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>A service error that becomes a Graph error envelope.</summary>
    internal sealed class GraphErrorException : Exception
    {
        public GraphErrorException(HttpStatusCode status, string code, string message, string? innerCode = null)
            : base(message)
        {
            Status = status;
            Code = code;
            InnerCode = innerCode;
        }

        public HttpStatusCode Status { get; }
        public string Code { get; }
        public string? InnerCode { get; }
        public int? RetryAfterSeconds { get; set; }
        public string? WwwAuthenticate { get; set; }
        public string[]? Allow { get; set; }

        public static GraphErrorException BadRequest(string message) => new GraphErrorException(HttpStatusCode.BadRequest, "invalidRequest", message);

        public static GraphErrorException NotFound(string message) => new GraphErrorException(HttpStatusCode.NotFound, "itemNotFound", message);

        public static GraphErrorException Conflict(string message) => new GraphErrorException(HttpStatusCode.Conflict, "conflict", message);

        /// <summary>A user the directory does not have, in Microsoft Graph's words for a directory object.</summary>
        public static GraphErrorException ResourceNotFound(string key)
            => new GraphErrorException(HttpStatusCode.NotFound, "Request_ResourceNotFound", $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.");

        /// <summary>A caller whose token may not read users, in Microsoft Graph's words for the directory.</summary>
        public static GraphErrorException DirectoryAccessDenied()
            => new GraphErrorException(HttpStatusCode.Forbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

        /// <summary>A JSON batch that cannot be read as one: Graph's batch layer answers these with the code BadRequest.</summary>
        public static GraphErrorException InvalidBatch(string message) => new GraphErrorException(HttpStatusCode.BadRequest, "BadRequest", message);

        /// <summary>A request of a batch whose dependsOn names a request that failed: it is not run.</summary>
        public static GraphErrorException FailedDependency(string dependency)
            => new GraphErrorException((HttpStatusCode)424, "FailedDependency", $"The request was not run: request '{dependency}', which it depends on, failed.");

        public static GraphErrorException Throttled(int retryAfter)
            => new GraphErrorException((HttpStatusCode)429, "activityLimitReached", "The request has been throttled", "throttledRequest") { RetryAfterSeconds = retryAfter };

        public static GraphErrorException Unavailable(int retryAfter)
            => new GraphErrorException(HttpStatusCode.ServiceUnavailable, "serviceNotAvailable", "The service is temporarily unavailable. Retry after the interval in the Retry-After header.") { RetryAfterSeconds = retryAfter };

        public static GraphErrorException GatewayTimeout()
            => new GraphErrorException(HttpStatusCode.GatewayTimeout, "generalException", "The gateway timed out waiting for the service. The outcome of the request is unknown.");

        /// <summary>The Graph error envelope; <paramref name="now"/> is the sandbox clock's time for <c>innerError.date</c>.</summary>
        public ServiceResponse ToResponse(RequestContext ctx, DateTimeOffset now)
        {
            var response = ServiceResponse.Json(
                Status,
                w => JsonWriting.WriteError(w, Code, Message, InnerCode, now, ctx.RequestId, ctx.ClientRequestId));
            response.RetryAfterSeconds = RetryAfterSeconds;
            response.WwwAuthenticate = WwwAuthenticate;
            response.Allow = Allow;
            return response;
        }
    }
}
