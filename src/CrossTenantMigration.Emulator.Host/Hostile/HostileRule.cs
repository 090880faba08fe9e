using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading;

namespace CrossTenantMigration.Emulator.Host.Hostile
{
    /// <summary>What a <see cref="HostileRule"/> does to a request it takes.</summary>
    public enum HostileAction
    {
        /// <summary>Forwards the request unchanged: a probe that only counts.</summary>
        Forward,

        /// <summary>Forwards, then sets a list page's <c>@odata.nextLink</c> to <see cref="HostileRule.NextLink"/>.</summary>
        NextLink,

        /// <summary>Forwards, then replaces a list page's <c>value</c> with <see cref="HostileRule.Items"/>.</summary>
        Items,

        /// <summary>Answers <see cref="HostileRule.Status"/> with a Graph error envelope, without forwarding.</summary>
        Status,

        /// <summary>Forwards, sends the headers at once, then the body a byte at a time.</summary>
        Trickle,

        /// <summary>Answers 200 with a JSON body of <see cref="HostileRule.SizeBytes"/>, written as it is generated.</summary>
        Oversized,

        /// <summary>After <see cref="HostileRule.Skip"/> reads of job <see cref="HostileRule.JobId"/>, the job no longer exists.</summary>
        Gone,
    }

    /// <summary>
    /// One rule of the hostile layer, as a test sets it (JSON over <c>PUT /_hostile/rules</c>). It looks at the
    /// requests whose method and path match, lets the first <see cref="Skip"/> through, then takes at most
    /// <see cref="Times"/> of them; <see cref="Matched"/> and <see cref="Fired"/> tell how often.
    /// </summary>
    public sealed class HostileRule
    {
        private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
        private Regex? _path;
        private int _matched;
        private int _fired;
        private long _bytesSent;
        private bool _gone;

        /// <summary>A label for the test's own use.</summary>
        public string? Name { get; set; }

        /// <summary>The HTTP method to match (any when null).</summary>
        public string? Method { get; set; }

        /// <summary>A regular expression (case-insensitive) searched in the request's path and query as received.</summary>
        public string? Path { get; set; }

        /// <summary>Matching requests let through untouched before the rule takes any (for Gone: reads of the job).</summary>
        public int Skip { get; set; }

        /// <summary>At most this many requests taken; null: no limit.</summary>
        public int? Times { get; set; }

        public HostileAction Action { get; set; }

        /// <summary>
        /// NextLink: the link to write. Placeholders: <c>{self}</c> this request's URL, <c>{origin}</c> its scheme, host
        /// and port, <c>{pathAndQuery}</c> its path and query, <c>{capture}</c> and <c>{captureLoopback}</c> the capture
        /// server's base URLs.
        /// </summary>
        public string? NextLink { get; set; }

        /// <summary>Items: the JSON array that replaces the page's <c>value</c>, such as <c>[null, 1, "x"]</c>.</summary>
        public JsonElement? Items { get; set; }

        /// <summary>Status: the HTTP status (400 to 599).</summary>
        public int? Status { get; set; }

        /// <summary>Status: the Retry-After header, a number of seconds or any text; none when null.</summary>
        public JsonElement? RetryAfter { get; set; }

        /// <summary>Status: the envelope's error code; by default the one Graph uses for the status.</summary>
        public string? Code { get; set; }

        /// <summary>Status: the envelope's message.</summary>
        public string? Message { get; set; }

        /// <summary>Trickle: the pause after each byte.</summary>
        public int IntervalMs { get; set; } = 200;

        /// <summary>Trickle: after this long, the rest of the body goes at once, so that nothing trickles for ever.</summary>
        public int MaxSeconds { get; set; } = 30;

        /// <summary>Oversized: the body's size in bytes.</summary>
        public long SizeBytes { get; set; }

        /// <summary>Oversized: whether the answer has a Content-Length (else it is chunked).</summary>
        public bool ContentLength { get; set; } = true;

        /// <summary>Gone: the job's id.</summary>
        public string? JobId { get; set; }

