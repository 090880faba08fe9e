using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// The answer to a public-client grant (device code, refresh token): an access token for the user with the
    /// consented scopes, a refresh token with offline_access, an id token with openid and client_info when asked for.
    /// </summary>
    internal sealed class DelegatedTokens
    {
        private readonly AccessTokens _tokens;
        private readonly SandboxOptions _options;
        private readonly RefreshTokenStore _refreshTokens;
        private readonly JsonWebTokenHandler _handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };

        // id tokens are read by MSAL, never validated against a published key, so a key of their own is enough
        private readonly SigningCredentials _idTokenSigning = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256);

        public DelegatedTokens(SandboxOptions options, AccessTokens tokens, RefreshTokenStore refreshTokens)
        {
            _options = options;
            _tokens = tokens;
            _refreshTokens = refreshTokens;
        }

        public EmulatorResponse Issue(EmulatorRequest ctx, Dictionary<string, string> form, AppEntry app, string user, ScopeRequest scopes)
        {
            var reg = app.Registration;
            var granted = Grant(app, scopes);
            string tenant = _options.TargetTenantId;
            string oid = IdentityText.DerivedId("user", user.ToLowerInvariant());
            var token = _tokens.Issue(new TokenRequest { Scopes = granted, Upn = user, ObjectId = oid, AppId = app.ClientId, Lifetime = reg.TokenLifetime });
            long expiresIn = (long)Math.Round(reg.TokenLifetime.TotalSeconds);

            var scopeOut = granted.Select(g => AccessTokens.GraphAudience + "/" + g).ToList();
            if (scopes.IsDefault)
            {
                scopeOut.Add(AccessTokens.GraphAudience + "/.default");
            }

            scopeOut.AddRange(scopes.OidcScopes);
            string? refresh = scopes.OidcScopes.Contains("offline_access") ? _refreshTokens.Issue(app.ClientId, user) : null;
            string? idToken = scopes.OidcScopes.Contains("openid") ? IdToken(ctx.BaseUrl, tenant, app.ClientId, user, oid) : null;
            string? clientInfo = form.TryGetValue("client_info", out var ci) && ci == "1" ? ClientInfo(oid, tenant) : null;
            return IdentityText.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("token_type", "Bearer");
                w.WriteString("scope", string.Join(" ", scopeOut));
                w.WriteNumber("expires_in", expiresIn);
                w.WriteNumber("ext_expires_in", expiresIn);
                w.WriteString("access_token", token.AccessToken);
                if (refresh != null)
                {
                    w.WriteString("refresh_token", refresh);
                }

                if (idToken != null)
                {
                    w.WriteString("id_token", idToken);
                }

                if (clientInfo != null)
                {
                    w.WriteString("client_info", clientInfo);
                }

                w.WriteEndObject();
            });
        }

        /// <summary>.default grants every consented scope; specific scopes must each be consented (AADSTS65001).</summary>
        private static List<string> Grant(AppEntry app, ScopeRequest scopes)
        {
            var consentedScopes = app.Registration.Scopes;
            if (scopes.IsDefault)
            {
                return new List<string>(consentedScopes);
            }

            var granted = new List<string>();
            foreach (var p in scopes.Permissions)
            {
                string? consented = consentedScopes.FirstOrDefault(s => string.Equals(s, p, StringComparison.OrdinalIgnoreCase));
                if (consented == null)
                {
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 65001, $"The user or administrator has not consented to use the application with ID '{app.ClientId}' named '{app.ClientId}'. Send an interactive authorization request for this user and resource. (Missing: '{p}'.)");
                }

                if (!granted.Contains(consented))
                {
                    granted.Add(consented);
                }
            }

            return granted;
        }

        private string IdToken(string baseUrl, string tenant, string clientId, string user, string oid)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return _handler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = new Dictionary<string, object>
                {
                    ["aud"] = clientId,
                    ["iss"] = $"{baseUrl}/{tenant}/v2.0",
                    ["iat"] = now,
                    ["nbf"] = now,
                    ["exp"] = now + 3600,
                    ["name"] = user.Split('@')[0],
                    ["oid"] = oid,
                    ["preferred_username"] = user,
                    ["sub"] = IdentityText.DerivedId("subject", clientId + "|" + user.ToLowerInvariant()),
                    ["tid"] = tenant,
                    ["ver"] = "2.0",
                },
                SigningCredentials = _idTokenSigning,
            });
        }

        /// <summary>What MSAL builds the account of silent calls from.</summary>
        private static string ClientInfo(string oid, string tenant)
            => Base64UrlEncoder.Encode(EmulatorJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("uid", oid);
                w.WriteString("utid", tenant);
                w.WriteEndObject();
            }));
    }
}
