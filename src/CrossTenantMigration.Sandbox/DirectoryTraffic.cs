using System.Threading;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// What the directory was asked: JSON batches received, and lookups of one user, on their own or inside a batch,
    /// whatever their answer (as every Graph request counts, throttled and refused ones too). Thread-safe.
    /// </summary>
    internal sealed class DirectoryTraffic
    {
        private long _batches;
        private long _userLookups;

        public long Batches => Interlocked.Read(ref _batches);

        public long UserLookups => Interlocked.Read(ref _userLookups);

        public void CountBatch() => Interlocked.Increment(ref _batches);

        public void CountUserLookup() => Interlocked.Increment(ref _userLookups);

        public void Reset()
        {
            Interlocked.Exchange(ref _batches, 0);
            Interlocked.Exchange(ref _userLookups, 0);
        }
    }
}