        /// <summary>Requests (and for Gone, list pages) that matched the rule, skipped ones included.</summary>
        public int Matched => Volatile.Read(ref _matched);

        /// <summary>Answers the rule changed (for Gone: 404s answered and list pages it was removed from).</summary>
        public int Fired => Volatile.Read(ref _fired);

        /// <summary>Trickle, Oversized: body bytes the server handed to the connection before the answer ended or the client left.</summary>
        public long BytesSent => Interlocked.Read(ref _bytesSent);

        /// <summary>Gone: whether the job is gone.</summary>
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool IsGone => _gone;

        /// <summary>Checks the rule's settings and compiles its path; throws <see cref="ArgumentException"/> with a readable message.</summary>
        internal void Prepare()
        {
            if (Skip < 0) throw new ArgumentException("skip must be 0 or more.");
            if (Times is < 0) throw new ArgumentException("times must be 0 or more.");
            if (Action == HostileAction.Gone)
            {
                if (!Guid.TryParse(JobId, out var id)) throw new ArgumentException("a gone rule needs jobId, a GUID.");
                if (Path != null || Times != null) throw new ArgumentException("a gone rule takes jobId instead of path, and a gone job stays gone (no times).");
                JobId = id.ToString();
                _path = Compile("/crossTenantMigrationJobs/" + JobId + "(?=[/?]|$)");
                return;
            }

            if (string.IsNullOrEmpty(Path)) throw new ArgumentException("path (a regular expression) is required.");
            _path = Compile(Path);
            switch (Action)
            {
                case HostileAction.NextLink when NextLink == null:
                    throw new ArgumentException("a nextLink rule needs nextLink.");
                case HostileAction.Items when Items is not { ValueKind: JsonValueKind.Array }:
                    throw new ArgumentException("an items rule needs items, a JSON array.");
                case HostileAction.Status when Status is not (>= 400 and <= 599):
                    throw new ArgumentException("a status rule needs status, from 400 to 599.");
                case HostileAction.Trickle when IntervalMs < 1 || MaxSeconds < 1 || MaxSeconds > 600:
                    throw new ArgumentException("a trickle rule needs intervalMs of 1 or more and maxSeconds from 1 to 600.");
                case HostileAction.Oversized when SizeBytes < HostileAnswers.OversizedMinimum:
                    throw new ArgumentException($"an oversized rule needs sizeBytes of {HostileAnswers.OversizedMinimum} or more.");
            }
        }

        /// <summary>Whether the request is one this rule looks at.</summary>
        internal bool Matches(string method, string pathAndQuery)
        {
            if (!_path!.IsMatch(pathAndQuery)) return false;
            // Every request about a gone job is answered 404, whatever the method the rule counts.
            return (Action == HostileAction.Gone && _gone) || Method == null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Counts a matching request; true when the rule takes it. Called under the rule set's lock.</summary>
        internal bool TryTake()
        {
            if (Action == HostileAction.Gone)
            {
                if (!_gone) CountRead();
                if (!_gone) return false;
                _fired++;
                return true;
            }

            _matched++;
            if (_matched <= Skip || (Times.HasValue && _fired >= Times.Value)) return false;
            _fired++;
            return true;
        }

        /// <summary>A taken request whose answer the rule could not change after all (not a list page). Under the lock.</summary>
        internal void Untake() => _fired--;

        /// <summary>Gone: a list page shows the job; true when it must be removed from the page. Under the lock.</summary>
        internal bool TakeListed()
        {
            if (!_gone) CountRead();
            if (_gone) _fired++;
            return _gone;
        }

        internal void AddBytesSent(long count) => Interlocked.Add(ref _bytesSent, count);

        /// <summary>The Retry-After header's text, or null.</summary>
        internal string? RetryAfterText => RetryAfter switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Null } => null,
            var other => other.Value.GetRawText(),
        };

        private void CountRead()
        {
            _matched++;
            if (_matched > Skip) _gone = true;
        }

        private static Regex Compile(string pattern)
        {
            try
            {
                return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"path is not a valid regular expression: {e.Message}");
            }
        }
    }
}
