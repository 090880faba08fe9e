using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>
    /// The corners where the sandbox follows the documentation literally, and the switches that let a client
    /// be tested against a service that lacks what the documentation does not promise.
    /// </summary>
    public class DocumentedCornersTests
    {
        private const string Root = "/v1.0/solutions/migrations/crossTenantMigrationJobs";

        [Fact]
        public async Task A_job_names_only_Exchange_ODSP_and_Teams_and_each_user_reports_Teams_meetings_with_Teams()
        {
            using var svc = new TestService();
            var refused = await svc.PostAsync(Root, svc.JobBody("meeting", workloads: new[] { "Teams", "Meeting" }));
            var message = await ExpectErrorAsync(refused, HttpStatusCode.BadRequest, "invalidRequest");
            Assert.Contains("Supported workloads are Teams, Exchange, and ODSP", message);

            string user = NewUser();
            var teams = await svc.CreateAsync("teams", new[] { user }, workloads: new[] { "Teams" });
            Assert.Equal(new[] { "Meeting", "Teams" }, (await svc.WorkloadStatusesAsync((string)teams["id"]!, user)).Keys.OrderBy(k => k));
            string other = NewUser();
            var odsp = await svc.CreateAsync("odsp", new[] { other }, workloads: new[] { "ODSP" });
            Assert.Equal(new[] { "ODSP" }, (await svc.WorkloadStatusesAsync((string)odsp["id"]!, other)).Keys);
        }

        [Fact]
        public async Task The_alternate_key_can_be_refused_as_by_a_service_without_it_while_the_filter_still_finds_the_job()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("keyless");
            svc.Sandbox.Options.RefuseAlternateKey = true;
            var refused = await svc.Client.GetAsync($"{Root}(displayName='keyless')");
            await ExpectErrorAsync(refused, HttpStatusCode.BadRequest, "invalidRequest");
            var listed = await ExpectAsync(await svc.Client.GetAsync($"{Root}?$filter=displayName eq 'keyless'"), HttpStatusCode.OK);
            Assert.Equal((string)job["id"]!, (string)listed["value"]![0]!["id"]!);

            svc.Sandbox.Options.RefuseDisplayNameFilter = true;
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}?$filter=displayName eq 'keyless'"), HttpStatusCode.BadRequest, "invalidRequest");
            await ExpectAsync(await svc.Client.GetAsync($"{Root}?$filter=status eq 'submitted'"), HttpStatusCode.OK);
        }

        [Fact]
        public async Task A_job_told_to_need_an_administrator_stops_in_adminActionRequired_at_its_next_step_and_stays()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("needs-admin");
            string id = (string)job["id"]!;
            svc.Sandbox.Options.AdminActionRequired.Add("needs-admin");
            await svc.ActionAsync(id, "validate");
            Assert.Equal("validateSubmitted", await svc.StatusAsync(id));
            svc.Advance();
            Assert.Equal("adminActionRequired", await svc.StatusAsync(id));
            Assert.Contains("administrator", (string)(await svc.GetJobAsync(id))["message"]!);
            svc.Advance(20);
            Assert.Equal("adminActionRequired", await svc.StatusAsync(id));
        }

        [Fact]
        public async Task Every_answer_carries_the_sandbox_clock_in_its_Date_header()
        {
            using var svc = new TestService();
            svc.Advance(TimeSpan.FromDays(9));
            var response = await svc.Client.GetAsync(Root);
            Assert.True(response.Headers.Date.HasValue);
            Assert.InRange((response.Headers.Date!.Value - svc.Sandbox.Clock.UtcNow).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
            var error = await svc.Client.GetAsync($"{Root}/{Guid.NewGuid()}");
            Assert.True(error.Headers.Date.HasValue);
        }

        [Fact]
        public async Task A_test_can_put_a_job_in_a_status_the_service_has_not_documented()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("future");
            svc.Sandbox.SetJobStatus((string)job["id"]!, "somethingNew");
            Assert.Equal("somethingNew", await svc.StatusAsync((string)job["id"]!));
        }
    }
}
