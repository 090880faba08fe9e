using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

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
            var parts = token.Split('.');
            if (parts.Length != 3) return null;
            try
            {
                using var document = JsonDocument.Parse(Base64UrlDecode(parts[1]));
                var root = document.RootElement;
                var claims = new TokenClaims
                {
                    TenantId = Text(root, "tid"),
                    ClientId = Text(root, "appid") ?? Text(root, "azp"),
                    Account = Text(root, "upn") ?? Text(root, "unique_name") ?? Text(root, "preferred_username") ?? Text(root, "app_displayname") ?? Text(root, "appid"),
                };
                var scopes = new List<string>();
                if (Text(root, "scp") is string scp) scopes.AddRange(scp.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
                if (root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
                    scopes.AddRange(roles.EnumerateArray().Select(r => r.GetString()).Where(r => r != null)!);
                claims.Scopes = scopes.ToArray();
                if (root.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds))
                    claims.ExpiresOn = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return claims;
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is ArgumentException)
            {
                return null;
            }
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static byte[] Base64UrlDecode(string value)
        {
            var s = value.Replace('-', '+').Replace('_', '/');
            s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
            return Convert.FromBase64String(s);
        }
    }
}
