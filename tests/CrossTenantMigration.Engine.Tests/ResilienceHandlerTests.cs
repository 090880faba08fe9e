using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Engine.Http;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    public class ResilienceHandlerTests
    {
        /// <summary>Answers from a script, one entry per attempt, and records what it was sent.</summary>
        private sealed class ScriptedHandler : HttpMessageHandler
        {
            private readonly Queue<Func<HttpResponseMessage>> _script;
            public List<string?> Bodies { get; } = new List<string?>();
            public ScriptedHandler(params Func<HttpResponseMessage>[] script) => _script = new Queue<Func<HttpResponseMessage>>(script);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Bodies.Add(request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken));
                return _script.Dequeue()();
            }
        }

        private static Func<HttpResponseMessage> Status(int code, int? retryAfter = null) => () =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)code);
            if (retryAfter.HasValue) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfter.Value));
            return response;
        };

        private static Func<HttpResponseMessage> Drop() => () => throw new HttpRequestException("connection reset");

        private static HttpClient Client(ScriptedHandler inner, int attempts = 4) =>
            new HttpClient(new ResilienceHandler(new RetryPolicy { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(10) }) { InnerHandler = inner });

        private static HttpRequestMessage Post() =>
            new HttpRequestMessage(HttpMethod.Post, "https://graph.test/v1.0/x") { Content = new StringContent("{\"a\":1}") };

        [Fact]
        public async Task Retries_a_throttled_request_after_Retry_After_and_resends_the_same_body()
        {
            var inner = new ScriptedHandler(Status(429, 0), Status(429, 0), Status(201));
            var response = await Client(inner).SendAsync(Post());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(3, inner.Bodies.Count);
            Assert.All(inner.Bodies, b => Assert.Equal("{\"a\":1}", b));
        }

        [Fact]
        public async Task Retries_503_for_an_action_because_the_service_did_not_act()
        {
            var inner = new ScriptedHandler(Status(503), Status(200));
            Assert.Equal(HttpStatusCode.OK, (await Client(inner).SendAsync(Post())).StatusCode);
        }

        [Fact]
        public async Task Never_repeats_an_action_after_a_gateway_timeout()
        {
            var inner = new ScriptedHandler(Status(504), Status(200));
            await Assert.ThrowsAsync<OutcomeUnknownException>(() => Client(inner).SendAsync(Post()));
            Assert.Single(inner.Bodies);
        }

        [Fact]
        public async Task Never_repeats_an_action_after_a_lost_connection()
        {
            var inner = new ScriptedHandler(Drop(), Status(200));
            await Assert.ThrowsAsync<OutcomeUnknownException>(() => Client(inner).SendAsync(Post()));
            Assert.Single(inner.Bodies);
        }

        [Fact]
        public async Task Repeats_a_read_after_a_lost_connection_or_gateway_timeout()
        {
            var inner = new ScriptedHandler(Drop(), Status(504), Status(200));
            var response = await Client(inner).SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.test/v1.0/x"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(3, inner.Bodies.Count);
        }

        [Fact]
        public async Task Returns_the_last_answer_when_attempts_run_out()
        {
            var inner = new ScriptedHandler(Status(429, 0), Status(429, 0), Status(429, 0));
            var response = await Client(inner, attempts: 3).SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.test/v1.0/x"));
            Assert.Equal((HttpStatusCode)429, response.StatusCode);
            Assert.Equal(3, inner.Bodies.Count);
        }

        [Fact]
        public async Task Does_not_retry_other_errors()
        {
            var inner = new ScriptedHandler(Status(409));
            Assert.Equal(HttpStatusCode.Conflict, (await Client(inner).SendAsync(Post())).StatusCode);
        }

        [Fact]
        public async Task Stops_waiting_when_cancelled()
        {
            var inner = new ScriptedHandler(Status(429, 30), Status(200));
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var started = DateTime.UtcNow;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client(inner).SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://graph.test/v1.0/x"), cancel.Token));
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
        }

        [Fact]
        public async Task A_Retry_After_holds_back_every_request_of_the_connection_without_using_their_attempts()
        {
            var now = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
            var waits = new List<string>();
            var inner = new ScriptedHandler(Status(429, 30), Status(200), Status(200));
            var handler = new ResilienceHandler(new RetryPolicy { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) })
            {
                InnerHandler = inner,
                UtcNow = () => now,
                // Nothing waits for real: a wait moves the clock on and is recorded.
                Delay = (delay, _) => { waits.Add($"{delay.TotalSeconds:0}s after {inner.Bodies.Count} sent"); now += delay; return Task.CompletedTask; },
            };
            using var client = new HttpClient(handler);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("https://graph.test/v1.0/a")).StatusCode);
            Assert.Equal(new[] { "30s after 1 sent" }, waits);

            // A request that starts while the connection is held back waits for the rest of it first.
            now -= TimeSpan.FromSeconds(20);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("https://graph.test/v1.0/b")).StatusCode);
            Assert.Equal(new[] { "30s after 1 sent", "20s after 2 sent" }, waits);
            Assert.Equal(3, inner.Bodies.Count);
        }
    }
}
