using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>What the pipeline does to one Graph request besides serving it.</summary>
    internal readonly struct Injection
    {
        private Injection(int? throttledRetryAfter, FaultKind? fault, int retryAfter, TimeSpan stall)
        {
            ThrottledRetryAfter = throttledRetryAfter;
            Fault = fault;
            RetryAfterSeconds = retryAfter;
            Stall = stall;
        }

        /// <summary>Set when throttling answers 429 (its Retry-After); counted as throttled, not as a fault.</summary>
        public int? ThrottledRetryAfter { get; }

        public FaultKind? Fault { get; }

        /// <summary>Retry-After of a 429 or 503 fault.</summary>
        public int RetryAfterSeconds { get; }

        /// <summary>How long a <see cref="FaultKind.Stall"/> waits.</summary>
        public TimeSpan Stall { get; }

        public static Injection None => default;

        public static Injection Throttled(int retryAfter) => new Injection(retryAfter, null, 0, TimeSpan.Zero);

        public static Injection Faulted(FaultKind kind, FaultSettings? settings)
            => new Injection(null, kind, settings?.RetryAfterSeconds ?? 1, settings?.StallDuration ?? FaultSettings.DefaultStall);
    }

    /// <summary>
    /// Decides, per Graph request and in arrival order, whether it is throttled or faulted: first the faults injected by
    /// count, then throttling, then random faults. Random sources are seeded, so a run repeats.
    /// </summary>
    internal sealed class FaultInjector
    {
        private static readonly FaultKind[] AllKinds = (FaultKind[])Enum.GetValues(typeof(FaultKind));

        private readonly object _gate = new object();
        private readonly List<CountedFault> _counted = new List<CountedFault>();
        private ThrottleSettings? _throttle;
        private long _throttleCounter;
        private long _throttleIssued;
        private Random _throttleRandom = new Random(0);
        private FaultSettings? _faults;
        private Random _faultRandom = new Random(0);
        private long _throttled;
        private long _faultsInjected;

        /// <summary>429 injection; null turns it off. Setting it restarts its counters.</summary>
        public ThrottleSettings? Throttle
        {
            get
            {
                lock (_gate)
                {
                    return _throttle;
                }
            }

            set
            {
                lock (_gate)
                {
                    _throttle = value;
                    _throttleCounter = 0;
                    _throttleIssued = 0;
                    _throttleRandom = new Random(value?.Seed ?? 0);
                }
            }
        }

        /// <summary>Random faults; null turns them off. Setting it reseeds the random source.</summary>
        public FaultSettings? Faults
        {
            get
            {
                lock (_gate)
                {
                    return _faults;
                }
            }

            set
            {
                lock (_gate)
                {
                    _faults = value;
                    _faultRandom = new Random(value?.Seed ?? 0);
                }
            }
        }

        public long Throttled
        {
            get
            {
                lock (_gate)
                {
                    return _throttled;
                }
            }
        }

        public long FaultsInjected
        {
            get
            {
                lock (_gate)
                {
                    return _faultsInjected;
                }
            }
        }

        /// <summary>
        /// The next <paramref name="count"/> Graph requests (of <paramref name="method"/> when given, and of the
        /// <paramref name="target"/>) get <paramref name="kind"/>.
        /// </summary>
        public void InjectCounted(FaultKind kind, int count, string? method, FaultTarget target = FaultTarget.AnyRequest)
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "Inject at least one fault.");
            }

            if (!Enum.IsDefined(typeof(FaultKind), kind))
            {
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault kind.");
            }

            if (!Enum.IsDefined(typeof(FaultTarget), target))
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown fault target.");
            }

            string? m = string.IsNullOrWhiteSpace(method) ? null : method!.Trim().ToUpperInvariant();
            lock (_gate)
            {
                _counted.Add(new CountedFault(kind, count, m, target));
            }
        }

        /// <summary>How many faults injected by count for <paramref name="target"/> have yet to fire.</summary>
        public int PendingCounted(FaultTarget target)
        {
            lock (_gate)
            {
                int pending = 0;
                foreach (var c in _counted)
                {
                    if (c.Target == target)
                    {
                        pending += c.Remaining;
                    }
                }

                return pending;
            }
        }

        /// <summary>Drops the faults injected by count for <paramref name="target"/> that have not fired yet.</summary>
        public void ClearCounted(FaultTarget target)
        {
            lock (_gate)
            {
                _counted.RemoveAll(c => c.Target == target);
            }
        }

        /// <summary>Drops the faults injected by count that have not fired yet.</summary>
        public void ClearCounted()
        {
            lock (_gate)
            {
                _counted.Clear();
            }
        }

        /// <param name="method">The request's HTTP method, upper case.</param>
        /// <param name="isCreate">True for a POST to the jobs collection.</param>
        /// <param name="mayThrottle">
        /// False for a JSON batch: throttling strikes the requests inside it, one by one (<see cref="DecideThrottle"/>),
        /// as Graph throttles a batch; the batch itself can still meet a fault.
        /// </param>
        public Injection Decide(string method, bool isCreate, bool mayThrottle = true)
        {
            lock (_gate)
            {
                var counted = TakeCounted(method, isCreate);
                if (counted.HasValue)
                {
                    _faultsInjected++;
                    return Injection.Faulted(counted.Value, _faults);
                }

                if (mayThrottle && CheckThrottle())
                {
                    _throttled++;
                    return Injection.Throttled(_throttle!.RetryAfterSeconds);
                }

                var rolled = RollFault();
                return rolled.HasValue ? Injection.Faulted(rolled.Value, _faults) : Injection.None;
            }
        }

        /// <summary>Whether throttling answers a request inside a JSON batch 429: its Retry-After, or null. It counts as a request for EveryNth.</summary>
        public int? DecideThrottle()
        {
            lock (_gate)
            {
                if (!CheckThrottle())
                {
                    return null;
                }

                _throttled++;
                return _throttle!.RetryAfterSeconds;
            }
        }

        public void ResetCounters()
        {
            lock (_gate)
            {
                _throttled = 0;
                _faultsInjected = 0;
            }
        }

        /// <summary>No throttling, no faults of either kind, counters at zero.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                _throttle = null;
                _faults = null;
                _throttleCounter = 0;
                _throttleIssued = 0;
                _counted.Clear();
                _throttled = 0;
                _faultsInjected = 0;
            }
        }

        /// <summary>The oldest injected fault that matches the method and target; it fires once more.</summary>
        private FaultKind? TakeCounted(string method, bool isCreate)
        {
            for (int i = 0; i < _counted.Count; i++)
            {
                var c = _counted[i];
                if ((c.Method != null && c.Method != method) || (c.Target == FaultTarget.Create && !isCreate))
                {
                    continue;
                }

                c.Remaining--;
                if (c.Remaining == 0)
                {
                    _counted.RemoveAt(i);
                }

                return c.Kind;
            }

            return null;
        }

        private bool CheckThrottle()
        {
            var t = _throttle;
            if (t == null)
            {
                return false;
            }

            _throttleCounter++;
            if (t.MaxCount.HasValue && _throttleIssued >= t.MaxCount.Value)
            {
                return false;
            }

            bool hit = false;
            if (t.EveryNth.HasValue && t.EveryNth.Value > 0)
            {
                hit = _throttleCounter % t.EveryNth.Value == 0;
            }
            else if (t.Probability.HasValue && t.Probability.Value > 0)
            {
                hit = _throttleRandom.NextDouble() < t.Probability.Value;
            }

            if (hit)
            {
                _throttleIssued++;
            }

            return hit;
        }

        private FaultKind? RollFault()
        {
            var f = _faults;
            if (f == null || f.Rate <= 0 || _faultRandom.NextDouble() >= f.Rate)
            {
                return null;
            }

            var kinds = f.Kinds != null && f.Kinds.Count > 0 ? f.Kinds : AllKinds;
            _faultsInjected++;
            return kinds[_faultRandom.Next(kinds.Count)];
        }

        private sealed class CountedFault
        {
            public CountedFault(FaultKind kind, int remaining, string? method, FaultTarget target)
            {
                Kind = kind;
                Remaining = remaining;
                Method = method;
                Target = target;
            }

            public FaultKind Kind { get; }
            public int Remaining { get; set; }
            public string? Method { get; }
            public FaultTarget Target { get; }
        }
    }
}
