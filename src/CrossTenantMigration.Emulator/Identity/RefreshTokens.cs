using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    internal sealed class RefreshEntry
    {
        public string ClientId { get; set; } = "";
        public string User { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
    }

    /// <summary>Refresh tokens of delegated sign-ins: each stays valid for 90 days, none is revoked by a newer one.</summary>
    internal sealed class RefreshTokenStore
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

        private readonly object _gate = new object();
        private readonly Dictionary<string, RefreshEntry> _tokens = new Dictionary<string, RefreshEntry>(StringComparer.Ordinal);

        public string Issue(string clientId, string user)
        {
            string token = IdentityText.RandomToken(64);
            lock (_gate)
            {
                _tokens[token] = new RefreshEntry { ClientId = clientId, User = user, ExpiresAt = DateTimeOffset.UtcNow + Lifetime };
            }

            return token;
        }

        public RefreshEntry? Find(string token)
        {
            lock (_gate)
            {
                return _tokens.TryGetValue(token, out var entry) ? entry : null;
            }
        }
    }
}
