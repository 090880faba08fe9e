using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>
    /// A failure the module reports with a stable ErrorId. Each type gets its ErrorCategory in one
    /// place, the PowerShell layer's ErrorRecords.
    /// </summary>
    public abstract class MigrationException : Exception
    {
        protected MigrationException(string errorId, string message, Exception? inner = null)
            : base(message, inner) => ErrorId = errorId;

        public string ErrorId { get; }

        /// <summary>The job, user or value the failure concerns, when known.</summary>
        public object? Target { get; set; }
    }

    /// <summary>A cmdlet that needs a connection ran without one.</summary>
    public sealed class NotConnectedException : MigrationException
    {
        public NotConnectedException()
            : base(ErrorIds.NotConnected, "You are not connected. Run Connect-XtMigration first (Connect-XtMigration -Sandbox to rehearse against the in-memory service).") { }
    }

    /// <summary>A cmdlet that steers the sandbox ran on a connection to a real service.</summary>
    public sealed class NotSandboxException : MigrationException
    {
        public NotSandboxException(string endpoint)
            : base(ErrorIds.NotSandbox, $"The current connection ({endpoint}) is not a sandbox: only a sandbox can be steered, and nothing was sent. Connect with Connect-XtMigration -Sandbox first.") { }
    }

    /// <summary>An action the job's status does not allow, refused before anything was sent.</summary>
    public sealed class JobStatusException : MigrationException
    {
        public JobStatusException(string errorId, MigrationJob job, string message)
            : base(errorId, message) { Job = job; Target = job; }

        public MigrationJob Job { get; }
    }

    /// <summary>A wait ended before the job settled.</summary>
    public sealed class WaitTimedOutException : MigrationException
    {
        public WaitTimedOutException(MigrationJob job, TimeSpan timeout)
            : base(ErrorIds.WaitTimedOut, $"Job '{job.DisplayName}' ({job.Id}) is still {job.Status} after {timeout.TotalSeconds:0} s (-TimeoutSec). It goes on in the service; wait again with Wait-XtMigrationJob.")
        { Job = job; Target = job; }

        public MigrationJob Job { get; }
    }

    /// <summary>A report file could not be written; an earlier file of that name is left as it was.</summary>
    public sealed class ReportNotWrittenException : MigrationException
    {
        public ReportNotWrittenException(string path, Exception inner)
            : base(ErrorIds.ReportNotWritten, $"The report '{path}' could not be written: {inner.Message} Any earlier file of that name is left as it was.", inner)
        { Target = path; }
    }

    /// <summary>Some jobs of a report could not be read: no file is written, and an earlier one is left byte for byte.</summary>
    public sealed class ReportIncompleteException : MigrationException
    {
        public ReportIncompleteException(string path, IReadOnlyList<string> unreadJobs)
            : base(ErrorIds.ReportIncomplete,
                $"The report '{path}' was not written: {unreadJobs.Count} job(s) could not be read ({string.Join("; ", unreadJobs)}), and a report without them would under-count the wave. " +
                "Any earlier file of that name is left as it was. Export again once they can be read, or leave out a job that no longer exists.")
        { Target = path; UnreadJobs = unreadJobs; }

        /// <summary>The jobs that could not be read, as "'name' (id)".</summary>
        public IReadOnlyList<string> UnreadJobs { get; }
    }

    /// <summary>A job of the same display name exists with another definition.</summary>
    public sealed class JobNameConflictException : MigrationException
    {
        public JobNameConflictException(MigrationJob existing, string difference)
            : base(ErrorIds.JobNameConflict, $"A job named '{existing.DisplayName}' already exists (id {existing.Id}, status {existing.Status}) with a different definition: {difference}. Choose another -DisplayName, or remove that job first.")
        { Existing = existing; Target = existing.DisplayName; }

        public MigrationJob Existing { get; }
    }

    /// <summary>Signing in failed; the ErrorId says how (SignInFailed, ManagedIdentityUnavailable, ...).</summary>
    public sealed class SignInException : MigrationException
    {
        public SignInException(string errorId, string message, Exception? inner = null, bool timedOut = false)
            : base(errorId, message, inner) => TimedOut = timedOut;

        /// <summary>The sign-in was abandoned after its time limit, rather than refused.</summary>
        public bool TimedOut { get; }
    }

    /// <summary>
    /// User principal names given for a job that the directory did not resolve, each named with why: nothing was
    /// created. When the directory refused any, the ErrorId is PermissionDenied and the message names the permission,
    /// the one thing to fix first; else it is UserPrincipalNameNotResolved.
    /// </summary>
    public sealed class UserPrincipalNameNotResolvedException : MigrationException
    {
        /// <summary>The most names a message lists; the error's target holds them all.</summary>
        public const int NamesListed = 50;

        public UserPrincipalNameNotResolvedException(IReadOnlyList<DirectoryLookup> unresolved)
            : base(unresolved.Any(IsRefused) ? ErrorIds.PermissionDenied : ErrorIds.UserPrincipalNameNotResolved, MessageFor(unresolved))
        {
            Unresolved = unresolved;
            Target = unresolved;
        }

        /// <summary>Each name that was not resolved, with the directory's answer.</summary>
        public IReadOnlyList<DirectoryLookup> Unresolved { get; }

        /// <summary>Whether the directory refused the token: the permission is missing.</summary>
        public bool PermissionMissing => Unresolved.Any(IsRefused);

        /// <summary>Whether every name is simply not in the directory.</summary>
        public bool AllNotFound => Unresolved.All(u => u.Status == DirectoryLookupStatus.NotFound);

        private static bool IsRefused(DirectoryLookup lookup) => lookup.Status == DirectoryLookupStatus.Refused;

        private static string MessageFor(IReadOnlyList<DirectoryLookup> unresolved)
        {
            var listed = string.Join(", ", unresolved.Take(NamesListed).Select(u => u.Describe()));
            if (unresolved.Count > NamesListed) listed += $" and {unresolved.Count - NamesListed} more (the error's TargetObject lists them all)";
            var names = $"{unresolved.Count} user principal name(s) could not be resolved in the target tenant's directory: {listed}. No job was created.";
            return unresolved.Any(IsRefused)
                ? $"The directory refused to look up users: {DirectoryPermissions.Advice} {names}"
                : $"{names} Correct or remove those names (a name not found may be misspelt, or not yet in the target tenant), then run the command again.";
        }
    }

    /// <summary>What kind of failure a call to the service met, so that a category can be chosen.</summary>
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
        /// <summary>The service pointed outside the connection's endpoint (a next-page link to another origin or version).</summary>
        Untrusted,
        /// <summary>An answer no real service gives, refused before more is sent or read: pages without end, a body too large.</summary>
        InvalidAnswer,
    }

    /// <summary>
    /// A failed call to the service, with what the service said: Graph error code and message,
    /// HTTP status and the ids Microsoft support asks for.
    /// </summary>
    public sealed class ServiceException : MigrationException
    {
        public ServiceException(string errorId, FailureKind kind, string message, Exception? inner = null)
            : base(errorId, message, inner) => Kind = kind;

        public FailureKind Kind { get; }
        public int? HttpStatus { get; set; }
        public string? GraphErrorCode { get; set; }
        public string? GraphErrorMessage { get; set; }
        public string? RequestId { get; set; }
        public string? ClientRequestId { get; set; }

        /// <summary>An action was sent and no answer came back (504, dropped connection): it may or may not have taken effect.</summary>
        public bool OutcomeUnknown { get; set; }

        /// <summary>The same failure, told with another message (the service's details kept).</summary>
        public ServiceException WithMessage(string message) => new ServiceException(ErrorId, Kind, message, this)
        {
            HttpStatus = HttpStatus, GraphErrorCode = GraphErrorCode, GraphErrorMessage = GraphErrorMessage,
            RequestId = RequestId, ClientRequestId = ClientRequestId, Target = Target,
        };
    }
}
