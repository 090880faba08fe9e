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
    public class FaultTests
    {
        [Fact]
        public async Task Throttling_every_nth_request_answers_429_with_retry_after_and_changes_nothing()
        {
            using var svc = new TestService();
            svc.Sandbox.Throttle = new ThrottleSettings { EveryNth = 2, RetryAfterSeconds = 7 };
            await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK); // 1st
            var throttled = await svc.PostAsync(Root, svc.JobBody("throttled")); // 2nd
            var body = await ExpectAsync(throttled, (HttpStatusCode)429);
            Assert.Equal("activityLimitReached", (string)body["error"]!["code"]!);
            Assert.Equal("throttledRequest", (string)body["error"]!["innerError"]!["code"]!);
            Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter!.Delta);
            Assert.True(throttled.Headers.Contains("request-id"));
            Assert.Equal(0, svc.Sandbox.GetStatistics().Jobs);

            await ExpectAsync(await svc.PostAsync(Root, svc.JobBody("throttled")), HttpStatusCode.Created); // 3rd
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(1, stats.Creates);
            Assert.Equal(3, stats.Requests);
            Assert.Equal(1, stats.Throttled);
        }

        [Fact]
        public async Task Throttling_stops_after_max_count_and_probability_is_seeded()
        {
            using var svc = new TestService();
            svc.Sandbox.Throttle = new ThrottleSettings { EveryNth = 1, MaxCount = 2 };
            var codes = new List<int>();
            for (int i = 0; i < 4; i++)
            {
                codes.Add((int)(await svc.Client.GetAsync(Root)).StatusCode);
            }

            Assert.Equal(new[] { 429, 429, 200, 200 }, codes);

            async Task<List<int>> Run()
            {
                svc.Sandbox.Throttle = new ThrottleSettings { Probability = 0.5, Seed = 42 };
                var result = new List<int>();
                for (int i = 0; i < 20; i++)
                {
                    result.Add((int)(await svc.Client.GetAsync(Root)).StatusCode);
                }

                return result;
            }

            var first = await Run();
            var second = await Run();
            Assert.Equal(first, second);
            Assert.Contains(429, first);
            Assert.Contains(200, first);
        }

        [Fact]
        public async Task Drop_before_commit_throws_HttpRequestException_and_has_no_effect()
        {
            using var svc = new TestService();
            svc.Sandbox.Faults = new FaultSettings { Rate = 1, Kinds = { FaultKind.DropBeforeCommit } };
            var ex = await Assert.ThrowsAsync<EmulatedConnectionDropException>(() => svc.PostAsync(Root, svc.JobBody("dropped")));
            Assert.IsAssignableFrom<HttpRequestException>(ex);
            Assert.False(ex.AfterCommit);
            svc.Sandbox.Faults = null;
            Assert.Equal(0, svc.Sandbox.GetStatistics().Jobs);
            await svc.CreateAsync("dropped");
        }

        [Fact]
        public async Task Drop_after_commit_throws_but_the_job_exists()
        {
            using var svc = new TestService();
            svc.Sandbox.Faults = new FaultSettings { Rate = 1, Kinds = { FaultKind.DropAfterCommit } };
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => svc.PostAsync(Root, svc.JobBody("committed")));
            svc.Sandbox.Faults = null;
            var list = await ExpectAsync(await svc.Client.GetAsync(Root), HttpStatusCode.OK);
            Assert.Equal("committed", (string)list["value"]![0]!["displayName"]!);
            // the caller's retry now meets the name rule
            await ExpectErrorAsync(await svc.PostAsync(Root, svc.JobBody("committed")), HttpStatusCode.Conflict, "nameAlreadyExists");
            Assert.Equal(1, svc.Sandbox.GetStatistics().Creates);
        }

        [Fact]
        public async Task Gateway_timeout_is_504_after_the_effect_was_committed()
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("gateway");
            svc.Sandbox.Faults = new FaultSettings { Rate = 1, Kinds = { FaultKind.GatewayTimeout504 } };
            var response = await svc.Client.PostAsync($"{Root}/{job["id"]}/validate", null);
            await ExpectErrorAsync(response, HttpStatusCode.GatewayTimeout, "generalException");
            svc.Sandbox.Faults = null;
            Assert.Equal("validateSubmitted", await svc.StatusAsync((string)job["id"]!));
        }

        [Theory]
        [InlineData(FaultKind.Throttle429, 429, "activityLimitReached")]
        [InlineData(FaultKind.Unavailable503, 503, "serviceNotAvailable")]
        public async Task Throttle_and_unavailable_faults_happen_before_any_state_change(FaultKind kind, int status, string code)
        {
            using var svc = new TestService();
            var job = await svc.CreateAsync("before");
            svc.Sandbox.Faults = new FaultSettings { Rate = 1, Kinds = { kind }, RetryAfterSeconds = 3 };
            var response = await svc.Client.PostAsync($"{Root}/{job["id"]}/validate", null);
            await ExpectErrorAsync(response, (HttpStatusCode)status, code);
            Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
            svc.Sandbox.Faults = null;
            Assert.Equal("submitted", await svc.StatusAsync((string)job["id"]!));
        }

        [Fact]
        public async Task Stall_waits_its_duration_before_the_request_has_any_effect_then_answers_normally()
        {
            using var svc = new TestService();
            var stall = new StallProbe(svc.Sandbox);
            svc.Sandbox.Faults = new FaultSettings { Rate = 1, Kinds = { FaultKind.Stall }, StallDuration = TimeSpan.FromMilliseconds(300) };
            var pending = svc.PostAsync(Root, svc.JobBody("slow"));

            Assert.Equal(TimeSpan.FromMilliseconds(300), await stall.Started);
            Assert.False(pending.IsCompleted);
            Assert.Equal(0, svc.Sandbox.GetStatistics().Jobs);

            stall.Release();
            await ExpectAsync(await pending, HttpStatusCode.Created);
            Assert.Equal(1, svc.Sandbox.GetStatistics().Jobs);
        }

        [Fact]
        public async Task Random_faults_are_repeatable_with_a_seed()
        {
            async Task<List<string>> Run()
            {
                using var svc = new TestService();
                svc.Sandbox.Faults = new FaultSettings
                {
                    Rate = 0.5,
                    Seed = 7,
                    Kinds = { FaultKind.Throttle429, FaultKind.Unavailable503, FaultKind.DropBeforeCommit },
                };
                var outcomes = new List<string>();
                for (int i = 0; i < 30; i++)
                {
                    try
                    {
                        outcomes.Add(((int)(await svc.Client.GetAsync(Root)).StatusCode).ToString());
                    }
                    catch (HttpRequestException)
                    {
                        outcomes.Add("drop");
                    }
                }

                Assert.True(svc.Sandbox.GetStatistics().FaultsInjected > 0);
                return outcomes;
            }

            var a = await Run();
            var b = await Run();
            Assert.Equal(a, b);
            Assert.Contains("200", a);
            Assert.True(a.Distinct().Count() >= 3, string.Join(",", a));
        }
    }
}
