using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace CrossTenantMigration.Emulator
{
    /// <summary>A space-separated OAuth scope parameter for Microsoft Graph.</summary>
    internal sealed class ScopeRequest
    {
        private static readonly string[] Oidc = { "openid", "profile", "offline_access", "email" };

        public List<string> Raw { get; } = new List<string>();
        public bool IsDefault { get; private set; }
        public List<string> Permissions { get; } = new List<string>();
        public List<string> OidcScopes { get; } = new List<string>();

        public static ScopeRequest Parse(string scope, EmulatorRequest ctx)
        {
            var result = new ScopeRequest();
            foreach (var s in scope.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                result.Raw.Add(s);
                string? oidc = Oidc.FirstOrDefault(o => string.Equals(o, s, StringComparison.OrdinalIgnoreCase));
                if (oidc != null)
                {
                    if (!result.OidcScopes.Contains(oidc))
                    {
                        result.OidcScopes.Add(oidc);
                    }

                    continue;
                }

                string resource;
                string permission;
                int slash = s.LastIndexOf('/');
                if (slash < 0)
                {
                    resource = AccessTokens.GraphAudience; // a bare scope is a Microsoft Graph permission
                    permission = s;
                }
                else
                {
                    resource = s.Substring(0, slash).TrimEnd('/');
                    permission = s.Substring(slash + 1);
                }

                if (!string.Equals(resource, AccessTokens.GraphAudience, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(resource, AccessTokens.GraphAppId, StringComparison.OrdinalIgnoreCase))
                {
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_resource", 500011, $"The resource principal named {resource} was not found in the tenant named {ctx.Segments[0]}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.");
                }

                if (permission == ".default")
                {
                    result.IsDefault = true;
                }
                else if (permission.Length > 0)
                {
                    result.Permissions.Add(permission);
                }
            }

            if (result.Raw.Count == 0)
            {
                throw AadErrorException.MissingParameter("scope");
            }

            if (result.IsDefault && result.Permissions.Count > 0)
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_scope", 70011, $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid. .default scope can't be combined with resource-specific scopes.");
            }

            return result;
        }
    }
}
