using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>Graph requests received, by method: every one counts, throttled, faulted and unauthenticated ones too.</summary>
    internal sealed class RequestCounters
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, long> _byMethod = new Dictionary<string, long>(StringComparer.Ordinal);
        private long _total;

        public void Count(string method)
        {
            lock (_gate)
            {
                _total++;
                _byMethod.TryGetValue(method, out long n);
                _byMethod[method] = n + 1;
            }
        }

        public (long Total, Dictionary<string, long> ByMethod) Snapshot()
        {
            lock (_gate)
            {
                return (_total, new Dictionary<string, long>(_byMethod, StringComparer.Ordinal));
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                _total = 0;
                _byMethod.Clear();
            }
        }
    }
}
