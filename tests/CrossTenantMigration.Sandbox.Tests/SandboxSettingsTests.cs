using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>The settings a test steers through ISandbox: each one, their defaults, and what a reset restores.</summary>
    public class SandboxSettingsTests
    {
        private static async Task<string> OutcomeAsync(Func<Task<HttpResponseMessage>> send)
        {
            try
            {
                return ((int)(await send()).StatusCode).ToString();
            }
            catch (EmulatedConnectionDropException drop)
            {
                return drop.AfterCommit ? "drop-after" : "drop-before";
            }
        }

        private static async Task<List<string>> OutcomesOfGetsAsync(TestService svc, int count)
        {
            var outcomes = new List<string>();
            for (int i = 0; i < count; i++)
            {
                outcomes.Add(await OutcomeAsync(() => svc.Client.GetAsync(Root)));
            }

            return outcomes;
        }

        [Fact]
        public void The_defaults_are_the_options_the_sandbox_was_made_with()
        {
            ISandbox sandbox = new MigrationSandbox(new SandboxOptions { StepDuration = TimeSpan.FromSeconds(2) });
            var settings = sandbox.GetSettings();
            Assert.Equal(2, settings.StepSec);
            Assert.Empty(settings.FailValidation);
            Assert.Empty(settings.FailMigration);
            Assert.Equal(SandboxSettings.DefaultWorkload, settings.Workload);
            Assert.Null(settings.ErrorCode);
            Assert.Null(settings.ErrorMessage);
            Assert.Equal(0, settings.ThrottleEvery);
            Assert.Equal(0, settings.FaultPercent);
            Assert.Equal(0, settings.Seed);
            Assert.False(settings.LoseNextCreateReply);
            Assert.Empty(settings.AdminActionRequired);
            Assert.False(settings.RefuseAlternateKey);
            Assert.True((settings.Now - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromMinutes(1));
        }

        [Fact]
        public void Only_the_properties_given_change()
        {
            var sandbox = new MigrationSandbox().Host;
            sandbox.ChangeSettings(new SandboxSettingsChange { ThrottleEvery = 3, FaultPercent = 20, Seed = 9, ErrorCode = "X" });
            var settings = sandbox.ChangeSettings(new SandboxSettingsChange { StepSec = 0 });
            Assert.Equal(0, settings.StepSec);
            Assert.Equal(3, settings.ThrottleEvery);
            Assert.Equal(20, settings.FaultPercent);
            Assert.Equal(9, settings.Seed);
            Assert.Equal("X", settings.ErrorCode);
            Assert.Equal(TimeSpan.Zero, sandbox.Options.StepDuration);
            Assert.Equal(3, sandbox.Throttle!.EveryNth);
        }

        [Fact]
        public async Task A_new_step_applies_after_the_transitions_due_under_the_old_one()
        {
            using var svc = new TestService(new SandboxOptions { StepDuration = TimeSpan.FromMinutes(1) });
            string id = (string)(await svc.CreateAsync("step"))["id"]!;
            await svc.ActionAsync(id, "validate");
            svc.Advance(TimeSpan.FromMinutes(1));
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { StepSec = 3600 });
            Assert.Equal("validateProcessing", await svc.StatusAsync(id));
            svc.Advance(TimeSpan.FromMinutes(59));
            Assert.Equal("validateProcessing", await svc.StatusAsync(id));
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { StepSec = 0 });
            Assert.Equal("validatePassed", await svc.StatusAsync(id));
        }

        [Fact]
        public async Task FailValidation_fails_those_users_with_the_default_workload_and_the_documented_validation_error()
        {
            using var svc = new TestService(new SandboxOptions { StepDuration = TimeSpan.Zero });
            string bad = NewUser(), good = NewUser();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { FailValidation = new[] { bad.ToUpperInvariant() } });
            string id = (string)(await svc.CreateAsync("validate", new[] { good, bad }))["id"]!;
            await svc.ActionAsync(id, "validate");
            Assert.Equal("validateFailed", await svc.StatusAsync(id));
            var exchange = (await svc.GetUserAsync(id, bad))["currentStatus"]!.AsArray().Single(e => (string)e!["service"]! == "Exchange")!;
            Assert.Equal("invalid", (string)exchange["status"]!);
            Assert.Equal("IM-003", (string)exchange["errors"]![0]!["code"]!);
            Assert.All((await svc.WorkloadStatusesAsync(id, good)).Values, s => Assert.Equal("valid", s));
            Assert.Equal(new[] { bad }, svc.Sandbox.GetSettings().FailValidation);
        }

        [Fact]
        public async Task FailMigration_fails_the_chosen_workload_with_the_chosen_code_and_message()
        {
            using var svc = new TestService(new SandboxOptions { StepDuration = TimeSpan.Zero });
            string flaky = NewUser(), good = NewUser();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { FailMigration = new[] { flaky }, Workload = "odsp", ErrorCode = "OneDriveQuota", ErrorMessage = "Full." });
            string id = (string)(await svc.CreateValidatedAsync("migrate", new[] { flaky, good }, svc.Clock.UtcNow.AddMinutes(1)))["id"]!;
            await svc.ActionAsync(id, "migrate");
            svc.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal("completedWithErrors", await svc.StatusAsync(id));
            var odsp = (await svc.GetUserAsync(id, flaky))["currentStatus"]!.AsArray().Single(e => (string)e!["service"]! == "ODSP")!;
            Assert.Equal("failed", (string)odsp["status"]!);
            Assert.Equal("OneDriveQuota", (string)odsp["errors"]![0]!["code"]!);
            Assert.Equal("Full.", (string)odsp["errors"]![0]!["message"]!);
            Assert.Equal("ODSP", svc.Sandbox.GetSettings().Workload);
        }

        [Fact]
        public async Task A_workload_the_job_does_not_migrate_does_not_fail_and_an_empty_list_clears_the_users()
        {
            using var svc = new TestService(new SandboxOptions { StepDuration = TimeSpan.Zero });
            string user = NewUser();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { FailValidation = new[] { user }, Workload = "Exchange" });
            string teamsOnly = (string)(await svc.CreateAsync("teams-only", new[] { user }, workloads: new[] { "Teams" }))["id"]!;
            await svc.ActionAsync(teamsOnly, "validate");
            Assert.Equal("validatePassed", await svc.StatusAsync(teamsOnly));

            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { FailValidation = new string[0], Workload = SandboxSettings.DefaultWorkload });
            Assert.Empty(svc.Sandbox.GetSettings().FailValidation);
            Assert.Equal(SandboxSettings.DefaultWorkload, svc.Sandbox.GetSettings().Workload);
        }

        [Fact]
        public async Task ThrottleEvery_answers_every_nth_request_429_and_zero_turns_it_off()
        {
            using var svc = new TestService();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { ThrottleEvery = 3 });
            Assert.Equal(new[] { "200", "200", "429", "200", "200", "429" }, await OutcomesOfGetsAsync(svc, 6));
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { ThrottleEvery = 0 });
            Assert.Equal(new[] { "200", "200", "200" }, await OutcomesOfGetsAsync(svc, 3));
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(2, stats.Throttled);
            Assert.Equal(0, stats.FaultsInjected);
            Assert.Null(svc.Sandbox.Throttle);
        }

        [Fact]
        public async Task FaultPercent_gives_only_transient_faults_and_counts_each()
        {
            using var svc = new TestService();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { FaultPercent = 100 });
            var outcomes = await OutcomesOfGetsAsync(svc, 40);
            Assert.All(outcomes, o => Assert.Contains(o, new[] { "503", "504", "drop-before", "drop-after" }));
            Assert.Equal(4, outcomes.Distinct().Count());
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(40, stats.FaultsInjected);
            Assert.Equal(0, stats.Throttled);
        }

        [Fact]
        public async Task The_same_seed_repeats_the_same_faults_and_zero_percent_turns_them_off()
        {
            using var svc = new TestService();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { FaultPercent = 30, Seed = 5 });
            var first = await OutcomesOfGetsAsync(svc, 30);
            long firstFaults = svc.Sandbox.GetStatistics().FaultsInjected;
            Assert.Equal(first.Count(o => o != "200"), firstFaults);
            Assert.InRange(firstFaults, 1, 29);

            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { Seed = 5 });
            Assert.Equal(first, await OutcomesOfGetsAsync(svc, 30));
            Assert.Equal(30, svc.Sandbox.GetSettings().FaultPercent);
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { Seed = 6 });
            Assert.NotEqual(first, await OutcomesOfGetsAsync(svc, 30));

            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { FaultPercent = 0 });
            Assert.All(await OutcomesOfGetsAsync(svc, 10), o => Assert.Equal("200", o));
            Assert.Null(svc.Sandbox.Faults);
            Assert.Equal(6, svc.Sandbox.GetSettings().Seed);
        }

        [Fact]
        public async Task LoseNextCreateReply_waits_for_a_create_commits_it_and_drops_the_reply_once()
        {
            using var svc = new TestService();
            string id = (string)(await svc.CreateAsync("before"))["id"]!;
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { LoseNextCreateReply = true });
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { LoseNextCreateReply = true }); // still one
            Assert.True(svc.Sandbox.GetSettings().LoseNextCreateReply);

            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            await svc.ActionAsync(id, "validate");
            Assert.Equal(0, svc.Sandbox.GetStatistics().FaultsInjected);

            Assert.Equal("drop-after", await OutcomeAsync(() => svc.PostAsync(Root, svc.JobBody("lost"))));
            Assert.False(svc.Sandbox.GetSettings().LoseNextCreateReply);
            await svc.CreateAsync("after");
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(3, stats.Creates);
            Assert.Equal(3, stats.Jobs);
            Assert.Equal(1, stats.FaultsInjected);
        }

        [Fact]
        public async Task LoseNextCreateReply_false_drops_one_not_fired()
        {
            using var svc = new TestService();
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { LoseNextCreateReply = true });
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { LoseNextCreateReply = false });
            Assert.False(svc.Sandbox.GetSettings().LoseNextCreateReply);
            await svc.CreateAsync("kept");
            Assert.Equal(0, svc.Sandbox.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task Faults_by_count_for_creates_skip_other_posts_and_know_a_create_in_any_case()
        {
            using var svc = new TestService();
            string id = (string)(await svc.CreateAsync("first"))["id"]!;
            svc.Sandbox.InjectFaults(FaultKind.DropBeforeCommit, 2, FaultTarget.Create);
            await svc.ActionAsync(id, "validate");
            Assert.Equal("drop-before", await OutcomeAsync(() => svc.Client.PostAsync("BETA/Solutions/Migrations/CrossTenantMigrationJobs", Json(svc.JobBody("a")))));
            Assert.Equal("drop-before", await OutcomeAsync(() => svc.PostAsync(Root, svc.JobBody("b"))));
            await svc.CreateAsync("c");
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(2, stats.FaultsInjected);
            Assert.Equal(2, stats.Jobs);
        }

        [Fact]
        public async Task AdminActionRequired_and_RefuseAlternateKey_change_the_services_answers()
        {
            using var svc = new TestService(new SandboxOptions { StepDuration = TimeSpan.Zero });
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange { AdminActionRequired = new[] { "stuck" }, RefuseAlternateKey = true });
            string id = (string)(await svc.CreateAsync("stuck"))["id"]!;
            await svc.ActionAsync(id, "validate");
            Assert.Equal("adminActionRequired", await svc.StatusAsync(id));
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}(displayName='stuck')"), HttpStatusCode.BadRequest, "invalidRequest");

            var settings = svc.Sandbox.ChangeSettings(new SandboxSettingsChange { AdminActionRequired = new string[0], RefuseAlternateKey = false });
            Assert.Empty(settings.AdminActionRequired);
            Assert.False(settings.RefuseAlternateKey);
            await ExpectAsync(await svc.Client.GetAsync($"{Root}(displayName='stuck')"), HttpStatusCode.OK);
        }

        [Fact]
        public void Now_and_AdvanceBy_move_the_clock_forward_only_and_a_refused_change_changes_nothing()
        {
            var sandbox = new MigrationSandbox().Host;
            sandbox.ChangeSettings(new SandboxSettingsChange { AdvanceBy = TimeSpan.FromDays(1) });
            Assert.InRange(sandbox.Clock.Offset, TimeSpan.FromDays(1), TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(1)));
            var target = DateTimeOffset.UtcNow.AddDays(3);
            var settings = sandbox.ChangeSettings(new SandboxSettingsChange { Now = target });
            Assert.True(settings.Now >= target && settings.Now - target < TimeSpan.FromMinutes(1));

            var past = Assert.Throws<InputValidationException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { Now = target.AddHours(-1), StepSec = 9 }));
            Assert.Equal(ErrorIds.InvalidSandboxTime, past.ErrorId);
            Assert.Equal("Now", past.Error.ParameterName);
            Assert.NotEqual(9, sandbox.GetSettings().StepSec);
            var negative = Assert.Throws<InputValidationException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { AdvanceBy = TimeSpan.FromSeconds(-1) }));
            Assert.Equal("AdvanceBy", negative.Error.ParameterName);
        }

        [Fact]
        public void Values_no_caller_should_give_are_refused()
        {
            var sandbox = new MigrationSandbox().Host;
            Assert.Throws<ArgumentException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { Workload = "Yammer" }));
            Assert.Throws<ArgumentException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { FailMigration = new[] { "nope" } }));
            Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { FaultPercent = 101 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { StepSec = -1 }));
            Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { ThrottleEvery = -1 }));
            Assert.Throws<ArgumentException>(() => sandbox.ChangeSettings(new SandboxSettingsChange { Now = DateTimeOffset.UtcNow.AddDays(1), AdvanceBy = TimeSpan.Zero }));
        }

        [Fact]
        public async Task A_reset_restores_every_setting_the_sandbox_was_made_with()
        {
            using var svc = new TestService(new SandboxOptions { StepDuration = TimeSpan.FromSeconds(1) });
            await svc.CreateAsync("gone");
            svc.Sandbox.ChangeSettings(new SandboxSettingsChange
            {
                StepSec = 0, FailValidation = new[] { NewUser() }, FailMigration = new[] { NewUser() }, Workload = "Teams", ErrorCode = "C", ErrorMessage = "M",
                ThrottleEvery = 5, FaultPercent = 1, Seed = 4, LoseNextCreateReply = true, AdminActionRequired = new[] { "x" }, RefuseAlternateKey = true,
                AdvanceBy = TimeSpan.FromDays(9),
            });
            svc.Sandbox.Reset();

            var settings = svc.Sandbox.GetSettings();
            Assert.Equal(1, settings.StepSec);
            Assert.Empty(settings.FailValidation);
            Assert.Empty(settings.FailMigration);
            Assert.Equal(SandboxSettings.DefaultWorkload, settings.Workload);
            Assert.Null(settings.ErrorCode);
            Assert.Null(settings.ErrorMessage);
            Assert.Equal(0, settings.ThrottleEvery);
            Assert.Equal(0, settings.FaultPercent);
            Assert.Equal(0, settings.Seed);
            Assert.False(settings.LoseNextCreateReply);
            Assert.Empty(settings.AdminActionRequired);
            Assert.False(settings.RefuseAlternateKey);
            Assert.Equal(TimeSpan.Zero, svc.Sandbox.Clock.Offset);
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(0, stats.Jobs);
            Assert.Equal(0, stats.Requests);
        }
    }
}
