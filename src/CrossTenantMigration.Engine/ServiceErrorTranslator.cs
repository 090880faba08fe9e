using System;
using System.Globalization;
using System.Net.Http;
using CrossTenantMigration.Engine.Http;

namespace CrossTenantMigration.Engine
{
    /// <summary>Turns a failed call (an answer of the service, a lost connection) into a <see cref="ServiceException"/> that says what to do.</summary>
    internal static class ServiceErrorTranslator
    {
        public const string ReadPermission = "CrossTenantContentMigration.Read.All";
        public const string WritePermission = "CrossTenantContentMigration.ReadWrite.All";

        /// <param name="operation">What was being done, e.g. "Validating job 'wave-01'".</param>
        /// <param name="isWrite">Whether the call needs the ReadWrite permission.</param>
        /// <param name="notFoundId">The ErrorId for a 404 (a job or a user).</param>
        /// <param name="permission">The permission the call needs, when it is not one of the migration API's.</param>
        /// <returns>The failure as a <see cref="ServiceException"/>, or null for a cancellation (the caller's) or a failure told already.</returns>
        public static ServiceException? Translate(Exception exception, string operation, bool isWrite, string notFoundId = ErrorIds.JobNotFound, string? target = null,
            string? permission = null)
        {
            switch (exception)
            {
                case ServiceException service:
                    return service;
                case ServiceAnswerException answer:
                    return FromAnswer(answer, operation, isWrite, notFoundId, target, permission);
                case RefusedException refused:
                    return new ServiceException(refused.ErrorId, refused.Kind, $"{operation} failed: {refused.Message}", refused)
                        { Target = target, OutcomeUnknown = refused.OutcomeUnknown };
                case OutcomeUnknownException unknown:
                    return new ServiceException(ErrorIds.ConnectionFailed, FailureKind.Connection,
                        $"{operation} failed: {unknown.Message} Check the job's status before repeating the request.", unknown) { Target = target, OutcomeUnknown = true };
                case HttpRequestException http:
                    return new ServiceException(ErrorIds.ConnectionFailed, FailureKind.Connection,
                        $"{operation} failed: the service could not be reached ({http.GetBaseException().Message}).", http) { Target = target };
                case System.Text.Json.JsonException json:
                    // A success whose body is not the documented JSON (a proxy's page, say): an action was
                    // accepted but its answer is unreadable, so what it did is read back, never repeated.
                    return new ServiceException(ErrorIds.ServiceError, FailureKind.Other,
                        $"{operation} failed: the answer is not the JSON this API documents ({json.Message}).", json) { Target = target, OutcomeUnknown = isWrite };
                case TimeoutException timeout:
                    return new ServiceException(ErrorIds.ConnectionFailed, FailureKind.Timeout,
                        $"{operation} failed: {timeout.Message}", timeout) { Target = target };
                case OperationCanceledException _:
                case MigrationException _: // told already, with its own ErrorId
                    return null;
                default:
                    // Whatever else a call meets is still a failed call, told by its ErrorId, never by a .NET type name.
                    return new ServiceException(ErrorIds.ServiceError, FailureKind.Other,
                        $"{operation} failed unexpectedly: {exception.GetBaseException().Message}", exception) { Target = target, OutcomeUnknown = isWrite };
            }
        }

        private static ServiceException FromAnswer(ServiceAnswerException answer, string operation, bool isWrite, string notFoundId, string? target, string? permission)
        {
            var status = answer.Status;
            var code = answer.Error?.Code;
            var serviceMessage = answer.Error?.Message;
            var requestId = answer.RequestId;
            var clientRequestId = answer.ClientRequestId;

            string errorId;
            FailureKind kind;
            string advice = "";
            switch (status)
            {
                case 400: errorId = ErrorIds.ServiceRejectedRequest; kind = FailureKind.InvalidRequest; break;
                case 401:
                    errorId = ErrorIds.AuthenticationFailed; kind = FailureKind.Unauthenticated;
                    advice = " The access token is missing, expired or not for Microsoft Graph: run Connect-XtMigration again.";
                    break;
                case 403:
                    errorId = ErrorIds.PermissionDenied; kind = FailureKind.Forbidden;
                    advice = permission != null ? $" This call needs the {permission} permission."
                        : isWrite
                        ? $" This call needs the {WritePermission} permission; a delegated sign-in also needs the Microsoft 365 Migration Administrator role (or Global Administrator)."
                        : $" This call needs the {ReadPermission} (or {WritePermission}) permission; a delegated sign-in also needs the Microsoft 365 Migration Administrator role (or Global Administrator).";
                    break;
                case 404: errorId = notFoundId; kind = FailureKind.NotFound; break;
                case 409 when string.Equals(code, "nameAlreadyExists", StringComparison.OrdinalIgnoreCase):
                    errorId = ErrorIds.JobNameExists; kind = FailureKind.AlreadyExists; break;
                case 409: errorId = ErrorIds.ServiceConflict; kind = FailureKind.Conflict; break;
                case 429:
                    errorId = ErrorIds.Throttled; kind = FailureKind.Throttled;
                    advice = answer.RefusedWait != null ? RefusedWaitAdvice(answer.RefusedWait)
                        : " The service kept throttling after every retry; try again later or raise the retry limits of Connect-XtMigration.";
                    break;
                case 500: case 502: case 503: case 504:
                    errorId = ErrorIds.ServiceUnavailable; kind = FailureKind.Unavailable;
                    if (answer.RefusedWait != null) advice = RefusedWaitAdvice(answer.RefusedWait);
                    break;
                default: errorId = ErrorIds.ServiceError; kind = FailureKind.Other; break;
            }

            var said = string.IsNullOrWhiteSpace(serviceMessage) ? $"HTTP {status}" : serviceMessage!.TrimEnd('.') + ".";
            var ids = $"[HTTP {status}{(code != null ? ", " + code : "")}, request-id {requestId ?? "none"}, client-request-id {clientRequestId ?? "none"}]";
            return new ServiceException(errorId, kind, $"{operation} failed: {said}{advice} {ids}", answer)
            {
                HttpStatus = status,
                GraphErrorCode = code,
                GraphErrorMessage = serviceMessage,
                RequestId = requestId,
                ClientRequestId = clientRequestId,
                Target = target,
            };
        }

        private static string RefusedWaitAdvice(RefusedWait wait) => string.Format(CultureInfo.InvariantCulture,
            " The service asked to wait {0:0} s before trying again, more than -MaxRetryWaitSec ({1:0} s) allows, so the request was not repeated; try again later or raise -MaxRetryWaitSec of Connect-XtMigration.",
            Math.Ceiling(wait.Asked.TotalSeconds), wait.Allowed.TotalSeconds);
    }
}
