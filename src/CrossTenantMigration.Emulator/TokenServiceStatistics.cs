using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// What the token service and the managed-identity endpoints have counted: requests for tokens, not Graph requests,
    /// which the sandbox counts in its <see cref="SandboxStatistics"/>.
    /// </summary>
    public sealed class TokenServiceStatistics
    {
        /// <summary>Requests to the token service and the managed-identity endpoints.</summary>
        public long Requests { get; set; }

        /// <summary>
        /// The requests by kind: <c>client_credentials</c>, <c>device_code</c>, <c>refresh_token</c> (token endpoint
        /// by grant; <c>unsupported</c> or <c>none</c> for another or a missing grant_type), <c>devicecode</c> (device
        /// authorization), <c>managed_identity</c>, <c>metadata</c> (instance discovery, OpenID configuration, keys).
        /// </summary>
        public IReadOnlyDictionary<string, long> ByGrant { get; set; } = new Dictionary<string, long>();
    }
}
