using System;
using System.Net;

namespace CrossTenantMigration.Emulator
{
    /// <summary>A refused admin request, answered in the Graph error envelope like the Graph routes' errors.</summary>
    internal sealed class AdminError : Exception
    {
        public AdminError(HttpStatusCode status, string code, string message)
            : base(message)
        {
            Status = status;
            Code = code;
        }

        public HttpStatusCode Status { get; }
        public string Code { get; }

        /// <summary>The methods a 405 names.</summary>
        public string[]? Allow { get; init; }

        public static AdminError BadRequest(string message) => new AdminError(HttpStatusCode.BadRequest, "invalidRequest", message);

        public static AdminError NotFound(string message) => new AdminError(HttpStatusCode.NotFound, "itemNotFound", message);

        public static AdminError MethodNotAllowed(string message, string[] allow) =>
            new AdminError(HttpStatusCode.MethodNotAllowed, "invalidRequest", message) { Allow = allow };

        /// <summary>The envelope; <paramref name="now"/> is the service clock's time for <c>innerError.date</c>.</summary>
        public EmulatorResponse ToResponse(EmulatorRequest request, DateTimeOffset now)
        {
            var response = EmulatorResponse.Json(Status, w =>
            {
                w.WriteStartObject();
                w.WriteStartObject("error");
                w.WriteString("code", Code);
                w.WriteString("message", Message);
                w.WriteStartObject("innerError");
                w.WriteString("date", EmulatorJson.ShortDate(now));
                w.WriteString("request-id", request.RequestId);
                w.WriteString("client-request-id", request.ClientRequestId);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
            });
            response.Allow = Allow;
            return response;
        }
    }
}
