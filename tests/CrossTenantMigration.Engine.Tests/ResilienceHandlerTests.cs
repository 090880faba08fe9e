using System;
using System.Collections.Generic;
using System.IO;
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

        /// <summary>A 200 whose body is <paramref name="body"/>, with a Content-Length only when given.</summary>
        private static Func<HttpResponseMessage> Body(Stream body, long? contentLength = null) => () =>
        {
            var content = new StreamContent(body);
            content.Headers.ContentLength = contentLength;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        };

        /// <summary>A body that sends its first bytes, then nothing more, ever: a service that trickles, or hangs mid-answer.</summary>
        private sealed class StalledBody : Stream
        {
            private bool _started;
            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (!_started) { _started = true; buffer[offset] = (byte)'{'; return 1; }
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        /// <summary>A body of <paramref name="size"/> spaces that counts what is read of it.</summary>
        private sealed class CountingBody : Stream
        {
            private readonly long _size;
            public CountingBody(long size) => _size = size;
            public long BytesRead { get; private set; }
            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = (int)Math.Min(count, _size - BytesRead);
                for (var i = 0; i < n; i++) buffer[offset + i] = (byte)' ';
                BytesRead += n;
                return n;
            }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        private static HttpRequestMessage Get() => new HttpRequestMessage(HttpMethod.Get, "https://graph.test/v1.0/x");

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

        [Fact]
        public async Task Retries_a_read_after_500_and_502()
        {
            var inner = new ScriptedHandler(Status(500), Status(502), Status(200));
            Assert.Equal(HttpStatusCode.OK, (await Client(inner).SendAsync(Get())).StatusCode);
            Assert.Equal(3, inner.Bodies.Count);
        }

        [Theory]
        [InlineData(500)]
        [InlineData(502)]
        public async Task Never_resends_an_action_after_500_or_502_and_returns_that_answer(int status)
        {
            var inner = new ScriptedHandler(Status(status), Status(200));
            Assert.Equal((HttpStatusCode)status, (await Client(inner).SendAsync(Post())).StatusCode);
            Assert.Single(inner.Bodies);
        }

        [Fact]
        public async Task A_Retry_After_longer_than_the_policy_allows_fails_at_once_and_holds_the_connection_back_no_longer_than_the_policy()
        {
            var now = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
            var waits = new List<TimeSpan>();
            var inner = new ScriptedHandler(Status(429, 100000), Status(200));
            var handler = new ResilienceHandler(new RetryPolicy { MaxAttempts = 5, MaxRetryDelay = TimeSpan.FromSeconds(5) })
            {
                InnerHandler = inner,
                UtcNow = () => now,
                Delay = (delay, _) => { waits.Add(delay); now += delay; return Task.CompletedTask; },
            };
            using var client = new HttpClient(handler);

            Assert.Equal((HttpStatusCode)429, (await client.SendAsync(Get())).StatusCode);
            Assert.Empty(waits);
            Assert.Single(inner.Bodies);

            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get())).StatusCode);
            Assert.All(waits, wait => Assert.True(wait <= TimeSpan.FromSeconds(5), $"the next request was held {wait.TotalSeconds} s"));
        }

        [Fact]
        public async Task A_body_that_stops_arriving_is_a_timeout_of_its_attempt_and_a_read_is_tried_again()
        {
            var inner = new ScriptedHandler(Body(new StalledBody()), Status(200));
            var handler = new ResilienceHandler(new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, RequestTimeout = TimeSpan.FromMilliseconds(200) })
            {
                InnerHandler = inner,
            };
            using var client = new HttpClient(handler);
            // Bounds the test, should the attempt's time not cover the body.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));

            var response = await client.SendAsync(Get(), HttpCompletionOption.ResponseContentRead, bound.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, inner.Bodies.Count);
        }

        [Fact]
        public async Task A_body_that_stops_arriving_leaves_an_action_of_unknown_outcome_and_it_is_not_resent()
        {
            var inner = new ScriptedHandler(Body(new StalledBody()), Status(200));
            var handler = new ResilienceHandler(new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.Zero, RequestTimeout = TimeSpan.FromMilliseconds(200) })
            {
                InnerHandler = inner,
            };
            using var client = new HttpClient(handler);
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));

            var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.SendAsync(Post(), HttpCompletionOption.ResponseContentRead, bound.Token));

            Assert.IsType<TimeoutException>(unknown.InnerException);
            Assert.Single(inner.Bodies);
        }

        [Fact]
        public async Task An_answer_whose_Content_Length_is_over_the_limit_is_refused_unread_and_not_retried()
        {
            var body = new CountingBody(ResilienceHandler.MaxResponseBytes + 1L);
            var inner = new ScriptedHandler(Body(body, ResilienceHandler.MaxResponseBytes + 1L), Status(200));

            var refused = await Assert.ThrowsAsync<RefusedException>(() => Client(inner).SendAsync(Get(), HttpCompletionOption.ResponseHeadersRead));

            Assert.Equal(ErrorIds.ResponseTooLarge, refused.ErrorId);
            Assert.False(refused.OutcomeUnknown);
            Assert.Equal(0, body.BytesRead);
            Assert.Single(inner.Bodies);
        }

        [Fact]
        public async Task An_answer_without_Content_Length_is_refused_as_soon_as_it_passes_the_limit()
        {
            var body = new CountingBody(2L * ResilienceHandler.MaxResponseBytes);
            var inner = new ScriptedHandler(Body(body), Status(200));

            var refused = await Assert.ThrowsAsync<RefusedException>(() => Client(inner).SendAsync(Get(), HttpCompletionOption.ResponseHeadersRead));

            Assert.Equal(ErrorIds.ResponseTooLarge, refused.ErrorId);
            Assert.InRange(body.BytesRead, ResilienceHandler.MaxResponseBytes + 1L, ResilienceHandler.MaxResponseBytes + 64 * 1024L);
            Assert.Single(inner.Bodies);
        }

        [Fact]
        public async Task A_success_answer_to_an_action_that_is_too_large_leaves_its_outcome_unknown()
        {
            var inner = new ScriptedHandler(Body(new CountingBody(ResilienceHandler.MaxResponseBytes + 1L)), Status(200));

            var refused = await Assert.ThrowsAsync<RefusedException>(() => Client(inner).SendAsync(Post(), HttpCompletionOption.ResponseHeadersRead));

            Assert.Equal(ErrorIds.ResponseTooLarge, refused.ErrorId);
            Assert.True(refused.OutcomeUnknown, "an action the service carried out must be read back, not repeated");
            Assert.Single(inner.Bodies);
        }
    }
}
