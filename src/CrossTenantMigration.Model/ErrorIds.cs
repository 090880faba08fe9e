namespace CrossTenantMigration
{
    /// <summary>
    /// Stable error identifiers. Scripts and tests match on them, so an id never changes meaning;
    /// about_CrossTenantMigration lists each one.
    /// </summary>
    public static class ErrorIds
    {
        // Input rules, checked before any request.
        public const string InvalidDisplayName = "InvalidDisplayName";
        public const string InvalidSourceTenantId = "InvalidSourceTenantId";
        public const string InvalidResourceCount = "InvalidResourceCount";
        public const string InvalidResourceId = "InvalidResourceId";
        public const string DuplicateResourceId = "DuplicateResourceId";
        public const string InvalidResourceType = "InvalidResourceType";
        public const string InvalidWorkload = "InvalidWorkload";
        public const string TargetDeliveryDomainRequired = "TargetDeliveryDomainRequired";
        public const string InvalidTargetDeliveryDomain = "InvalidTargetDeliveryDomain";
        public const string InvalidSourceEndpoint = "InvalidSourceEndpoint";
        public const string CompleteAfterDateTimeNotInFuture = "CompleteAfterDateTimeNotInFuture";
        public const string InvalidJobId = "InvalidJobId";
        public const string InvalidUserId = "InvalidUserId";
        public const string InvalidEndpoint = "InvalidEndpoint";
        public const string InsecureEndpoint = "InsecureEndpoint";
        public const string InvalidAccessToken = "InvalidAccessToken";
        public const string NotConnected = "NotConnected";
        public const string NotSandbox = "NotSandbox";
        public const string InvalidSandboxTime = "InvalidSandboxTime";
        public const string MissingSignInParameter = "MissingSignInParameter";
        public const string CertificateNotFound = "CertificateNotFound";
        public const string InvalidReportFormat = "InvalidReportFormat";
        public const string InvalidCertificate = "InvalidCertificate";
        public const string ConflictingResourceId = "ConflictingResourceId";
        public const string InvalidUserPrincipalName = "InvalidUserPrincipalName";

        // Signing in.
        public const string SignInFailed = "SignInFailed";
        public const string InteractiveSignInUnavailable = "InteractiveSignInUnavailable";
        public const string ManagedIdentityUnavailable = "ManagedIdentityUnavailable";
        public const string EnvironmentNotConfigured = "EnvironmentNotConfigured";

        // State of a job, checked before sending.
        public const string JobStatusNotMigratable = "JobStatusNotMigratable";
        public const string JobStatusNotValidatable = "JobStatusNotValidatable";
        public const string JobStatusNotCancellable = "JobStatusNotCancellable";
        public const string JobStatusNotDeletable = "JobStatusNotDeletable";
        public const string ValidationExpired = "ValidationExpired";
        public const string WaitTimedOut = "WaitTimedOut";

        // Writing files.
        public const string ReportNotWritten = "ReportNotWritten";
        public const string ReportIncomplete = "ReportIncomplete";

        // The service's answers.
        public const string JobNotFound = "JobNotFound";
        public const string UserNotFound = "UserNotFound";
        public const string JobNameExists = "JobNameExists";
        public const string JobNameConflict = "JobNameConflict";
        public const string ServiceConflict = "ServiceConflict";
        public const string ServiceRejectedRequest = "ServiceRejectedRequest";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string PermissionDenied = "PermissionDenied";
        public const string Throttled = "Throttled";
        public const string ServiceUnavailable = "ServiceUnavailable";
        public const string ServiceError = "ServiceError";
        public const string ConnectionFailed = "ConnectionFailed";

        // The target tenant's directory: user principal names that name no user it would give.
        public const string UserPrincipalNameNotResolved = "UserPrincipalNameNotResolved";

        // Answers the module does not trust: refused before anything more is sent.
        public const string UntrustedNextLink = "UntrustedNextLink";
        public const string RepeatedNextLink = "RepeatedNextLink";
        public const string TooManyPages = "TooManyPages";
        public const string ResponseTooLarge = "ResponseTooLarge";
    }
}
