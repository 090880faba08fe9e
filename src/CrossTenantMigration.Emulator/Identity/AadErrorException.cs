using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace CrossTenantMigration.Emulator
{
    /// <summary>An OAuth error of the token service, answered in Entra ID's shape.</summary>
    internal sealed class AadErrorException : Exception
    {
        public AadErrorException(HttpStatusCode status, string error, int code, string message)
            : base(message)
        {
            Status = status;
            Error = error;
            Code = code;
        }

        public HttpStatusCode Status { get; }
        public string Error { get; }
        public int Code { get; }

        public static AadErrorException MissingParameter(string name)
            => new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 900144, $"The request body must contain the following parameter: '{name}'.");

        public static AadErrorException PostOnly(string method)
            => new AadErrorException(HttpStatusCode.MethodNotAllowed, "invalid_request", 900561, $"The endpoint only accepts POST requests. Received a {method} request.");

        /// <summary>{"error","error_description":"AADSTS…: … Trace ID … Correlation ID … Timestamp …","error_codes",…}</summary>
        public EmulatorResponse ToResponse(EmulatorRequest ctx)
        {
            string timestamp = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            string description = $"AADSTS{Code}: {Message} Trace ID: {ctx.RequestId} Correlation ID: {ctx.ClientRequestId} Timestamp: {timestamp}";
            var response = IdentityText.PlainJson(Status, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", Error);
                w.WriteString("error_description", description);
                w.WriteStartArray("error_codes");
                w.WriteNumberValue(Code);
                w.WriteEndArray();
                w.WriteString("timestamp", timestamp);
                w.WriteString("trace_id", ctx.RequestId);
                w.WriteString("correlation_id", ctx.ClientRequestId);
                w.WriteString("error_uri", "https://login.microsoftonline.com/error?code=" + Code.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
            });
            response.Headers.Add(new KeyValuePair<string, string>("x-ms-request-id", ctx.RequestId));
            return response;
        }
    }
}
