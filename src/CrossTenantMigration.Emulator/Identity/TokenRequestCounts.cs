using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    /// <summary>The token service's requests, in total and by kind; thread-safe.</summary>
    internal sealed class TokenRequestCounts
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, long> _byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        private long _total;

        public void Count(string kind)
        {
            lock (_gate)
            {
                _total++;
                _byKind[kind] = _byKind.GetValueOrDefault(kind) + 1;
            }
        }

        public TokenServiceStatistics Snapshot()
        {
            lock (_gate)
            {
                return new TokenServiceStatistics { Requests = _total, ByGrant = new Dictionary<string, long>(_byKind, StringComparer.Ordinal) };
            }
        }

        public void Reset()
        {
            lock (_gate)
            {
                _total = 0;
                _byKind.Clear();
            }
        }
    }
}
