using System;
using System.Threading;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The sandbox's notion of "now": real UTC time plus an offset that tests move forward.
    /// Job state advances against this clock; token lifetimes use real time.
    /// </summary>
    public sealed class SandboxClock
    {
        private long _offsetTicks;

        /// <summary>Real UTC now plus the accumulated offset.</summary>
        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow + Offset;

        /// <summary>The total amount the clock has been advanced.</summary>
        public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        /// <summary>Moves the clock forward. Time never goes backwards, so a negative value is rejected.</summary>
        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(by), by, "The sandbox clock can only move forward.");
            }

            Interlocked.Add(ref _offsetTicks, by.Ticks);
        }

        /// <summary>Drops the offset: the clock shows real time again.</summary>
        public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
    }
}
