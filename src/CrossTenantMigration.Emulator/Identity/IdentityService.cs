using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// The emulated Entra ID token service and managed-identity endpoints: routes their paths, counts each request by
    /// kind and answers errors in Entra ID's shape. Never throttled or faulted; not part of the Graph statistics.
    /// </summary>
    internal sealed class IdentityService
    {
        private readonly object _gate = new object();
        private readonly Tenants _tenants;
        private readonly AuthorityMetadata _metadata;
        private readonly TokenEndpoint _tokenEndpoint;
        private readonly ManagedIdentityEndpoint _managedIdentityEndpoint;
        private ManagedIdentitySettings? _managedIdentity;

        /// <param name="options">The emulated service's options: its tenant is the token service's.</param>
        /// <param name="tokens">The access tokens the token service issues and the Graph routes accept.</param>
        public IdentityService(SandboxOptions options, AccessTokens tokens)
        {
            _tenants = new Tenants(options);
            _metadata = new AuthorityMetadata(_tenants);
            _tokenEndpoint = new TokenEndpoint(options, tokens, _tenants, Apps, DeviceCodes, new RefreshTokenStore(), Federation);
            _managedIdentityEndpoint = new ManagedIdentityEndpoint(tokens, () => ManagedIdentity);
        }

        public AppRegistry Apps { get; } = new AppRegistry();

        public DeviceCodeStore DeviceCodes { get; } = new DeviceCodeStore();

        public FederatedTokens Federation { get; } = new FederatedTokens();

        public TokenRequestCounts Counters { get; } = new TokenRequestCounts();

        /// <summary>The managed identities of the emulated resource (copies in and out); null means none is enabled.</summary>
        public ManagedIdentitySettings? ManagedIdentity
        {
            get
            {
                lock (_gate)
                {
                    return _managedIdentity?.Clone();
                }
            }

            set
            {
                if (value != null && value.TokenLifetime <= TimeSpan.Zero)
                {
                    throw new ArgumentException("TokenLifetime must be positive.", nameof(value));
                }

                lock (_gate)
                {
                    _managedIdentity = value?.Clone();
                }
            }
        }

        /// <summary>
        /// What answers a path of the token service or the managed-identity endpoints, counting the request by kind;
        /// null when the path is none of them.
        /// </summary>
        public Func<EmulatorRequest, Task<EmulatorResponse>>? Route(IReadOnlyList<string> s)
        {
            bool Is(int i, string value) => string.Equals(s[i], value, StringComparison.OrdinalIgnoreCase);

            if (s.Count == 2 && Is(0, "msi") && Is(1, "token"))
            {
                return ctx => Counted("managed_identity", () => _managedIdentityEndpoint.HandleMsi(ctx));
            }

            if (s.Count == 4 && Is(0, "metadata") && Is(1, "identity") && Is(2, "oauth2") && Is(3, "token"))
            {
                return ctx => Counted("managed_identity", () => _managedIdentityEndpoint.HandleImds(ctx));
            }

            if (s.Count == 3 && Is(1, "discovery") && Is(2, "instance"))
            {
                return ctx => Guard(ctx, "metadata", () => _metadata.InstanceDiscovery(ctx));
            }

            if (s.Count == 4 && Is(1, "v2.0") && Is(2, ".well-known") && Is(3, "openid-configuration"))
            {
                return ctx => Guard(ctx, "metadata", () => _metadata.OpenIdConfiguration(ctx));
            }

            if (s.Count == 4 && Is(1, "discovery") && Is(2, "v2.0") && Is(3, "keys"))
            {
                return ctx => Guard(ctx, "metadata", () => _metadata.Keys(ctx));
            }

            if (s.Count == 4 && Is(1, "oauth2") && Is(2, "v2.0") && Is(3, "devicecode"))
            {
                return ctx => Guard(ctx, "devicecode", () => _tokenEndpoint.DeviceAuthorization(ctx));
            }

            if (s.Count == 4 && Is(1, "oauth2") && Is(2, "v2.0") && Is(3, "token"))
            {
                return TokenAsync;
            }

            return null;
        }

        private async Task<EmulatorResponse> TokenAsync(EmulatorRequest ctx)
        {
            var form = ctx.Method == "POST" ? IdentityText.ParseForm(ctx.Body) : null;
            Counters.Count(TokenEndpoint.GrantName(form));
            try
            {
                return await _tokenEndpoint.TokenAsync(ctx, form).ConfigureAwait(false);
            }
            catch (AadErrorException e)
            {
                return e.ToResponse(ctx);
            }
        }

        private Task<EmulatorResponse> Counted(string kind, Func<EmulatorResponse> handler)
        {
            Counters.Count(kind);
            return Task.FromResult(handler());
        }

        /// <summary>Device codes issued and the token counters; registrations, identities and refresh tokens stay.</summary>
        public void Reset(bool countersOnly)
        {
            Counters.Reset();
            if (!countersOnly)
            {
                DeviceCodes.Reset();
            }
        }

        private Task<EmulatorResponse> Guard(EmulatorRequest ctx, string kind, Func<EmulatorResponse> handler)
        {
            Counters.Count(kind);
            try
            {
                return Task.FromResult(handler());
            }
            catch (AadErrorException e)
            {
                return Task.FromResult(e.ToResponse(ctx));
            }
        }
    }
}
