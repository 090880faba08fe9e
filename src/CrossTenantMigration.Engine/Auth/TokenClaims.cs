using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>
    /// The claims of a JWT access token that Get-XtMigrationContext shows. Read without validating the
    /// signature: only the service can validate it, and nothing here is used to grant access. The payload
    /// is read with System.Text.Json, which PowerShell 7 already holds: a token library would load four
    /// more assemblies on every connection for five claims (measured in bench/results.md, first call).
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
            if (parts.Length != 3 || parts[1].Length == 0) return null;
            try
            {
                using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
                var claims = payload.RootElement;
                if (claims.ValueKind != JsonValueKind.Object) return null;
                var scopes = new List<string>();
                if (Text(claims, "scp") is string scp) scopes.AddRange(scp.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
                if (claims.TryGetProperty("roles", out var roles))
                {
                    if (roles.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var role in roles.EnumerateArray())
                            if (role.ValueKind == JsonValueKind.String && role.GetString() is string r && r.Length > 0) scopes.Add(r);
                    }
                    else if (roles.ValueKind == JsonValueKind.String && roles.GetString() is string single && single.Length > 0) scopes.Add(single);
                }
                return new TokenClaims
                {
                    TenantId = Text(claims, "tid"),
                    ClientId = Text(claims, "appid") ?? Text(claims, "azp"),
                    Account = Text(claims, "upn") ?? Text(claims, "unique_name") ?? Text(claims, "preferred_username") ?? Text(claims, "app_displayname") ?? Text(claims, "appid"),
                    Scopes = scopes.ToArray(),
                    ExpiresOn = claims.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null,
                };
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is ArgumentException)
            {
                return null;
            }
        }

        private static string? Text(JsonElement claims, string name) =>
            claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is string text && text.Length > 0 ? text : null;

        /// <summary>Base64url (RFC 7515 §2): no padding, '-' and '_' for '+' and '/'.</summary>
        private static byte[] FromBase64Url(string text)
        {
            var base64 = new StringBuilder(text.Length + 3).Append(text).Replace('-', '+').Replace('_', '/');
            base64.Append('=', (4 - text.Length % 4) % 4);
            return Convert.FromBase64String(base64.ToString());
        }
    }
}
