using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    /// <summary>Requests to the token service and the managed-identity endpoints, by kind; never part of the Graph counts.</summary>
    internal sealed class TokenCounters
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, long> _byGrant = new Dictionary<string, long>(StringComparer.Ordinal);
        private long _total;

        public void Count(string grant)
        {
            lock (_gate)
            {
                _total++;
                _byGrant.TryGetValue(grant, out long n);
                _byGrant[grant] = n + 1;
            }
        }

        public (long Total, Dictionary<string, long> ByGrant) Snapshot()
        {
            lock (_gate)
            {
                return (_total, new Dictionary<string, long>(_byGrant, StringComparer.Ordinal));
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                _total = 0;
                _byGrant.Clear();
            }
        }
    }
}
