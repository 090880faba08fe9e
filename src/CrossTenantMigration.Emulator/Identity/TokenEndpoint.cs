using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// <c>/{tenant}/oauth2/v2.0/token</c> (client credentials with a secret or an assertion, device code, refresh token)
    /// and <c>/{tenant}/oauth2/v2.0/devicecode</c>. Its access tokens are the ones the Graph routes accept (<see cref="AccessTokens"/>).
    /// </summary>
    internal sealed class TokenEndpoint
    {
        public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
        public const string DeviceLoginUri = "https://microsoft.com/devicelogin";
        private const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        private const string DefaultDelegatedScope = "openid profile offline_access";

        private readonly AccessTokens _tokens;
        private readonly Tenants _tenants;
        private readonly AppRegistry _apps;
        private readonly DeviceCodeStore _deviceCodes;
        private readonly RefreshTokenStore _refreshTokens;
        private readonly ClientAssertions _assertions;
        private readonly DelegatedTokens _delegated;

        public TokenEndpoint(SandboxOptions options, AccessTokens tokens, Tenants tenants, AppRegistry apps, DeviceCodeStore deviceCodes, RefreshTokenStore refreshTokens, FederatedTokens federation)
        {
            _tokens = tokens;
            _tenants = tenants;
            _apps = apps;
            _deviceCodes = deviceCodes;
            _refreshTokens = refreshTokens;
            _assertions = new ClientAssertions(federation);
            _delegated = new DelegatedTokens(options, tokens, refreshTokens);
        }

        /// <summary>The grant as the statistics name it: client_credentials, device_code, refresh_token, unsupported or none.</summary>
        public static string GrantName(Dictionary<string, string>? form)
        {
            if (form == null || !form.TryGetValue("grant_type", out var g) || g.Length == 0)
            {
                return "none";
            }

            string grant = g == DeviceCodeGrant ? "device_code" : g;
            return grant == "client_credentials" || grant == "device_code" || grant == "refresh_token" ? grant : "unsupported";
        }

        public async Task<EmulatorResponse> TokenAsync(EmulatorRequest ctx, Dictionary<string, string>? form)
        {
            if (ctx.Method != "POST" || form == null)
            {
                throw AadErrorException.PostOnly(ctx.Method);
            }

            string grant = Required(form, "grant_type");
            switch (grant)
            {
                case "client_credentials":
                    return await ClientCredentialsAsync(ctx, form).ConfigureAwait(false);
                case "device_code":
                case DeviceCodeGrant:
                    return DeviceCodeRedemption(ctx, form);
                case "refresh_token":
                    return RefreshTokenRedemption(ctx, form);
                default:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grant}'.");
            }
        }

        /// <summary>Device authorization: a user code to approve and a device code to poll with.</summary>
        public EmulatorResponse DeviceAuthorization(EmulatorRequest ctx)
        {
            if (ctx.Method != "POST")
            {
                throw AadErrorException.PostOnly(ctx.Method);
            }

            _tenants.Resolve(ctx, allowMultiTenant: true);
            var form = IdentityText.ParseForm(ctx.Body);
            string clientId = Required(form, "client_id");
            string scope = Required(form, "scope");
            var app = _apps.Find(clientId, ctx.Segments[0]);
            if (app.Registration.User == null)
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            }

            ScopeRequest.Parse(scope, ctx);
            var entry = _deviceCodes.Issue(app);
            long expiresIn = (long)Math.Round(app.Registration.DeviceCodeLifetime.TotalSeconds);
            return IdentityText.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("user_code", entry.UserCode);
                w.WriteString("device_code", entry.DeviceCode);
                w.WriteString("verification_uri", DeviceLoginUri);
                w.WriteNumber("expires_in", expiresIn);
                w.WriteNumber("interval", 1);
                w.WriteString("message", $"To sign in, use a web browser to open the page {DeviceLoginUri} and enter the code {entry.UserCode} to authenticate.");
                w.WriteEndObject();
            });
        }

        private async Task<EmulatorResponse> ClientCredentialsAsync(EmulatorRequest ctx, Dictionary<string, string> form)
        {
            string tenant = _tenants.Resolve(ctx, allowMultiTenant: false);
            var app = _apps.Find(Required(form, "client_id"), ctx.Segments[0]);
            form.TryGetValue("client_assertion", out var assertion);
            form.TryGetValue("client_secret", out var secret);
            if (!string.IsNullOrEmpty(assertion))
            {
                form.TryGetValue("client_assertion_type", out var assertionType);
                if (assertionType != JwtBearerAssertionType)
                {
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 700004, $"The value of client_assertion_type must be '{JwtBearerAssertionType}'.");
                }

                await _assertions.VerifyAsync(ctx, app, tenant, assertion).ConfigureAwait(false);
            }
            else if (!string.IsNullOrEmpty(secret))
            {
                if (app.Registration.Secret == null || !IdentityText.FixedTimeEquals(secret, app.Registration.Secret))
                {
                    throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app.ClientId}'.");
                }
            }
            else
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            }

            RequireDefaultScope(ScopeRequest.Parse(Required(form, "scope"), ctx));
            var reg = app.Registration;
            var token = _tokens.Issue(new TokenRequest
            {
                Roles = new List<string>(reg.Roles),
                AppId = app.ClientId,
                ObjectId = IdentityText.DerivedId("servicePrincipal", app.ClientId),
                Lifetime = reg.TokenLifetime,
            });
            long expiresIn = (long)Math.Round(reg.TokenLifetime.TotalSeconds);
            return IdentityText.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("token_type", "Bearer");
                w.WriteNumber("expires_in", expiresIn);
                w.WriteNumber("ext_expires_in", expiresIn);
                w.WriteString("access_token", token.AccessToken);
                w.WriteEndObject();
            });
        }

        private static void RequireDefaultScope(ScopeRequest scopes)
        {
            if (!scopes.IsDefault || scopes.Permissions.Count > 0 || scopes.OidcScopes.Count > 0)
            {
                string bad = scopes.Raw.FirstOrDefault(r => !r.EndsWith("/.default", StringComparison.OrdinalIgnoreCase)) ?? scopes.Raw.First();
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_scope", 1002012, $"The provided value for scope {bad} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
            }
        }

        private EmulatorResponse DeviceCodeRedemption(EmulatorRequest ctx, Dictionary<string, string> form)
        {
            _tenants.Resolve(ctx, allowMultiTenant: true);
            string clientId = Required(form, "client_id");
            string code = Required(form, "device_code");
            var app = _apps.Find(clientId, ctx.Segments[0]);
            switch (_deviceCodes.Redeem(code, app.ClientId))
            {
                case null:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 70000, "The provided value for the input parameter 'device_code' is not valid.");
                case DeviceCodeStatus.Pending:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
                case DeviceCodeStatus.Denied:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "authorization_declined", 70000, "The user declined the sign-in request.");
                case DeviceCodeStatus.Expired:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "expired_token", 70019, "Verification code expired.");
                case DeviceCodeStatus.Redeemed:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 70000, "The provided value for the input parameter 'device_code' is not valid. It has already been redeemed.");
            }

            string scope = form.TryGetValue("scope", out var sc) && sc.Length > 0 ? sc : DefaultDelegatedScope;
            return _delegated.Issue(ctx, form, app, app.Registration.User!, ScopeRequest.Parse(scope, ctx));
        }

        private EmulatorResponse RefreshTokenRedemption(EmulatorRequest ctx, Dictionary<string, string> form)
        {
            _tenants.Resolve(ctx, allowMultiTenant: true);
            string clientId = Required(form, "client_id");
            string refreshToken = Required(form, "refresh_token");
            var app = _apps.Find(clientId, ctx.Segments[0]);
            var entry = _refreshTokens.Find(refreshToken)
                ?? throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
            if (!string.Equals(entry.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant or application, thus rejected.");
            }

            if (entry.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 700082, "The refresh token has expired due to inactivity.");
            }

            string scope = form.TryGetValue("scope", out var sc) && sc.Length > 0 ? sc : DefaultDelegatedScope;
            return _delegated.Issue(ctx, form, app, entry.User, ScopeRequest.Parse(scope, ctx));
        }

        private static string Required(Dictionary<string, string> form, string name)
        {
            if (!form.TryGetValue(name, out var value) || value.Length == 0)
            {
                throw AadErrorException.MissingParameter(name);
            }

            return value;
        }
    }
}
