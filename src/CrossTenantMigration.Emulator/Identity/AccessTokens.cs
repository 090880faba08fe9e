using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;
using CrossTenantMigration.Sandbox;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// The access tokens of the emulated Entra ID, and how the sandbox's Graph routes know them: HS256 JWTs signed with a
    /// key made at random for each instance, so a token of another instance is a forgery. Validation checks, in this
    /// order, the form, the algorithm, the signature, the lifetime against real time with no skew, the audience, the
    /// tenant and the issuer; the caller's permissions are its scp and roles.
    /// </summary>
    internal sealed class AccessTokens : ICallerAuthenticator
    {
        public const string GraphAudience = "https://graph.microsoft.com";
        public const string GraphAppId = "00000003-0000-0000-c000-000000000000";
        public const string DefaultObjectId = "a0d9fdb1-171f-4e2b-8a82-06775ad24790";
        public const string DefaultUpn = "admin@contoso.onmicrosoft.com";
        public const string DefaultAppId = "6731de76-14a6-49ae-97bc-6eba6914391e";

        private const string NotWellFormed = "IDX14100: JWT is not well formed.";

        /// <summary>What a token asked for without scopes or roles may do: migrate, and read users by name, as the sandbox's administrator.</summary>
        public static readonly string[] DefaultScopes = { SandboxCaller.ReadWritePermission, SandboxCaller.UserReadBasicPermission };

        // times go into the claims as given: an expired or not-yet-valid token is something tests ask for
        private readonly JsonWebTokenHandler _handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        private readonly SymmetricSecurityKey _key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        private readonly SigningCredentials _signing;
        private readonly SandboxOptions _options;

        /// <param name="options">Whose TargetTenantId is the tenant a token must be for.</param>
        public AccessTokens(SandboxOptions options)
        {
            _options = options;
            _signing = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256);
        }

        public IssuedToken Issue(TokenRequest request)
        {
            ArgumentNullException.ThrowIfNull(request);
            var now = DateTimeOffset.UtcNow;
            long exp = (now + request.Lifetime).ToUnixTimeSeconds();
            string tenant = request.TenantId ?? _options.TargetTenantId;
            var scopes = request.Scopes;
            var roles = request.Roles;
            if (scopes == null && roles == null)
            {
                scopes = DefaultScopes;
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

        public async Task<CallerAuthentication> AuthenticateAsync(string bearerToken)
        {
            var jwt = Read(bearerToken);
            if (jwt == null)
            {
                return CallerAuthentication.Refused(NotWellFormed);
            }

            if (jwt.Alg != SecurityAlgorithms.HmacSha256)
            {
                return CallerAuthentication.Refused("Invalid signing algorithm.");
            }

            var result = await _handler.ValidateTokenAsync(jwt, Parameters(_options.TargetTenantId)).ConfigureAwait(false);
            return result.IsValid ? CallerAuthentication.Accepted(Caller(jwt)) : CallerAuthentication.Refused(FailureOf(result.Exception));
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

        private static SandboxCaller Caller(JsonWebToken jwt)
        {
            jwt.TryGetPayloadValue("oid", out string? oid);
            jwt.TryGetPayloadValue("appid", out string? appId);
            var caller = new SandboxCaller { ObjectId = oid ?? "", AppId = appId };
            if (jwt.TryGetPayloadValue("scp", out string? scp) && scp != null)
            {
                jwt.TryGetPayloadValue("upn", out string? upn);
                caller.Upn = upn;
                foreach (var s in scp.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    caller.Permissions.Add(s);
                }
            }

            if (jwt.TryGetPayloadValue("roles", out string[]? roles) && roles != null)
            {
                foreach (var r in roles)
                {
                    caller.Permissions.Add(r);
                }
            }

            return caller;
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
}
