using System;
using System.Management.Automation;

namespace CrossTenantMigration
{
    /// <summary>Turns the engine's exceptions into ErrorRecords with stable ids and fitting categories.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            switch (exception)
            {
                case InputValidationException input:
                    return new ErrorRecord(input, input.Error.ErrorId, ErrorCategory.InvalidArgument, input.Error.Value ?? target);
                case MigrationServiceException service:
                    var record = new ErrorRecord(service, service.ErrorId, CategoryOf(service.Kind), target ?? service.Target);
                    if (service.RequestId != null || service.GraphErrorCode != null)
                        record.ErrorDetails = new ErrorDetails(service.Message)
                        {
                            RecommendedAction = RecommendedAction(service.Kind),
                        };
                    return record;
                default:
                    return new ErrorRecord(exception, exception.GetType().Name, ErrorCategory.NotSpecified, target);
            }
        }

        public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target) =>
            new ErrorRecord(new InvalidOperationException(message), errorId, category, target);

        private static ErrorCategory CategoryOf(FailureKind kind)
        {
            switch (kind)
            {
                case FailureKind.InvalidRequest: return ErrorCategory.InvalidArgument;
                case FailureKind.NotFound: return ErrorCategory.ObjectNotFound;
                case FailureKind.Conflict: return ErrorCategory.InvalidOperation;
                case FailureKind.AlreadyExists: return ErrorCategory.ResourceExists;
                case FailureKind.Unauthenticated: return ErrorCategory.AuthenticationError;
                case FailureKind.Forbidden: return ErrorCategory.PermissionDenied;
                case FailureKind.Throttled: return ErrorCategory.LimitsExceeded;
                case FailureKind.Unavailable: return ErrorCategory.ResourceUnavailable;
                case FailureKind.Connection: return ErrorCategory.ConnectionError;
                case FailureKind.Timeout: return ErrorCategory.OperationTimeout;
                default: return ErrorCategory.NotSpecified;
            }
        }

        private static string? RecommendedAction(FailureKind kind)
        {
            switch (kind)
            {
                case FailureKind.Unauthenticated: return "Run Connect-XtMigration again.";
                case FailureKind.Forbidden: return "Grant the permission named in the message, or sign in as a Microsoft 365 Migration Administrator.";
                case FailureKind.Throttled:
                case FailureKind.Unavailable: return "Try again later.";
                case FailureKind.Conflict: return "Check the job's status with Get-XtMigrationJob.";
                default: return null;
            }
        }
    }
}
