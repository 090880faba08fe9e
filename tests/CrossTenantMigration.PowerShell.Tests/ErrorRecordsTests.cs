using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using Xunit;

namespace CrossTenantMigration.PowerShell.Tests
{
    /// <summary>The one place where failures become ErrorRecords.</summary>
    public class ErrorRecordsTests
    {
        private static readonly MigrationJob Job = new MigrationJob { Id = "11111111-1111-1111-1111-111111111111", DisplayName = "wave-01", Status = JobStatus.Submitted };

        public static TheoryData<MigrationException, string, ErrorCategory> Cases() => new TheoryData<MigrationException, string, ErrorCategory>
        {
            { new InputValidationException(new InputError(ErrorIds.InvalidJobId, "Id", "The -Id parameter must be a job id.", "nope")), ErrorIds.InvalidJobId, ErrorCategory.InvalidArgument },
            { new NotConnectedException(), ErrorIds.NotConnected, ErrorCategory.ConnectionError },
            { new NotSandboxException("https://graph.microsoft.com/"), ErrorIds.NotSandbox, ErrorCategory.InvalidOperation },
            { new JobStatusException(ErrorIds.JobStatusNotMigratable, Job, "refused"), ErrorIds.JobStatusNotMigratable, ErrorCategory.InvalidOperation },
            { new WaitTimedOutException(Job, TimeSpan.FromSeconds(5)), ErrorIds.WaitTimedOut, ErrorCategory.OperationTimeout },
            { new JobNameConflictException(Job, "other users"), ErrorIds.JobNameConflict, ErrorCategory.ResourceExists },
            { new ReportNotWrittenException("/reports/wave.html", new IOException("disk full")), ErrorIds.ReportNotWritten, ErrorCategory.WriteError },
            { new SignInException(ErrorIds.SignInFailed, "no"), ErrorIds.SignInFailed, ErrorCategory.AuthenticationError },
            { new SignInException(ErrorIds.ManagedIdentityUnavailable, "late", timedOut: true), ErrorIds.ManagedIdentityUnavailable, ErrorCategory.OperationTimeout },
            { new ServiceException(ErrorIds.JobNotFound, FailureKind.NotFound, "404"), ErrorIds.JobNotFound, ErrorCategory.ObjectNotFound },
            { new ServiceException(ErrorIds.AuthenticationFailed, FailureKind.Unauthenticated, "401"), ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError },
            { new ServiceException(ErrorIds.PermissionDenied, FailureKind.Forbidden, "403"), ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied },
            { new ServiceException(ErrorIds.ServiceConflict, FailureKind.Conflict, "409"), ErrorIds.ServiceConflict, ErrorCategory.InvalidOperation },
            { new ServiceException(ErrorIds.JobNameExists, FailureKind.AlreadyExists, "409"), ErrorIds.JobNameExists, ErrorCategory.ResourceExists },
            { new ServiceException(ErrorIds.Throttled, FailureKind.Throttled, "429"), ErrorIds.Throttled, ErrorCategory.LimitsExceeded },
            { new ServiceException(ErrorIds.ServiceUnavailable, FailureKind.Unavailable, "503"), ErrorIds.ServiceUnavailable, ErrorCategory.ResourceUnavailable },
            { new ServiceException(ErrorIds.ConnectionFailed, FailureKind.Connection, "reset"), ErrorIds.ConnectionFailed, ErrorCategory.ConnectionError },
            { new ServiceException(ErrorIds.ServiceRejectedRequest, FailureKind.InvalidRequest, "400"), ErrorIds.ServiceRejectedRequest, ErrorCategory.InvalidArgument },
            { new ReportIncompleteException("/reports/wave.csv", new[] { "'wave-01' (11111111-1111-1111-1111-111111111111)" }), ErrorIds.ReportIncomplete, ErrorCategory.ReadError },
            { new ServiceException(ErrorIds.UntrustedNextLink, FailureKind.Untrusted, "next page elsewhere"), ErrorIds.UntrustedNextLink, ErrorCategory.SecurityError },
            { new ServiceException(ErrorIds.RepeatedNextLink, FailureKind.InvalidAnswer, "loop"), ErrorIds.RepeatedNextLink, ErrorCategory.InvalidResult },
            { new ServiceException(ErrorIds.TooManyPages, FailureKind.InvalidAnswer, "pages"), ErrorIds.TooManyPages, ErrorCategory.InvalidResult },
            { new ServiceException(ErrorIds.ResponseTooLarge, FailureKind.InvalidAnswer, "50 MB"), ErrorIds.ResponseTooLarge, ErrorCategory.InvalidResult },
            { new UserPrincipalNameNotResolvedException(new[] { DirectoryLookup.NotFound("adele@contoso.com") }), ErrorIds.UserPrincipalNameNotResolved, ErrorCategory.ObjectNotFound },
            { new UserPrincipalNameNotResolvedException(new[] { DirectoryLookup.NotFound("adele@contoso.com"), DirectoryLookup.Failed("alex@contoso.com", "HTTP 500") }),
                ErrorIds.UserPrincipalNameNotResolved, ErrorCategory.ResourceUnavailable },
            { new UserPrincipalNameNotResolvedException(new[] { DirectoryLookup.NotFound("adele@contoso.com"), DirectoryLookup.Refused("alex@contoso.com", "HTTP 403") }),
                ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Gives_each_failure_its_id_and_category(MigrationException failure, string errorId, ErrorCategory category)
        {
            var record = ErrorRecords.From(failure, "fallback");
            Assert.Equal(errorId, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            Assert.Same(failure, record.Exception);
        }

        [Fact]
        public void Targets_what_the_failure_concerns_before_what_the_cmdlet_was_given()
        {
            Assert.Same(Job, ErrorRecords.From(new JobStatusException(ErrorIds.JobStatusNotDeletable, Job, "no"), "wave-01").TargetObject);
            Assert.Equal("nope", ErrorRecords.From(new InputValidationException(new InputError(ErrorIds.InvalidUserId, "Id", "m", "nope")), "x").TargetObject);
            Assert.Equal("given", ErrorRecords.From(new ServiceException(ErrorIds.ServiceError, FailureKind.Other, "m"), "given").TargetObject);
        }

        [Fact]
        public void A_service_error_with_request_ids_recommends_what_to_do()
        {
            var record = ErrorRecords.From(new ServiceException(ErrorIds.Throttled, FailureKind.Throttled, "throttled [request-id r1]") { RequestId = "r1", GraphErrorCode = "activityLimitReached" });
            Assert.Equal("throttled [request-id r1]", record.ErrorDetails.Message);
            Assert.Equal("Try again later.", record.ErrorDetails.RecommendedAction);
        }

        [Fact]
        public void Every_error_id_is_documented_in_the_about_topic()
        {
            var about = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "about_CrossTenantMigration.help.txt"));
            var ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
            Assert.True(ids.Count > 40);
            Assert.All(ids, id => Assert.Contains(id, about));
        }

        [Fact]
        public void Every_exception_type_the_module_throws_has_a_category_of_its_own()
        {
            var types = typeof(MigrationException).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(MigrationException)) && !t.IsAbstract).ToList();
            var covered = Cases().Select(row => row[0].GetType()).Distinct().ToList();
            Assert.All(types, t => Assert.Contains(t, covered));
        }
    }
}
