using System;
using System.Threading;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>
    /// The service's clock as its answers tell it (the Date header): the service's timestamps are measured
    /// against it, so that a machine whose clock is off (or a sandbox whose clock was moved on) still
    /// judges them rightly.
    /// </summary>
    internal sealed class ServiceClock
    {
        private long _offsetTicks;

        public DateTimeOffset Now => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        public void Observe(DateTimeOffset serviceDate) =>
            Interlocked.Exchange(ref _offsetTicks, (serviceDate - DateTimeOffset.UtcNow).Ticks);
    }
}
