using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// Managed-identity token endpoints: <c>/msi/token</c> in the three shapes MSAL sends to it (App Service 2019-08-01 with
    /// <c>X-IDENTITY-HEADER</c>; 2017-09-01 with a <c>secret</c> header, which MSAL uses for MSI_ENDPOINT + MSI_SECRET;
    /// Cloud Shell's form POST with <c>Metadata: true</c>, which MSAL uses for MSI_ENDPOINT alone) and IMDS at
    /// <c>/metadata/identity/oauth2/token</c> (reached through AZURE_POD_IDENTITY_AUTHORITY_HOST).
    /// </summary>
    internal sealed class ManagedIdentityEndpoint
    {
        private readonly AccessTokens _tokens;
        private readonly Func<ManagedIdentitySettings?> _settings;

        public ManagedIdentityEndpoint(AccessTokens tokens, Func<ManagedIdentitySettings?> settings)
        {
            _tokens = tokens;
            _settings = settings;
        }

        private sealed class ManagedIdentityError : Exception
        {
            public ManagedIdentityError(HttpStatusCode status, string message, string? error = null)
                : base(message)
            {
                Status = status;
                Error = error;
            }

            public HttpStatusCode Status { get; }

            /// <summary>The OAuth error code in the IMDS / Cloud Shell shape; null in App Service's shape.</summary>
            public string? Error { get; }
        }

        private enum MsiStyle
        {
            AppService2019,
            Legacy2017,
            CloudShell,
            Imds,
        }

        public EmulatorResponse HandleMsi(EmulatorRequest ctx)
        {
            MsiStyle style = ctx.Method == "POST" ? MsiStyle.CloudShell
                : ctx.Header("X-IDENTITY-HEADER") != null || ctx.QueryValue("api-version") == "2019-08-01" ? MsiStyle.AppService2019
                : MsiStyle.Legacy2017;
            try
            {
                var settings = _settings();
                string resource;
                string? clientId = null;
                switch (style)
                {
                    case MsiStyle.CloudShell:
                        if (!string.Equals(ctx.Header("Metadata"), "true", StringComparison.OrdinalIgnoreCase))
                        {
                            throw new ManagedIdentityError(HttpStatusCode.BadRequest, "Required metadata header not specified", "invalid_request");
                        }

                        var form = IdentityText.ParseForm(ctx.Body);
                        resource = form.TryGetValue("resource", out var r) && r.Length > 0 ? r : throw new ManagedIdentityError(HttpStatusCode.BadRequest, "Required form field 'resource' is missing", "invalid_request");
                        if (form.ContainsKey("client_id") || form.ContainsKey("clientid"))
                        {
                            throw new ManagedIdentityError(HttpStatusCode.BadRequest, "User-assigned managed identities are not supported by this endpoint.", "invalid_request");
                        }

                        break;
                    case MsiStyle.AppService2019:
                        if (ctx.QueryValue("api-version") != "2019-08-01")
                        {
                            throw new ManagedIdentityError(HttpStatusCode.BadRequest, $"The api-version '{ctx.QueryValue("api-version")}' is not supported with X-IDENTITY-HEADER. Use 2019-08-01.");
                        }

                        CheckSecret(settings, ctx.Header("X-IDENTITY-HEADER"), "X-IDENTITY-HEADER");
                        resource = ctx.QueryValue("resource") ?? throw new ManagedIdentityError(HttpStatusCode.BadRequest, "The 'resource' query parameter is required.");
                        clientId = ctx.QueryValue("client_id");
                        RejectOtherIdentifiers(ctx, "principal_id", "mi_res_id", "object_id");
                        break;
                    default:
                        if (ctx.QueryValue("api-version") != "2017-09-01")
                        {
                            throw new ManagedIdentityError(HttpStatusCode.BadRequest, ctx.QueryValue("api-version") == null
                                ? "The 'api-version' query parameter is required."
                                : $"The api-version '{ctx.QueryValue("api-version")}' is not supported. Use 2019-08-01 with X-IDENTITY-HEADER or 2017-09-01 with secret.");
                        }

                        CheckSecret(settings, ctx.Header("secret"), "secret");
                        resource = ctx.QueryValue("resource") ?? throw new ManagedIdentityError(HttpStatusCode.BadRequest, "The 'resource' query parameter is required.");
                        clientId = ctx.QueryValue("clientid") ?? ctx.QueryValue("client_id");
                        RejectOtherIdentifiers(ctx, "principalid", "mi_res_id", "object_id");
                        break;
                }

                CheckResource(resource, style);
                string identity = ResolveIdentity(settings, clientId, style);
                return ManagedIdentityToken(settings!, identity, resource, style);
            }
            catch (ManagedIdentityError e)
            {
                return ManagedIdentityErrorResponse(ctx, e, style);
            }
        }

        public EmulatorResponse HandleImds(EmulatorRequest ctx)
        {
            try
            {
                if (ctx.Method != "GET")
                {
                    throw new ManagedIdentityError(HttpStatusCode.MethodNotAllowed, "The request method is not supported.", "invalid_request");
                }

                if (!string.Equals(ctx.Header("Metadata"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ManagedIdentityError(HttpStatusCode.BadRequest, "Required metadata header not specified", "invalid_request");
                }

                if (ctx.QueryValue("api-version") == null)
                {
                    throw new ManagedIdentityError(HttpStatusCode.BadRequest, "Required query variable 'api-version' is missing", "invalid_request");
                }

                string resource = ctx.QueryValue("resource") ?? throw new ManagedIdentityError(HttpStatusCode.BadRequest, "Required query variable 'resource' is missing", "invalid_request");
                RejectOtherIdentifiers(ctx, "object_id", "msi_res_id", "mi_res_id");
                var settings = _settings();
                CheckResource(resource, MsiStyle.Imds);
                string identity = ResolveIdentity(settings, ctx.QueryValue("client_id"), MsiStyle.Imds);
                return ManagedIdentityToken(settings!, identity, resource, MsiStyle.Imds);
            }
            catch (ManagedIdentityError e)
            {
                return ManagedIdentityErrorResponse(ctx, e, MsiStyle.Imds);
            }
        }

        private static void CheckSecret(ManagedIdentitySettings? settings, string? presented, string header)
        {
            if (string.IsNullOrEmpty(presented))
            {
                throw new ManagedIdentityError(HttpStatusCode.BadRequest, $"The {header} header is missing.");
            }

            if (settings?.Secret != null && !IdentityText.FixedTimeEquals(presented!, settings.Secret))
            {
                throw new ManagedIdentityError(HttpStatusCode.Unauthorized, $"Unauthorized: the {header} header does not match.");
            }
        }

        private static void RejectOtherIdentifiers(EmulatorRequest ctx, params string[] names)
        {
            foreach (var n in names)
            {
                if (ctx.QueryValue(n) != null)
                {
                    throw new ManagedIdentityError(HttpStatusCode.BadRequest, "No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.", "invalid_request");
                }
            }
        }

        private static void CheckResource(string resource, MsiStyle style)
        {
            string r = resource.Trim().TrimEnd('/');
            if (r.EndsWith("/.default", StringComparison.OrdinalIgnoreCase))
            {
                r = r.Substring(0, r.Length - "/.default".Length).TrimEnd('/');
            }

            if (!string.Equals(r, AccessTokens.GraphAudience, StringComparison.OrdinalIgnoreCase) && !string.Equals(r, AccessTokens.GraphAppId, StringComparison.OrdinalIgnoreCase))
            {
                throw new ManagedIdentityError(HttpStatusCode.BadRequest, $"AADSTS500011: The resource principal named {resource} was not found in the tenant. (The emulator issues tokens for Microsoft Graph only.)", "invalid_resource");
            }
        }

        private static string ResolveIdentity(ManagedIdentitySettings? settings, string? clientId, MsiStyle style)
        {
            if (settings == null)
            {
                throw new ManagedIdentityError(HttpStatusCode.BadRequest, style == MsiStyle.Imds || style == MsiStyle.CloudShell
                    ? "Identity not found"
                    : "No managed identity is enabled for this resource.", "invalid_request");
            }

            // MSAL names the system-assigned identity by its client id where the source needs one (DEFAULT_IDENTITY_CLIENT_ID with MSI_SECRET)
            if (string.IsNullOrEmpty(clientId) || string.Equals(clientId, settings.SystemAssignedClientId, StringComparison.OrdinalIgnoreCase))
            {
                return settings.SystemAssignedClientId;
            }

            string? match = settings.ClientIds.FirstOrDefault(c => string.Equals(c, clientId, StringComparison.OrdinalIgnoreCase));
            if (match == null)
            {
                throw new ManagedIdentityError(HttpStatusCode.BadRequest, style == MsiStyle.Imds
                    ? "Identity not found"
                    : "No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.", "invalid_request");
            }

            return match;
        }

        private EmulatorResponse ManagedIdentityToken(ManagedIdentitySettings settings, string clientId, string resource, MsiStyle style)
        {
            var token = _tokens.Issue(new TokenRequest
            {
                Roles = new List<string>(settings.Roles),
                AppId = clientId,
                ObjectId = IdentityText.DerivedId("managedIdentity", clientId.ToLowerInvariant()),
                Lifetime = settings.TokenLifetime,
            });
            string expiresOn = token.ExpiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            string expiresIn = ((long)Math.Round(settings.TokenLifetime.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            string notBefore = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return IdentityText.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("access_token", token.AccessToken);
                switch (style)
                {
                    case MsiStyle.AppService2019:
                        w.WriteString("expires_on", expiresOn);
                        w.WriteString("resource", resource);
                        w.WriteString("token_type", "Bearer");
                        w.WriteString("client_id", clientId);
                        break;
                    case MsiStyle.Legacy2017:
                        w.WriteString("expires_on", expiresOn);
                        w.WriteString("resource", resource);
                        w.WriteString("token_type", "Bearer");
                        break;
                    case MsiStyle.CloudShell:
                        w.WriteString("refresh_token", "");
                        w.WriteString("expires_in", expiresIn);
                        w.WriteString("expires_on", expiresOn);
                        w.WriteString("not_before", notBefore);
                        w.WriteString("resource", resource);
                        w.WriteString("token_type", "Bearer");
                        break;
                    default:
                        w.WriteString("client_id", clientId);
                        w.WriteString("expires_in", expiresIn);
                        w.WriteString("expires_on", expiresOn);
                        w.WriteString("ext_expires_in", expiresIn);
                        w.WriteString("not_before", notBefore);
                        w.WriteString("resource", resource);
                        w.WriteString("token_type", "Bearer");
                        break;
                }

                w.WriteEndObject();
            });
        }

        private static EmulatorResponse ManagedIdentityErrorResponse(EmulatorRequest ctx, ManagedIdentityError e, MsiStyle style)
        {
            bool oauthShape = style == MsiStyle.Imds || style == MsiStyle.CloudShell;
            return IdentityText.PlainJson(e.Status, w =>
            {
                w.WriteStartObject();
                if (oauthShape)
                {
                    w.WriteString("error", e.Error ?? "invalid_request");
                    w.WriteString("error_description", e.Message);
                }
                else
                {
                    w.WriteNumber("statusCode", (int)e.Status);
                    w.WriteString("message", e.Message);
                    w.WriteString("correlationId", ctx.ClientRequestId);
                }

                w.WriteEndObject();
            });
        }
    }
}
