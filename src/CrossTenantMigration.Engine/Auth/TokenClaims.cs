using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>
    /// The claims of a JWT access token that Get-XtMigrationContext shows. Read without validating the
    /// signature: only the service can validate it, and nothing here is used to grant access.
    /// </summary>
    internal sealed class TokenClaims
    {
        public string? TenantId { get; private set; }
        public string? ClientId { get; private set; }
        public string? Account { get; private set; }
        public string[] Scopes { get; private set; } = Array.Empty<string>();
        public DateTimeOffset? ExpiresOn { get; private set; }

        /// <summary>The claims, or null when the token is not a JWT (Graph tokens are, but need not be).</summary>
        public static TokenClaims? TryRead(string token)
        {
            JsonWebToken jwt;
            try
            {
                jwt = new JsonWebToken(token);
            }
            catch (ArgumentException)
            {
                return null;
            }

            var scopes = new List<string>();
            if (Text(jwt, "scp") is string scp) scopes.AddRange(scp.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
            scopes.AddRange(jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
            return new TokenClaims
            {
                TenantId = Text(jwt, "tid"),
                ClientId = Text(jwt, "appid") ?? Text(jwt, "azp"),
                Account = Text(jwt, "upn") ?? Text(jwt, "unique_name") ?? Text(jwt, "preferred_username") ?? Text(jwt, "app_displayname") ?? Text(jwt, "appid"),
                Scopes = scopes.ToArray(),
                ExpiresOn = jwt.TryGetPayloadValue<long>("exp", out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null,
            };
        }

        private static string? Text(JsonWebToken jwt, string name) =>
            jwt.TryGetPayloadValue<string>(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
    }
}
