using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// A <c>client_assertion</c>: signed by one of the app's registered certificates (iss = sub = client id), or
    /// else a federated token of this emulator that matches the app's federated credential.
    /// </summary>
    internal sealed class ClientAssertions
    {
        private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
        private static readonly string[] CertificateAlgorithms = { SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256 };

        private readonly JsonWebTokenHandler _handler = new JsonWebTokenHandler();
        private readonly FederatedTokens _federation;

        public ClientAssertions(FederatedTokens federation) => _federation = federation;

        public async Task VerifyAsync(EmulatorRequest ctx, AppEntry app, string tenant, string assertion)
        {
            var jwt = Read(assertion) ?? throw Invalid(50027, "JWT token is invalid or malformed.");

            if (string.Equals(Claim(jwt, "iss"), app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                await VerifyCertificateAssertionAsync(ctx, app, tenant, jwt).ConfigureAwait(false);
            }
            else
            {
                await VerifyFederatedAssertionAsync(app, jwt).ConfigureAwait(false);
            }
        }

        private async Task VerifyCertificateAssertionAsync(EmulatorRequest ctx, AppEntry app, string tenant, JsonWebToken jwt)
        {
            string alg = jwt.Alg;
            if (!CertificateAlgorithms.Contains(alg))
            {
                throw Invalid(5002738, $"Invalid JWT token. '{alg}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, PS256'.");
            }

            // the certificate named by x5t#S256 / x5t among the registered ones; none named: every one is tried
            string? x5tS256 = Header(jwt, "x5t#S256");
            string? x5t = Header(jwt, "x5t");
            string thumb = x5tS256 ?? x5t ?? "(none)";
            var candidates = app.Certificates
                .Where(c => (x5tS256 == null || CertificatePem.X5tS256(c) == x5tS256) && (x5t == null || CertificatePem.X5t(c) == x5t))
                .ToList();
            if (candidates.Count == 0)
            {
                throw Invalid(700027, $"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{app.ClientId}'.]");
            }

            var signature = await _handler.ValidateTokenAsync(jwt, new TokenValidationParameters
            {
                IssuerSigningKeys = candidates.Select(c => (SecurityKey)new RsaSecurityKey(c.GetRSAPublicKey()!)).ToList(),
                ValidAlgorithms = CertificateAlgorithms,
                ValidateAudience = false,
                ValidateIssuer = false,
                ValidateLifetime = false,
            }).ConfigureAwait(false);
            if (!signature.IsValid)
            {
                throw Invalid(700027, $"Client assertion failed signature validation. [Reason - The key was found but the signature of the client assertion does not match it., Thumbprint of key used by client: '{thumb}']");
            }

            if (!string.Equals(Claim(jwt, "sub"), app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
            }

            CheckAudience(ctx, tenant, jwt);
            CheckTimes(jwt);
        }

        /// <summary>The audience is the token endpoint the assertion is posted to (the v1 endpoint and the tenant's issuer are accepted too).</summary>
        private static void CheckAudience(EmulatorRequest ctx, string tenant, JsonWebToken jwt)
        {
            string endpoint = ctx.BaseUrl + "/" + ctx.Segments[0] + "/oauth2/v2.0/token";
            var accepted = new[]
            {
                endpoint,
                ctx.BaseUrl + "/" + ctx.Segments[0] + "/oauth2/token",
                ctx.BaseUrl + "/" + tenant + "/v2.0",
            };
            var audiences = jwt.Audiences.ToList();
            if (!audiences.Any(a => accepted.Any(x => string.Equals(a.TrimEnd('/'), x, StringComparison.OrdinalIgnoreCase))))
            {
                throw Invalid(50027, $"JWT token is invalid or malformed. [Reason - The audience of the client assertion '{string.Join(", ", audiences)}' does not match the token endpoint '{endpoint}'.]");
            }
        }

        private async Task VerifyFederatedAssertionAsync(AppEntry app, JsonWebToken jwt)
        {
            if (!await _federation.IsSignedHereAsync(jwt).ConfigureAwait(false))
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 50013, "Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '" + (Header(jwt, "kid") ?? "(none)") + "']");
            }

            var reg = app.Registration;
            string? iss = Claim(jwt, "iss");
            string? sub = Claim(jwt, "sub");
            string audiences = string.Join(", ", jwt.Audiences);
            const string Help = "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";
            if (reg.FederatedSubject == null || !string.Equals(iss, reg.FederatedIssuer, StringComparison.Ordinal))
            {
                throw Federated(700211, $"No matching federated identity record found for presented assertion issuer '{iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. {Help}");
            }

            if (!jwt.Audiences.Contains(reg.FederatedAudience, StringComparer.Ordinal))
            {
                throw Federated(700212, $"No matching federated identity record found for presented assertion audience '{audiences}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. {Help}");
            }

            if (!string.Equals(sub, reg.FederatedSubject, StringComparison.Ordinal))
            {
                throw Federated(70021, $"No matching federated identity record found for presented assertion. Assertion Issuer: '{iss}'. Assertion Subject: '{sub}'. Assertion Audience: '{audiences}'. {Help}");
            }

            CheckTimes(jwt);
        }

        /// <summary>exp required, nbf optional, both as numbers or numeric strings (MSAL writes strings), 5 minutes of skew.</summary>
        private static void CheckTimes(JsonWebToken jwt)
        {
            long? exp = NumericDate(jwt, "exp");
            long? nbf = NumericDate(jwt, "nbf");
            if (exp == null)
            {
                throw Invalid(50027, "JWT token is invalid or malformed. [Reason - The client assertion has no 'exp' claim.]");
            }

            var now = DateTimeOffset.UtcNow;
            var expires = DateTimeOffset.FromUnixTimeSeconds(exp.Value);
            var notBefore = nbf.HasValue ? DateTimeOffset.FromUnixTimeSeconds(nbf.Value) : (DateTimeOffset?)null;
            if (expires + ClockSkew <= now || (notBefore.HasValue && notBefore.Value - ClockSkew > now))
            {
                string from = notBefore.HasValue ? notBefore.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) : "(not set)";
                throw Invalid(700024, $"Client assertion is not within its valid time range. Current time: {now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}, assertion valid from {from}, expiry time of assertion {expires.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
            }
        }

        /// <summary>A compact JWS of three parts, or null.</summary>
        private static JsonWebToken? Read(string assertion)
        {
            if (assertion.Trim().Split('.').Length != 3)
            {
                return null;
            }

            try
            {
                return new JsonWebToken(assertion.Trim());
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static long? NumericDate(JsonWebToken jwt, string name) => jwt.TryGetPayloadValue(name, out long value) ? value : (long?)null;

        private static string? Claim(JsonWebToken jwt, string name) => jwt.TryGetPayloadValue(name, out string? value) ? value : null;

        private static string? Header(JsonWebToken jwt, string name) => jwt.TryGetHeaderValue(name, out string? value) ? value : null;

        private static AadErrorException Invalid(int code, string message) => new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", code, message);

        private static AadErrorException Federated(int code, string message) => new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", code, message);
    }
}
