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
