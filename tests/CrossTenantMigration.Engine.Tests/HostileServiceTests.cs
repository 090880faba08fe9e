using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>
    /// The transport against a service that answers what no real one would: links elsewhere, links that
    /// never end, items that are not items, answers without end, waits without end. What it answers may
    /// stop a command with a clear error; it never sends the token elsewhere and never runs away.
    /// </summary>
    public class HostileServiceTests
    {
        private const string Endpoint = "https://graph.test";
        private const string JobsUrl = Endpoint + "/v1.0/solutions/migrations/crossTenantMigrationJobs";
        private const string JobId = "a2b3c4d5-0000-0000-0000-000000000001";
        private const string UsersUrl = JobsUrl + "/" + JobId + "/users";
        private readonly CancellationToken _none = CancellationToken.None;

        /// <summary>The network, answered by a function of the request and its number (1 for the first); records every request.</summary>
        private sealed class FakeService : HttpMessageHandler
        {
            private readonly Func<HttpRequestMessage, int, HttpResponseMessage> _answer;
            public FakeService(Func<HttpRequestMessage, int, HttpResponseMessage> answer) => _answer = answer;
            public List<Uri> Requests { get; } = new List<Uri>();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                int number;
                lock (Requests)
                {
                    Requests.Add(request.RequestUri!);
                    number = Requests.Count;
                }
                return Task.FromResult(_answer(request, number));
            }
        }

        private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

        private static string Job(string id = JobId) => $"{{\"id\":\"{id}\",\"displayName\":\"wave\",\"status\":\"submitted\"}}";

        /// <summary>A page of one item, with a nextLink when one is given.</summary>
        private static HttpResponseMessage Page(string item, string? nextLink) =>
            Json("{" + (nextLink != null ? $"\"@odata.nextLink\":{System.Text.Json.JsonSerializer.Serialize(nextLink)}," : "") + $"\"value\":[{item}]}}");

        private static IMigrationTransport Connect(FakeService service, TimeSpan? maxRetryDelay = null)
        {
            var token = new SecureString();
            foreach (var c in "not-a-jwt") token.AppendChar(c);
            return MigrationTransportFactory.Connect(new ConnectionOptions
            {
                SignInKind = SignInKind.AccessToken,
                AccessToken = token,
                Endpoint = new Uri(Endpoint),
                NetworkHandler = service,
                MaxRetryDelay = maxRetryDelay ?? TimeSpan.FromMinutes(2),
            }).Transport;
        }

        [Theory]
        [InlineData("https://evil.test/v1.0/solutions/migrations/crossTenantMigrationJobs?$skiptoken=SECRET", "https://evil.test:443")]
        [InlineData("https://graph.test:8443/v1.0/solutions/migrations/crossTenantMigrationJobs?$skiptoken=SECRET", "https://graph.test:8443")]
        [InlineData("http://graph.test/v1.0/solutions/migrations/crossTenantMigrationJobs?$skiptoken=SECRET", "http://graph.test:80")]
        [InlineData("https://graph.test/beta/solutions/migrations/crossTenantMigrationJobs?$skiptoken=SECRET", "another path of https://graph.test:443")]
        [InlineData("https://graph.test/v1.0/../beta/solutions/migrations/crossTenantMigrationJobs?$skiptoken=SECRET", "another path of https://graph.test:443")]
        [InlineData("https://SECRET:SECRET@graph.test/v1.0/solutions/migrations/crossTenantMigrationJobs", "with a user name")]
        [InlineData("/v1.0/solutions/migrations/crossTenantMigrationJobs?$skiptoken=SECRET", "a relative or malformed address")]
        [InlineData("v1.0/solutions/migrations/crossTenantMigrationJobs?$skiptoken=SECRET", "a relative or malformed address")]
        [InlineData("file:///etc/SECRET", "a file: address")]
        [InlineData("http://[SECRET", "a relative or malformed address")]
        public async Task A_next_link_outside_the_connections_endpoint_is_not_followed(string nextLink, string said)
        {
            var service = new FakeService((request, number) => Page(Job(), number == 1 ? nextLink : null));
            using var transport = Connect(service);

            var refused = await Assert.ThrowsAsync<ServiceException>(() => transport.ListJobsAsync(_none));

            Assert.Equal(ErrorIds.UntrustedNextLink, refused.ErrorId);
            Assert.Equal(FailureKind.Untrusted, refused.Kind);
            Assert.Equal(new[] { new Uri(JobsUrl) }, service.Requests);
            Assert.Contains("points outside the connection's endpoint", refused.Message);
            Assert.Contains("not followed", refused.Message);
            Assert.Contains(said, refused.Message);
            Assert.DoesNotContain("SECRET", refused.Message);
        }

        [Fact]
        public async Task A_next_link_of_a_users_list_to_another_host_is_not_followed()
        {
            var service = new FakeService((request, number) =>
                Page("{\"id\":\"u1\"}", number == 1 ? "https://evil.test/v1.0/solutions/migrations/crossTenantMigrationJobs/" + JobId + "/users?$skiptoken=2" : null));
            using var transport = Connect(service);
            var users = new List<MigrationUser>();

            var refused = await Assert.ThrowsAsync<ServiceException>(() => transport.ListUsersAsync(JobId, users.AddRange, _none));

            Assert.Equal(ErrorIds.UntrustedNextLink, refused.ErrorId);
            Assert.Equal(new[] { new Uri(UsersUrl) }, service.Requests);
            Assert.Equal("u1", Assert.Single(users).Id);
        }

        [Fact]
        public async Task Next_links_under_the_service_root_are_followed()
        {
            var service = new FakeService((request, number) =>
                Page(Job(Guid.NewGuid().ToString()), number < 3 ? "https://GRAPH.test:443/v1.0/solutions/migrations/crossTenantMigrationJobs?$skiptoken=" + number : null));
            using var transport = Connect(service);

            Assert.Equal(3, (await transport.ListJobsAsync(_none)).Count);
            Assert.Equal(3, service.Requests.Count);
        }

        [Theory]
        [InlineData(JobsUrl + "?$skiptoken=2", JobsUrl + "?$skiptoken=2")] // a page that names itself
        [InlineData(JobsUrl + "?$skiptoken=2", JobsUrl)]                   // a page that names the first
        [InlineData(JobsUrl + "?$skiptoken=2", "https://GRAPH.TEST:443/v1.0/solutions/migrations/crossTenantMigrationJobs")]
        [InlineData(JobsUrl + "?$skiptoken=2#1", JobsUrl + "?$skiptoken=2#2")]      // a fragment is never sent: the same page
        public async Task A_next_link_back_to_a_page_already_read_ends_the_listing(string second, string third)
        {
            // Without the check the links would go round for ever: the fake ends them after 50 pages.
            var service = new FakeService((request, number) =>
                Page(Job(Guid.NewGuid().ToString()), number == 1 ? second : number < 50 ? third : null));
            using var transport = Connect(service);

            var refused = await Assert.ThrowsAsync<ServiceException>(() => transport.ListJobsAsync(_none));

            Assert.Equal(ErrorIds.RepeatedNextLink, refused.ErrorId);
            Assert.Equal(FailureKind.InvalidAnswer, refused.Kind);
            Assert.Equal(2, service.Requests.Count);
            Assert.Contains("already read", refused.Message);
        }

        [Fact]
        public async Task A_listing_that_runs_past_the_most_pages_ends_there()
        {
            var service = new FakeService((request, number) =>
                Page(Job(Guid.NewGuid().ToString()), number < 50 ? JobsUrl + "?$skiptoken=" + number : null));
            using var transport = Connect(service);
            ((RestMigrationTransport)transport).MaxPages = 5;

            var refused = await Assert.ThrowsAsync<ServiceException>(() => transport.ListJobsAsync(_none));

            Assert.Equal(ErrorIds.TooManyPages, refused.ErrorId);
            Assert.Equal(FailureKind.InvalidAnswer, refused.Kind);
            Assert.Equal(5, service.Requests.Count);
        }

        [Theory]
        [InlineData("{\"value\":[null]}", "not a job")]
        [InlineData("{\"value\":[42]}", "not a job")]
        [InlineData("{\"value\":[\"a2b3c4d5-0000-0000-0000-000000000001\"]}", "not a job")]
        [InlineData("{\"value\":[[]]}", "not a job")]
        [InlineData("{\"value\":[{}]}", "not a job")]
        [InlineData("{\"value\":[{\"id\":\"\"}]}", "not a job")]
        [InlineData("{\"value\":[{\"id\":7}]}", "not a job")]
        [InlineData("{\"value\":[{\"id\":\"j1\"},{\"displayName\":\"no id\"}]}", "not a job")]
        [InlineData("{}", "without its list")]
        [InlineData("{\"value\":null}", "without its list")]
        [InlineData("{\"value\":{\"id\":\"j1\"}}", "without its list")]
        [InlineData("[]", "without its list")]
        public async Task A_page_of_jobs_that_lists_something_else_is_a_service_error(string page, string said)
        {
            using var transport = Connect(new FakeService((request, number) => Json(page)));

            var error = await Assert.ThrowsAsync<ServiceException>(() => transport.ListJobsAsync(_none));

            Assert.Equal(ErrorIds.ServiceError, error.ErrorId);
            Assert.Contains(said, error.Message);
        }

        [Theory]
        [InlineData("{\"value\":[{\"taskType\":\"crossTenantMigration\"}]}")]
        [InlineData("{\"value\":[null]}")]
        public async Task A_page_of_users_that_lists_something_else_is_a_service_error(string page)
        {
            using var transport = Connect(new FakeService((request, number) => Json(page)));
            var users = new List<MigrationUser>();

            var error = await Assert.ThrowsAsync<ServiceException>(() => transport.ListUsersAsync(JobId, users.AddRange, _none));

            Assert.Equal(ErrorIds.ServiceError, error.ErrorId);
            Assert.Contains("not a user", error.Message);
            Assert.Empty(users);
        }

        [Theory]
        [InlineData("null")]
        [InlineData("[]")]
        [InlineData("\"a2b3c4d5-0000-0000-0000-000000000001\"")]
        [InlineData("{}")]
        [InlineData("{\"id\":\"\"}")]
        public async Task A_job_that_is_not_an_object_with_an_id_is_a_service_error(string body)
        {
            using var transport = Connect(new FakeService((request, number) => Json(body)));

            var error = await Assert.ThrowsAsync<ServiceException>(() => transport.GetJobAsync(JobId, _none));

            Assert.Equal(ErrorIds.ServiceError, error.ErrorId);
            Assert.Contains("not a job", error.Message);
        }

        [Fact]
        public async Task Any_other_failure_of_a_call_is_a_service_error_not_a_dotnet_exception()
        {
            using var transport = Connect(new FakeService((request, number) => throw new InvalidOperationException("the handler broke")));

            var error = await Assert.ThrowsAsync<ServiceException>(() => transport.GetJobAsync(JobId, _none));

            Assert.Equal(ErrorIds.ServiceError, error.ErrorId);
            Assert.Contains("the handler broke", error.Message);
        }

        [Fact]
        public async Task A_failure_of_the_code_a_page_is_handed_to_is_its_own_not_the_services()
        {
            using var transport = Connect(new FakeService((request, number) => Page("{\"id\":\"u1\"}", null)));
            var stopped = new InvalidOperationException("the pipeline stopped");

            var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.ListUsersAsync(JobId, _ => throw stopped, _none));

            Assert.Same(stopped, thrown);
        }

        [Fact]
        public async Task A_read_whose_answer_is_too_large_is_refused_once_and_an_actions_success_is_read_back()
        {
            var tooLarge = new string(' ', Http.ResilienceHandler.MaxResponseBytes + 1);
            var service = new FakeService((request, number) => Json(tooLarge));
            using var transport = Connect(service);

            var read = await Assert.ThrowsAsync<ServiceException>(() => transport.GetJobAsync(JobId, _none));
            Assert.Equal(ErrorIds.ResponseTooLarge, read.ErrorId);
            Assert.Equal(FailureKind.InvalidAnswer, read.Kind);
            Assert.False(read.OutcomeUnknown);
            Assert.Single(service.Requests);

            var action = await Assert.ThrowsAsync<ServiceException>(() => transport.ValidateJobAsync(JobId, _none));
            Assert.Equal(ErrorIds.ResponseTooLarge, action.ErrorId);
            Assert.True(action.OutcomeUnknown, "the service carried the action out: what it did is read back, never repeated");
            Assert.Equal(2, service.Requests.Count);
        }

        [Theory]
        [InlineData(429, "Throttled")]
        [InlineData(503, "ServiceUnavailable")]
        public async Task A_Retry_After_beyond_the_longest_wait_allowed_fails_at_once_and_says_so(int status, string errorId)
        {
            var service = new FakeService((request, number) =>
            {
                var answer = Json("{\"error\":{\"code\":\"tooManyRequests\",\"message\":\"Slow down.\"}}", (HttpStatusCode)status);
                answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(100000));
                return answer;
            });
            using var transport = Connect(service, maxRetryDelay: TimeSpan.FromSeconds(5));

            var error = await Assert.ThrowsAsync<ServiceException>(() => transport.GetJobAsync(JobId, _none));

            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(status, error.HttpStatus);
            Assert.Single(service.Requests);
            Assert.Contains("asked to wait 100000 s", error.Message);
            Assert.Contains("-MaxRetryWaitSec (5 s)", error.Message);
        }
    }
}
