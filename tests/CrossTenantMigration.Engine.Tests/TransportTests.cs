using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Emulator;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>The transport (routes and JSON) against the emulator in memory, the clock driven by the test.</summary>
    public class TransportTests
    {
        private readonly MigrationServiceEmulator _emulator = new MigrationServiceEmulator(new EmulatorOptions { StepDuration = TimeSpan.FromMinutes(1) });
        private readonly CancellationToken _none = CancellationToken.None;

        private MigrationConnection ConnectToSandbox(string apiVersion = "v1.0") =>
            MigrationTransportFactory.Connect(new ConnectionOptions { SignInKind = SignInKind.Sandbox, ApiVersion = apiVersion, Sandbox = _emulator });

        private IMigrationTransport Connect(string apiVersion = "v1.0") => ConnectToSandbox(apiVersion).Transport;

        internal static JobDefinition Definition(params string[] users) => JobDefinitionRules.Normalize(new JobDefinition
        {
            DisplayName = "wave-" + Guid.NewGuid().ToString("N").Substring(0, 8),
            SourceTenantId = "12345678-1234-1234-1234-123456789012",
            CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(3),
            Resources = users.Length > 0 ? users : new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() },
            Workloads = new[] { "Exchange", "Teams" },
            TargetDeliveryDomain = "fabrikam.onmicrosoft.com",
        }, DateTimeOffset.UtcNow);

        private void Steps(int count) => _emulator.Clock.Advance(TimeSpan.FromMinutes(count));

        private async Task<List<MigrationUser>> Users(IMigrationTransport transport, string jobId)
        {
            var users = new List<MigrationUser>();
            await transport.ListUsersAsync(jobId, users.AddRange, _none);
            return users;
        }

        [Theory]
        [InlineData("v1.0")]
        [InlineData("beta")]
        public async Task Runs_the_whole_lifecycle(string apiVersion)
        {
            using var transport = Connect(apiVersion);
            var job = await transport.CreateJobAsync(Definition(), _none);
            Assert.Equal(JobStatus.Submitted, job.Status);
            Assert.Equal(2, job.Resources.Length);

            job = await transport.ValidateJobAsync(job.Id, _none);
            Assert.Equal(JobStatus.ValidateSubmitted, job.Status);
            Steps(3);
            Assert.Equal(JobStatus.ValidatePassed, (await transport.GetJobAsync(job.Id, _none)).Status);
            Assert.All(await Users(transport, job.Id), u => Assert.Equal("valid", u.ExchangeStatus));

            job = await transport.MigrateJobAsync(job.Id, _none);
            Assert.Equal(JobStatus.Processing, job.Status);
            Assert.Equal("migrate", job.JobType);
            Steps(2);
            Assert.Equal(JobStatus.InProgress, (await transport.GetJobAsync(job.Id, _none)).Status);
            _emulator.Clock.Advance(TimeSpan.FromDays(3));
            Steps(2);
            var done = await transport.GetJobByDisplayNameAsync(job.DisplayName, _none);
            Assert.Equal(JobStatus.Completed, done.Status);
            Assert.All(await Users(transport, job.Id), u => { Assert.Equal("completed", u.ExchangeStatus); Assert.Equal("completed", u.TeamsStatus); Assert.Null(u.ODSPStatus); });
        }

        [Fact]
        public async Task Reads_quirky_answers_into_documented_spellings()
        {
            using var transport = Connect();
            var created = await transport.CreateJobAsync(Definition(), _none);
            var read = await transport.GetJobAsync(created.Id, _none);
            Assert.Equal("Users", read.ResourceType);
            Assert.Equal(new[] { "Exchange", "Teams" }, read.Workloads);
            Assert.Empty(read.Resources);
            Assert.Null(read.UserCount);
        }

        [Fact]
        public async Task Lists_every_job_across_pages()
        {
            using var transport = Connect();
            for (var i = 0; i < 45; i++) await transport.CreateJobAsync(Definition(), _none);
            Assert.Equal(45, (await transport.ListJobsAsync(_none)).Count);
            Assert.Equal(3, _emulator.GetStatistics().ByMethod["GET"]);
        }

        [Fact]
        public async Task Hands_over_users_a_page_at_a_time()
        {
            using var transport = Connect();
            var users = new string[45];
            for (var i = 0; i < users.Length; i++) users[i] = Guid.NewGuid().ToString();
            var job = await transport.CreateJobAsync(Definition(users), _none);
            var pages = new List<int>();
            await transport.ListUsersAsync(job.Id, page => pages.Add(page.Count), _none);
            Assert.Equal(new[] { 20, 20, 5 }, pages);
        }

        [Fact]
        public async Task Turns_service_errors_into_stable_ids_with_request_ids()
        {
            using var transport = Connect();
            var notFound = await Assert.ThrowsAsync<ServiceException>(() => transport.GetJobAsync(Guid.NewGuid().ToString(), _none));
            Assert.Equal(ErrorIds.JobNotFound, notFound.ErrorId);
            Assert.Equal(FailureKind.NotFound, notFound.Kind);
            Assert.Equal(404, notFound.HttpStatus);
            Assert.False(string.IsNullOrEmpty(notFound.RequestId));
            Assert.False(string.IsNullOrEmpty(notFound.ClientRequestId));
            Assert.Contains(notFound.RequestId!, notFound.Message);

            var definition = Definition();
            await transport.CreateJobAsync(definition, _none);
            var exists = await Assert.ThrowsAsync<ServiceException>(() => transport.CreateJobAsync(definition, _none));
            Assert.Equal(ErrorIds.JobNameExists, exists.ErrorId);
            Assert.Equal(FailureKind.AlreadyExists, exists.Kind);

            var job = await transport.CreateJobAsync(Definition(), _none);
            var conflict = await Assert.ThrowsAsync<ServiceException>(() => transport.MigrateJobAsync(job.Id, _none));
            Assert.Equal(ErrorIds.ServiceConflict, conflict.ErrorId);
            Assert.Equal(FailureKind.Conflict, conflict.Kind);
            Assert.Contains("submitted", conflict.Message);

            var missingUser = await Assert.ThrowsAsync<ServiceException>(() => transport.GetUserAsync(job.Id, Guid.NewGuid().ToString(), _none));
            Assert.Equal(ErrorIds.UserNotFound, missingUser.ErrorId);
        }

        [Fact]
        public async Task A_read_only_token_writing_is_told_which_permission_it_needs()
        {
            var token = _emulator.IssueToken(new TokenRequest { Scopes = new[] { "CrossTenantContentMigration.Read.All" } });
            using var secure = new SecureString();
            foreach (var c in token.AccessToken) secure.AppendChar(c);
            // The token goes over the emulator's in-memory handler through an http loopback URL.
            using var connection = MigrationTransportFactory.Connect(new ConnectionOptions
            {
                SignInKind = SignInKind.AccessToken,
                AccessToken = secure,
                Endpoint = new Uri("http://127.0.0.1:1"),
                NetworkHandler = _emulator.CreateHandler(),
            });
            var transport = connection.Transport;
            await transport.ListJobsAsync(_none);
            var denied = await Assert.ThrowsAsync<ServiceException>(() => transport.CreateJobAsync(Definition(), _none));
            Assert.Equal(ErrorIds.PermissionDenied, denied.ErrorId);
            Assert.Contains("CrossTenantContentMigration.ReadWrite.All", denied.Message);
            Assert.Contains("Migration Administrator", denied.Message);
            Assert.Equal(SignInKind.AccessToken, transport.Context.SignInKind);
            Assert.Null(connection.Steering);
            Assert.Equal(TimeSpan.FromSeconds(15), connection.DefaultPollInterval);
        }

        [Fact]
        public async Task A_success_that_is_not_JSON_is_a_service_error_and_an_action_of_unknown_outcome()
        {
            using var secure = new SecureString();
            foreach (var c in "not-a-jwt") secure.AppendChar(c);
            using var transport = MigrationTransportFactory.Connect(new ConnectionOptions
            {
                SignInKind = SignInKind.AccessToken,
                AccessToken = secure,
                Endpoint = new Uri("http://127.0.0.1:1"),
                NetworkHandler = new HtmlPageHandler(),
            }).Transport;
            var read = await Assert.ThrowsAsync<ServiceException>(() => transport.GetJobAsync("a2b3c4d5-0000-0000-0000-000000000001", _none));
            Assert.Equal(ErrorIds.ServiceError, read.ErrorId);
            Assert.Contains("not the JSON this API documents", read.Message);
            Assert.False(read.OutcomeUnknown);
            var created = await Assert.ThrowsAsync<ServiceException>(() => transport.CreateJobAsync(Definition(), _none));
            Assert.True(created.OutcomeUnknown, "a create whose answer cannot be read must be read back, not repeated");
        }

        private sealed class HtmlPageHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>Signed out</html>", Encoding.UTF8, "text/html") });
        }

        [Fact]
        public void A_sandbox_connection_names_its_sandbox_and_tenant()
        {
            using var connection = ConnectToSandbox();
            Assert.Same(_emulator, connection.Steering);
            Assert.Equal(TimeSpan.FromSeconds(1), connection.DefaultPollInterval);
            Assert.Equal(SignInKind.Sandbox, connection.Context.SignInKind);
            Assert.Equal(_emulator.Options.TargetTenantId, connection.Context.TenantId);
        }

        [Fact]
        public async Task Lists_jobs_by_display_name_through_the_filter()
        {
            using var transport = Connect();
            var wanted = await transport.CreateJobAsync(Definition(), _none);
            await transport.CreateJobAsync(Definition(), _none);
            var found = await transport.ListJobsByDisplayNameAsync(wanted.DisplayName, _none);
            Assert.Equal(wanted.Id, Assert.Single(found).Id);
        }

        [Fact]
        public async Task Keeps_the_services_clock_from_the_Date_of_its_answers()
        {
            using var transport = Connect();
            _emulator.Clock.Advance(TimeSpan.FromDays(8));
            Assert.InRange((transport.ServiceNow - DateTimeOffset.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromMinutes(1));
            await transport.ListJobsAsync(_none);
            Assert.InRange((transport.ServiceNow - _emulator.Clock.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }
    }
}
