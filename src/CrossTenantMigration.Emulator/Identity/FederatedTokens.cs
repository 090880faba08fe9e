using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// Federated tokens (workload identity): RS256 JWTs signed by a key of this instance, which the token endpoint
    /// takes back as client assertions. The key is made on first use.
    /// </summary>
    internal sealed class FederatedTokens
    {
        /// <summary>The <c>iss</c> of federated tokens unless another is asked for.</summary>
        public const string Issuer = "https://federation.emulator.invalid";

        /// <summary>What Entra ID expects as the audience of workload identity tokens.</summary>
        public const string DefaultAudience = "api://AzureADTokenExchange";

        private readonly JsonWebTokenHandler _handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        private readonly Lazy<RsaSecurityKey> _key = new Lazy<RsaSecurityKey>(CreateKey);

        /// <summary>The key id in the header of every federated token of this instance.</summary>
        public string KeyId => _key.Value.KeyId;

        public IssuedToken Issue(string subject, string? audience, TimeSpan? lifetime, string? issuer)
        {
            if (string.IsNullOrEmpty(subject))
            {
                throw new ArgumentException("A subject is required.", nameof(subject));
            }

            var now = DateTimeOffset.UtcNow;
            long exp = (now + (lifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds();
            string token = _handler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = new Dictionary<string, object>
                {
                    ["aud"] = audience ?? DefaultAudience,
                    ["iss"] = issuer ?? Issuer,
                    ["sub"] = subject,
                    ["iat"] = now.ToUnixTimeSeconds(),
                    ["nbf"] = now.ToUnixTimeSeconds(),
                    ["exp"] = exp,
                    ["jti"] = Guid.NewGuid().ToString(),
                },
                SigningCredentials = new SigningCredentials(_key.Value, SecurityAlgorithms.RsaSha256),
            });
            return new IssuedToken(token, DateTimeOffset.FromUnixTimeSeconds(exp));
        }

        /// <summary>True when the token is RS256, names this instance's key and its signature verifies; claims are checked by the caller.</summary>
        public async Task<bool> IsSignedHereAsync(JsonWebToken token)
        {
            if (token.Alg != SecurityAlgorithms.RsaSha256 || !token.TryGetHeaderValue("kid", out string? kid) || kid != KeyId)
            {
                return false;
            }

            var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
            {
                IssuerSigningKey = _key.Value,
                ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
                ValidateAudience = false,
                ValidateIssuer = false,
                ValidateLifetime = false,
            }).ConfigureAwait(false);
            return result.IsValid;
        }

        private static RsaSecurityKey CreateKey()
        {
            var rsa = RSA.Create(2048);
            string kid = Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportParameters(false).Modulus!)).Substring(0, 16);
            return new RsaSecurityKey(rsa) { KeyId = kid };
        }
    }
}
