using System;

namespace CrossTenantMigration
{
    /// <summary>What kind of failure, so that the PowerShell layer can pick an error category.</summary>
    public enum FailureKind
    {
        InvalidRequest,
        NotFound,
        Conflict,
        AlreadyExists,
        Unauthenticated,
        Forbidden,
        Throttled,
        Unavailable,
        Connection,
        Timeout,
        Other,
    }

    /// <summary>
    /// A failed call to the service, with what the service said: Graph error code and message,
    /// HTTP status and the ids Microsoft support asks for.
    /// </summary>
    public sealed class MigrationServiceException : Exception
    {
        public MigrationServiceException(string errorId, FailureKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }
        public FailureKind Kind { get; }
        public int? HttpStatus { get; set; }
        public string? GraphErrorCode { get; set; }
        public string? GraphErrorMessage { get; set; }
        public string? RequestId { get; set; }
        public string? ClientRequestId { get; set; }
        /// <summary>The job or user the failure concerns, when known.</summary>
        public string? Target { get; set; }
    }
}
