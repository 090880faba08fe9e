using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>The emulator is the sandbox plus the token service and the admin API, and stands in for the sandbox where tests need one.</summary>
    public class EmulatorCompositionTests
    {
        [Fact]
        public async Task As_an_ISandbox_it_serves_its_tokens_and_reports_the_sandbox_counters()
        {
            var emulator = new MigrationServiceEmulator(new EmulatorOptions { StepDuration = TimeSpan.FromMinutes(1) });
            ISandbox sandbox = emulator;
            Assert.Equal(emulator.Options.TargetTenantId, sandbox.TenantId);
            Assert.Same(emulator.Options, emulator.Sandbox.Options);

            using var client = new HttpClient(sandbox.CreateHandler()) { BaseAddress = new Uri("https://graph.microsoft.com/") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.IssueToken(TimeSpan.FromMinutes(5)).AccessToken);
            await ExpectAsync(await client.GetAsync(Root), HttpStatusCode.OK);
            await ExpectAsync(await client.GetAsync("_emulator/stats"), HttpStatusCode.OK); // served by the same handler, not counted

            var stats = sandbox.GetStatistics();
            Assert.Equal(1, stats.Requests);
            Assert.Equal(1, stats.ByMethod["GET"]);

            var before = sandbox.Now;
            sandbox.AdvanceClock(TimeSpan.FromHours(2));
            Assert.True(emulator.Clock.Offset >= TimeSpan.FromHours(2));
            Assert.True(sandbox.Now - before >= TimeSpan.FromHours(2));
            sandbox.Reset();
            Assert.Equal(TimeSpan.Zero, emulator.Clock.Offset);
            Assert.Equal(0, emulator.GetStatistics().Requests);
        }

        [Fact]
        public void As_an_ISandbox_it_takes_the_settings_a_test_steers_and_a_reset_restores_its_own()
        {
            var emulator = new MigrationServiceEmulator(new EmulatorOptions { StepDuration = TimeSpan.FromMilliseconds(150) });
            ISandbox sandbox = emulator;
            var settings = sandbox.ChangeSettings(new SandboxSettingsChange { StepSec = 0, ThrottleEvery = 4, LoseNextCreateReply = true });
            Assert.Equal(0, settings.StepSec);
            Assert.Equal(TimeSpan.Zero, emulator.Options.StepDuration);
            Assert.Equal(4, emulator.Throttle!.EveryNth);
            Assert.True(sandbox.GetSettings().LoseNextCreateReply);

            sandbox.Reset();
            Assert.Equal(0.15, sandbox.GetSettings().StepSec, 3);
            Assert.Null(emulator.Throttle);
            Assert.False(sandbox.GetSettings().LoseNextCreateReply);
        }

        [Fact]
        public async Task Statistics_count_the_token_service_apart_from_the_sandbox_counters()
        {
            using var svc = new TestService();
            svc.Emulator.InjectFaults(FaultKind.Unavailable503, 1, "GET");
            await svc.Client.GetAsync(Root);
            await svc.Client.GetAsync(svc.Emulator.Options.TargetTenantId + "/discovery/v2.0/keys");

            var stats = svc.Emulator.GetStatistics();
            var graph = svc.Emulator.Sandbox.GetStatistics();
            var tokens = svc.Emulator.GetTokenServiceStatistics();
            Assert.Equal(1, stats.Requests);
            Assert.Equal(graph.Requests, stats.Requests);
            Assert.Equal(1, stats.FaultsInjected);
            Assert.Equal(1, tokens.Requests);
            Assert.Equal(1, tokens.ByGrant["metadata"]);

            svc.Emulator.ResetStatistics();
            Assert.Equal(0, svc.Emulator.GetTokenServiceStatistics().Requests);
            Assert.Equal(0, svc.Emulator.Sandbox.GetStatistics().FaultsInjected);
        }
    }
}
