using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// A total and a count by key, thread-safe: Graph requests by HTTP method (every one counts, throttled,
    /// faulted and unauthenticated ones too), token-service requests by grant.
    /// </summary>
    internal sealed class CountsByKey
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, long> _byKey = new Dictionary<string, long>(StringComparer.Ordinal);
        private long _total;

        public void Count(string key)
        {
            lock (_gate)
            {
                _total++;
                _byKey.TryGetValue(key, out long n);
                _byKey[key] = n + 1;
            }
        }

        public (long Total, Dictionary<string, long> ByKey) Snapshot()
        {
            lock (_gate)
            {
                return (_total, new Dictionary<string, long>(_byKey, StringComparer.Ordinal));
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                _total = 0;
                _byKey.Clear();
            }
        }
    }
}
