using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>What to put in a token issued by <see cref="MigrationServiceEmulator.IssueToken"/>.</summary>
    public sealed class TokenRequest
    {
        /// <summary>Delegated permissions (the <c>scp</c> claim). When both Scopes and Roles are null the token carries <c>scp</c> = CrossTenantContentMigration.ReadWrite.All.</summary>
        public IList<string>? Scopes { get; set; }

        /// <summary>Application permissions (the <c>roles</c> claim). A token with roles and no scopes is an app-only token (<c>appid</c>, no <c>upn</c>).</summary>
        public IList<string>? Roles { get; set; }

        /// <summary>Time until <c>exp</c>, in real time. Zero or negative gives an already expired token.</summary>
        public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Optional <c>nbf</c>; default: issue time.</summary>
        public DateTimeOffset? NotBefore { get; set; }

        /// <summary>The <c>tid</c> claim; default: the emulator's target tenant.</summary>
        public string? TenantId { get; set; }

        /// <summary>The <c>aud</c> claim; default: https://graph.microsoft.com.</summary>
        public string? Audience { get; set; }

        /// <summary>The <c>oid</c> claim; default: a fixed sample object id.</summary>
        public string? ObjectId { get; set; }

        /// <summary>The <c>upn</c> claim of a delegated token; default: admin@contoso.onmicrosoft.com.</summary>
        public string? Upn { get; set; }

        /// <summary>The <c>appid</c> claim; default: a fixed sample application id.</summary>
        public string? AppId { get; set; }
    }

    /// <summary>A token issued by the emulator.</summary>
    public sealed class IssuedToken
    {
        /// <summary>Creates the value.</summary>
        public IssuedToken(string accessToken, DateTimeOffset expiresOn)
        {
            AccessToken = accessToken;
            ExpiresOn = expiresOn;
        }

        /// <summary>The compact JWT.</summary>
        public string AccessToken { get; }

        /// <summary>The <c>exp</c> claim (real time).</summary>
        public DateTimeOffset ExpiresOn { get; }
    }

    /// <summary>The identity taken from a validated token.</summary>
    internal sealed class CallerPrincipal
    {
        public string ObjectId { get; set; } = "";
        public string? Upn { get; set; }
        public string? AppId { get; set; }
        public HashSet<string> Permissions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        public string DisplayIdentity => Upn ?? AppId ?? ObjectId;
    }

    /// <summary>HS256 JWT issue and validation with a per-instance random key.</summary>
    internal sealed class TokenService
    {
        public const string GraphAudience = "https://graph.microsoft.com";
        public const string GraphAppId = "00000003-0000-0000-c000-000000000000";
        public const string ReadPermission = "CrossTenantContentMigration.Read.All";
        public const string ReadWritePermission = "CrossTenantContentMigration.ReadWrite.All";
        public const string DefaultObjectId = "a0d9fdb1-171f-4e2b-8a82-06775ad24790";
        public const string DefaultUpn = "admin@contoso.onmicrosoft.com";
        public const string DefaultAppId = "6731de76-14a6-49ae-97bc-6eba6914391e";

        private readonly byte[] _key;

        public TokenService()
        {
            _key = new byte[32];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(_key);
            }
        }

        public IssuedToken Issue(TokenRequest request, string defaultTenant)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var now = DateTimeOffset.UtcNow;
            var exp = now + request.Lifetime;
            var nbf = request.NotBefore ?? now;
            var tenant = request.TenantId ?? defaultTenant;
            var scopes = request.Scopes;
            var roles = request.Roles;
            if (scopes == null && roles == null)
            {
                scopes = new[] { ReadWritePermission };
            }

            bool appOnly = scopes == null;
            string header = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
            byte[] payloadBytes;
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms))
                {
                    w.WriteStartObject();
                    w.WriteString("aud", request.Audience ?? GraphAudience);
                    w.WriteString("iss", "https://sts.windows.net/" + tenant + "/");
                    w.WriteNumber("iat", now.ToUnixTimeSeconds());
                    w.WriteNumber("nbf", nbf.ToUnixTimeSeconds());
                    w.WriteNumber("exp", exp.ToUnixTimeSeconds());
                    w.WriteString("tid", tenant);
                    w.WriteString("oid", request.ObjectId ?? DefaultObjectId);
                    w.WriteString("sub", request.ObjectId ?? DefaultObjectId);
                    w.WriteString("idtyp", appOnly ? "app" : "user");
                    if (scopes != null)
                    {
                        w.WriteString("scp", string.Join(" ", scopes));
                        w.WriteString("upn", request.Upn ?? DefaultUpn);
                    }

                    if (roles != null)
                    {
                        w.WriteStartArray("roles");
                        foreach (var r in roles)
                        {
                            w.WriteStringValue(r);
                        }

                        w.WriteEndArray();
                    }

                    w.WriteString("appid", request.AppId ?? DefaultAppId);
                    w.WriteString("azp", request.AppId ?? DefaultAppId);
                    w.WriteString("ver", "1.0");
                    w.WriteEndObject();
                }

                payloadBytes = ms.ToArray();
            }

            string signingInput = header + "." + Base64Url.Encode(payloadBytes);
            string token = signingInput + "." + Base64Url.Encode(Sign(signingInput));
            // exp is whole seconds in the token
            return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(exp.ToUnixTimeSeconds()));
        }

        /// <summary>An HS256 JWT with the instance key over the claims written by <paramref name="writeClaims"/> (inside the object).</summary>
        public string CreateJwt(Action<Utf8JsonWriter> writeClaims)
        {
            string header = Base64Url.Encode(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
            byte[] payload = JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                writeClaims(w);
                w.WriteEndObject();
            });
            string signingInput = header + "." + Base64Url.Encode(payload);
            return signingInput + "." + Base64Url.Encode(Sign(signingInput));
        }

        /// <summary>Validates a bearer token. Returns null and a reason when it is not acceptable.</summary>
        public CallerPrincipal? Validate(string? authorizationHeader, string expectedTenant, out string failure)
        {
            failure = "";
            if (string.IsNullOrWhiteSpace(authorizationHeader))
            {
                failure = "Access token is empty.";
                return null;
            }

            string value = authorizationHeader!.Trim();
            if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                failure = "Authorization header is not a Bearer token.";
                return null;
            }

            string token = value.Substring(7).Trim();
            if (token.Length == 0)
            {
                failure = "Access token is empty.";
                return null;
            }

            var parts = token.Split('.');
            if (parts.Length != 3)
            {
                failure = "IDX14100: JWT is not well formed.";
                return null;
            }

            byte[] headerBytes, payloadBytes, signature;
            try
            {
                headerBytes = Base64Url.Decode(parts[0]);
                payloadBytes = Base64Url.Decode(parts[1]);
                signature = Base64Url.Decode(parts[2]);
            }
            catch (FormatException)
            {
                failure = "IDX14100: JWT is not well formed.";
                return null;
            }

            try
            {
                using (var headerDoc = JsonDocument.Parse(headerBytes))
                {
                    if (headerDoc.RootElement.ValueKind != JsonValueKind.Object
                        || !headerDoc.RootElement.TryGetProperty("alg", out var alg)
                        || alg.ValueKind != JsonValueKind.String
                        || alg.GetString() != "HS256")
                    {
                        failure = "Invalid signing algorithm.";
                        return null;
                    }
                }
            }
            catch (JsonException)
            {
                failure = "IDX14100: JWT is not well formed.";
                return null;
            }

            if (!FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
            {
                failure = "Invalid signature.";
                return null;
            }

            try
            {
                using (var doc = JsonDocument.Parse(payloadBytes))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        failure = "IDX14100: JWT is not well formed.";
                        return null;
                    }

                    long nowUnix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    if (!TryGetLong(root, "exp", out long exp) || !TryGetLong(root, "nbf", out long nbf))
                    {
                        failure = "Lifetime validation failed. The token is missing an expiration or not-before time.";
                        return null;
                    }

                    if (exp <= nowUnix)
                    {
                        failure = "Lifetime validation failed, the token is expired.";
                        return null;
                    }

                    if (nbf > nowUnix)
                    {
                        failure = "Lifetime validation failed, the token is not yet valid.";
                        return null;
                    }

                    string? aud = GetString(root, "aud");
                    if (!string.Equals(aud, GraphAudience, StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(aud, GraphAudience + "/", StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(aud, GraphAppId, StringComparison.OrdinalIgnoreCase))
                    {
                        failure = "Invalid audience.";
                        return null;
                    }

                    string? tid = GetString(root, "tid");
                    if (!string.Equals(tid, expectedTenant, StringComparison.OrdinalIgnoreCase))
                    {
                        failure = "Invalid tenant. The token was not issued for the tenant that owns this resource.";
                        return null;
                    }

                    string? iss = GetString(root, "iss");
                    if (!string.Equals(iss, "https://sts.windows.net/" + tid + "/", StringComparison.OrdinalIgnoreCase))
                    {
                        failure = "Invalid issuer.";
                        return null;
                    }

                    var principal = new CallerPrincipal
                    {
                        ObjectId = GetString(root, "oid") ?? "",
                        Upn = GetString(root, "upn"),
                        AppId = GetString(root, "appid"),
                    };

                    string? scp = GetString(root, "scp");
                    if (scp != null)
                    {
                        foreach (var s in scp.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                        {
                            principal.Permissions.Add(s);
                        }
                    }
                    else
                    {
                        principal.Upn = null;
                    }

                    if (root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var r in roles.EnumerateArray())
                        {
                            if (r.ValueKind == JsonValueKind.String)
                            {
                                principal.Permissions.Add(r.GetString()!);
                            }
                        }
                    }

                    return principal;
                }
            }
            catch (JsonException)
            {
                failure = "IDX14100: JWT is not well formed.";
                return null;
            }
        }

        private byte[] Sign(string input)
        {
            using (var hmac = new HMACSHA256(_key))
            {
                return hmac.ComputeHash(Encoding.ASCII.GetBytes(input));
            }
        }

        private static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            int diff = 0;
            for (int i = 0; i < a.Length; i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }

        private static string? GetString(JsonElement root, string name)
            => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static bool TryGetLong(JsonElement root, string name, out long value)
        {
            value = 0;
            return root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value);
        }
    }

    internal static class Base64Url
    {
        public static string Encode(byte[] data)
            => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[] Decode(string text)
        {
            if (text.IndexOfAny(new[] { '+', '/', '=' }) >= 0)
            {
                throw new FormatException("Not base64url.");
            }

            string s = text.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 0: break;
                case 2: s += "=="; break;
                case 3: s += "="; break;
                default: throw new FormatException("Invalid base64url length.");
            }

            return Convert.FromBase64String(s);
        }
    }
}
