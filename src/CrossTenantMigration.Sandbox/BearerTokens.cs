using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The sandbox's own bearer tokens: HS256 JWTs signed with a key made at random for each instance, so a token of
    /// another instance is a forgery. Validation checks, in this order, the form, the algorithm, the signature, the
    /// lifetime against real time with no skew, the audience, the tenant and the issuer.
    /// </summary>
    internal sealed class BearerTokens
    {
        public const string GraphAudience = "https://graph.microsoft.com";
        public const string GraphAppId = "00000003-0000-0000-c000-000000000000";
        public const string ReadPermission = "CrossTenantContentMigration.Read.All";
        public const string ReadWritePermission = "CrossTenantContentMigration.ReadWrite.All";
        public const string DefaultObjectId = "a0d9fdb1-171f-4e2b-8a82-06775ad24790";
        public const string DefaultUpn = "admin@contoso.onmicrosoft.com";
        public const string DefaultAppId = "6731de76-14a6-49ae-97bc-6eba6914391e";

        private const string NotWellFormed = "IDX14100: JWT is not well formed.";

        // times go into the claims as given: an expired or not-yet-valid token is something tests ask for
        private readonly JsonWebTokenHandler _handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        private readonly SymmetricSecurityKey _key;
        private readonly SigningCredentials _signing;

        public BearerTokens()
        {
            var key = new byte[32];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(key);
            }

            _key = new SymmetricSecurityKey(key);
            _signing = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256);
        }

        public IssuedToken Issue(TokenRequest request, string defaultTenant)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var now = DateTimeOffset.UtcNow;
            long exp = (now + request.Lifetime).ToUnixTimeSeconds();
            string tenant = request.TenantId ?? defaultTenant;
            var scopes = request.Scopes;
            var roles = request.Roles;
            if (scopes == null && roles == null)
            {
                scopes = new[] { ReadWritePermission };
            }

            var claims = new Dictionary<string, object>
            {
                ["aud"] = request.Audience ?? GraphAudience,
                ["iss"] = "https://sts.windows.net/" + tenant + "/",
                ["iat"] = now.ToUnixTimeSeconds(),
                ["nbf"] = (request.NotBefore ?? now).ToUnixTimeSeconds(),
                ["exp"] = exp,
                ["tid"] = tenant,
                ["oid"] = request.ObjectId ?? DefaultObjectId,
                ["sub"] = request.ObjectId ?? DefaultObjectId,
                ["idtyp"] = scopes == null ? "app" : "user",
            };
            if (scopes != null)
            {
                claims["scp"] = string.Join(" ", scopes);
                claims["upn"] = request.Upn ?? DefaultUpn;
            }

            if (roles != null)
            {
                claims["roles"] = new List<string>(roles);
            }

            claims["appid"] = request.AppId ?? DefaultAppId;
            claims["azp"] = request.AppId ?? DefaultAppId;
            claims["ver"] = "1.0";
            string token = _handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = _signing });
            return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(exp));
        }

        /// <summary>Validates a bearer token: the caller, or null and the reason for the 401.</summary>
        public async Task<(CallerPrincipal? Principal, string Failure)> ValidateAsync(string? authorizationHeader, string expectedTenant)
        {
            if (string.IsNullOrWhiteSpace(authorizationHeader))
            {
                return (null, "Access token is empty.");
            }

            string value = authorizationHeader!.Trim();
            if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return (null, "Authorization header is not a Bearer token.");
            }

            string token = value.Substring(7).Trim();
            if (token.Length == 0)
            {
                return (null, "Access token is empty.");
            }

            var jwt = Read(token);
            if (jwt == null)
            {
                return (null, NotWellFormed);
            }

            if (jwt.Alg != SecurityAlgorithms.HmacSha256)
            {
                return (null, "Invalid signing algorithm.");
            }

            var result = await _handler.ValidateTokenAsync(jwt, Parameters(expectedTenant)).ConfigureAwait(false);
            if (!result.IsValid)
            {
                return (null, FailureOf(result.Exception));
            }

            return (Principal(jwt), "");
        }

        /// <summary>A compact JWS of three parts, or null.</summary>
        private static JsonWebToken? Read(string token)
        {
            if (token.Split('.').Length != 3)
            {
                return null;
            }

            try
            {
                return new JsonWebToken(token);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private TokenValidationParameters Parameters(string expectedTenant) => new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            LifetimeValidator = (notBefore, expires, _, _) => ValidateLifetime(notBefore, expires),
            AudienceValidator = (_, token, _) => ValidateAudience((JsonWebToken)token),
            IssuerValidator = (issuer, token, _) => ValidateIssuer(issuer, (JsonWebToken)token, expectedTenant),
        };

        // real time, whole seconds and no skew, so that a test can let a token expire in real seconds
        private static bool ValidateLifetime(DateTime? notBefore, DateTime? expires)
        {
            if (!expires.HasValue || !notBefore.HasValue)
            {
                throw new Rejected("Lifetime validation failed. The token is missing an expiration or not-before time.");
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (Unix(expires.Value) <= now)
            {
                throw new Rejected("Lifetime validation failed, the token is expired.");
            }

            if (Unix(notBefore.Value) > now)
            {
                throw new Rejected("Lifetime validation failed, the token is not yet valid.");
            }

            return true;
        }

        private static bool ValidateAudience(JsonWebToken token)
        {
            token.TryGetPayloadValue("aud", out string? aud);
            if (!string.Equals(aud, GraphAudience, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(aud, GraphAudience + "/", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(aud, GraphAppId, StringComparison.OrdinalIgnoreCase))
            {
                throw new Rejected("Invalid audience.");
            }

            return true;
        }

        private static string ValidateIssuer(string issuer, JsonWebToken token, string expectedTenant)
        {
            token.TryGetPayloadValue("tid", out string? tid);
            if (!string.Equals(tid, expectedTenant, StringComparison.OrdinalIgnoreCase))
            {
                throw new Rejected("Invalid tenant. The token was not issued for the tenant that owns this resource.");
            }

            if (!string.Equals(issuer, "https://sts.windows.net/" + tid + "/", StringComparison.OrdinalIgnoreCase))
            {
                throw new Rejected("Invalid issuer.");
            }

            return issuer;
        }

        private static string FailureOf(Exception? exception)
        {
            switch (exception)
            {
                case Rejected rejected:
                    return rejected.Message;
                case SecurityTokenSignatureKeyNotFoundException _:
                case SecurityTokenInvalidSignatureException _:
                    return "Invalid signature.";
                default:
                    return NotWellFormed;
            }
        }

        private static CallerPrincipal Principal(JsonWebToken jwt)
        {
            jwt.TryGetPayloadValue("oid", out string? oid);
            jwt.TryGetPayloadValue("appid", out string? appId);
            var principal = new CallerPrincipal { ObjectId = oid ?? "", AppId = appId };
            if (jwt.TryGetPayloadValue("scp", out string? scp) && scp != null)
            {
                jwt.TryGetPayloadValue("upn", out string? upn);
                principal.Upn = upn;
                foreach (var s in scp.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    principal.Permissions.Add(s);
                }
            }

            if (jwt.TryGetPayloadValue("roles", out string[]? roles) && roles != null)
            {
                foreach (var r in roles)
                {
                    principal.Permissions.Add(r);
                }
            }

            return principal;
        }

        private static long Unix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeSeconds();

        /// <summary>A check of this service failed; its message is the 401's.</summary>
        private sealed class Rejected : SecurityTokenValidationException
        {
            public Rejected(string message)
                : base(message)
            {
            }
        }
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
}
