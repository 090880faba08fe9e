using System.Management.Automation;

namespace CrossTenantMigration
{
    /// <summary>
    /// The one place where the module's failures become ErrorRecords: each exception type has its
    /// category here, and every ErrorId comes from the exception (never from a type name).
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(MigrationException exception, object? target = null)
        {
            var record = new ErrorRecord(exception, exception.ErrorId, CategoryOf(exception), exception.Target ?? target);
            if (exception is ServiceException service && (service.RequestId != null || service.GraphErrorCode != null))
                record.ErrorDetails = new ErrorDetails(service.Message) { RecommendedAction = RecommendedAction(service.Kind) };
            return record;
        }

        public static ErrorCategory CategoryOf(MigrationException exception)
        {
            switch (exception)
            {
                case InputValidationException _: return ErrorCategory.InvalidArgument;
                case NotConnectedException _: return ErrorCategory.ConnectionError;
                case NotSandboxException _: return ErrorCategory.InvalidOperation;
                case JobStatusException _: return ErrorCategory.InvalidOperation;
                case WaitTimedOutException _: return ErrorCategory.OperationTimeout;
                case JobNameConflictException _: return ErrorCategory.ResourceExists;
                case ReportNotWrittenException _: return ErrorCategory.WriteError;
                case ReportIncompleteException _: return ErrorCategory.ReadError;
                case UserPrincipalNameNotResolvedException names:
                    return names.PermissionMissing ? ErrorCategory.PermissionDenied
                        : names.AllNotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.ResourceUnavailable;
                case SignInException signIn: return signIn.TimedOut ? ErrorCategory.OperationTimeout : ErrorCategory.AuthenticationError;
                case ServiceException service: return CategoryOf(service.Kind);
                default: return ErrorCategory.NotSpecified;
            }
        }

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
                case FailureKind.Untrusted: return ErrorCategory.SecurityError;
                case FailureKind.InvalidAnswer: return ErrorCategory.InvalidResult;
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
