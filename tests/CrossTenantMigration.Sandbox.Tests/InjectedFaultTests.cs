using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>Faults injected by count: exactly the next N requests (of a method) get them, whatever the timing.</summary>
    public class InjectedFaultTests
    {
        private static async Task<List<int>> StatusesOfGets(TestService svc, int count)
        {
            var codes = new List<int>();
            for (int i = 0; i < count; i++)
            {
                codes.Add((int)(await svc.Client.GetAsync(Root)).StatusCode);
            }

            return codes;
        }

        [Fact]
        public async Task The_next_n_requests_get_the_fault_and_the_ones_after_go_through()
        {
            using var svc = new TestService();
            svc.Sandbox.InjectFaults(FaultKind.Unavailable503, 2);
            Assert.Equal(new[] { 503, 503, 200, 200 }, await StatusesOfGets(svc, 4));
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(2, stats.FaultsInjected);
            Assert.Equal(0, stats.Throttled);
            Assert.Equal(4, stats.Requests);
        }

        [Fact]
        public async Task A_fault_for_a_method_lets_other_methods_through_and_waits_for_its_own()
        {
            using var svc = new TestService();
            svc.Sandbox.InjectFaults(FaultKind.DropAfterCommit, 1, "POST");
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal(0, svc.Sandbox.GetStatistics().FaultsInjected);

            var drop = await Assert.ThrowsAsync<EmulatedConnectionDropException>(() => svc.PostAsync(Root, svc.JobBody("lost-answer")));
            Assert.True(drop.AfterCommit);
            var list = await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal("lost-answer", (string)list["value"]![0]!["displayName"]!);
            await svc.CreateAsync("next-create-goes-through");

            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(1, stats.FaultsInjected);
            Assert.Equal(2, stats.Creates);
        }

        [Fact]
        public async Task The_method_is_compared_in_upper_case()
        {
            using var svc = new TestService();
            svc.Sandbox.InjectFaults(FaultKind.DropBeforeCommit, 1, " post ");
            await Assert.ThrowsAsync<EmulatedConnectionDropException>(() => svc.PostAsync(Root, svc.JobBody("never")));
            Assert.Equal(0, svc.Sandbox.GetStatistics().Jobs);
            Assert.Equal(1, svc.Sandbox.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task Injected_faults_fire_in_the_order_they_were_injected()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("queued");
            string id = (string)job["id"]!;
            svc.Sandbox.InjectFaults(FaultKind.Throttle429, 1);
            svc.Sandbox.InjectFaults(FaultKind.GatewayTimeout504, 1);

            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{id}/validate", null), (HttpStatusCode)429, "activityLimitReached");
            await ExpectErrorAsync(await svc.Client.GetAsync($"{Root}/{id}"), HttpStatusCode.GatewayTimeout, "generalException");
            Assert.Equal("submitted", await svc.StatusAsync(id)); // the 429 came before any effect
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(2, stats.FaultsInjected);
            Assert.Equal(0, stats.Throttled);
        }

        [Fact]
        public async Task A_gateway_timeout_by_count_commits_the_action_first()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("gateway");
            string id = (string)job["id"]!;
            svc.Sandbox.InjectFaults(FaultKind.GatewayTimeout504, 1, "POST");
            await ExpectErrorAsync(await svc.Client.PostAsync($"{Root}/{id}/validate", null), HttpStatusCode.GatewayTimeout, "generalException");
            Assert.Equal("validateSubmitted", await svc.StatusAsync(id));
            Assert.Equal(1, svc.Sandbox.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task An_injected_fault_takes_its_request_before_throttling_and_random_faults()
        {
            using var svc = new TestService();
            svc.Sandbox.Throttle = new ThrottleSettings { EveryNth = 1, RetryAfterSeconds = 9 };
            svc.Sandbox.Faults = new FaultSettings { Rate = 1, Kinds = { FaultKind.DropBeforeCommit }, RetryAfterSeconds = 4 };
            svc.Sandbox.InjectFaults(FaultKind.Unavailable503, 1);

            var unavailable = await svc.Client.GetAsync(Root);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(4), unavailable.Headers.RetryAfter!.Delta); // the fault settings' Retry-After
            var throttled = await svc.Client.GetAsync(Root);
            Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(9), throttled.Headers.RetryAfter!.Delta);

            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(1, stats.FaultsInjected);
            Assert.Equal(1, stats.Throttled);
        }

        [Fact]
        public async Task Without_fault_settings_an_injected_429_says_retry_after_one_second()
        {
            using var svc = new TestService();
            svc.Sandbox.InjectFaults(FaultKind.Throttle429, 1);
            var response = await svc.Client.GetAsync(Root);
            await ExpectErrorAsync(response, (HttpStatusCode)429, "activityLimitReached");
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
            Assert.Equal(1, svc.Sandbox.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task An_injected_stall_waits_the_default_two_seconds_or_the_fault_settings_duration()
        {
            using var svc = new TestService();
            var stall = new StallProbe(svc.Sandbox);
            svc.Sandbox.InjectFaults(FaultKind.Stall, 1);
            var pending = svc.Client.GetAsync(Root);
            Assert.Equal(TimeSpan.FromSeconds(2), await stall.Started);
            Assert.False(pending.IsCompleted);
            stall.Release();
            await ExpectAsync(await pending, HttpStatusCode.OK);

            var second = new StallProbe(svc.Sandbox);
            svc.Sandbox.Faults = new FaultSettings { Rate = 0, StallDuration = TimeSpan.FromMilliseconds(50) };
            svc.Sandbox.InjectFaults(FaultKind.Stall, 1);
            var next = svc.Client.GetAsync(Root);
            Assert.Equal(TimeSpan.FromMilliseconds(50), await second.Started);
            second.Release();
            await ExpectAsync(await next, HttpStatusCode.OK);
            Assert.Equal(2, svc.Sandbox.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task Unauthenticated_requests_count_and_take_an_injected_fault_too()
        {
            using var svc = new TestService();
            using var anonymous = new HttpClient(svc.CreateHandler()) { BaseAddress = svc.Client.BaseAddress };
            svc.Sandbox.InjectFaults(FaultKind.Unavailable503, 1);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync(Root)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Root)).StatusCode);
            Assert.Equal(1, svc.Sandbox.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task Clearing_or_resetting_drops_the_faults_not_yet_fired()
        {
            using var svc = new TestService();
            svc.Sandbox.InjectFaults(FaultKind.Unavailable503, 5);
            Assert.Equal(new[] { 503 }, await StatusesOfGets(svc, 1));
            svc.Sandbox.ClearInjectedFaults();
            Assert.Equal(new[] { 200 }, await StatusesOfGets(svc, 1));
            Assert.Equal(1, svc.Sandbox.GetStatistics().FaultsInjected);

            svc.Sandbox.InjectFaults(FaultKind.Unavailable503, 5);
            svc.Sandbox.Reset();
            Assert.Equal(new[] { 200 }, await StatusesOfGets(svc, 1));
            Assert.Equal(0, svc.Sandbox.GetStatistics().FaultsInjected);
        }

        [Fact]
        public async Task Turning_random_faults_off_leaves_injected_ones_pending()
        {
            using var svc = new TestService();
            svc.Sandbox.InjectFaults(FaultKind.Unavailable503, 1);
            svc.Sandbox.Faults = null;
            Assert.Equal(new[] { 503, 200 }, await StatusesOfGets(svc, 2));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        public void A_count_below_one_is_refused(int count)
        {
            var sandbox = new MigrationSandbox().Host;
            Assert.Throws<ArgumentOutOfRangeException>(() => sandbox.InjectFaults(FaultKind.Stall, count));
        }
    }
}
