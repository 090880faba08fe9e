using System;
using System.Globalization;
using System.Linq;
using System.Net;

namespace CrossTenantMigration.Emulator
{
    /// <summary>Which tenants the token service answers for: the target tenant's id, and organizations/common where Entra ID allows them.</summary>
    internal sealed class Tenants
    {
        private readonly SandboxOptions _options;

        public Tenants(SandboxOptions options) => _options = options;

        /// <summary>The tenant segment: the target tenant's id, or (for public-client flows and metadata) organizations/common.</summary>
        public string Resolve(EmulatorRequest ctx, bool allowMultiTenant)
        {
            string tenant = ctx.Segments[0];
            if (Guid.TryParse(tenant, out var id) && Guid.TryParse(_options.TargetTenantId, out var target) && id == target)
            {
                return _options.TargetTenantId;
            }

            bool multi = string.Equals(tenant, "organizations", StringComparison.OrdinalIgnoreCase) || string.Equals(tenant, "common", StringComparison.OrdinalIgnoreCase);
            if (multi && allowMultiTenant)
            {
                return tenant.ToLowerInvariant();
            }

            if (multi)
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 50059, "No tenant-identifying information found in either the request or implied by any provided credentials.");
            }

            throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.");
        }
    }

    /// <summary>Discovery: instance discovery, the OpenID configuration and the (empty) key set.</summary>
    internal sealed class AuthorityMetadata
    {
        private readonly Tenants _tenants;

        public AuthorityMetadata(Tenants tenants) => _tenants = tenants;

        /// <summary>No signing keys are published: the access tokens are HS256 with a secret key, and the Graph routes validate them.</summary>
        public EmulatorResponse Keys(EmulatorRequest ctx)
        {
            _tenants.Resolve(ctx, allowMultiTenant: true);
            return IdentityText.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("keys");
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public EmulatorResponse InstanceDiscovery(EmulatorRequest ctx)
        {
            if (ctx.Method != "GET")
            {
                throw new AadErrorException(HttpStatusCode.MethodNotAllowed, "invalid_request", 900561, $"The endpoint only accepts GET requests. Received a {ctx.Method} request.");
            }

            // the authority MSAL asks about is this emulator (MSAL sends the request to the well-known host with the authority's port)
            string? authorization = ctx.QueryValue("authorization_endpoint");
            if (string.IsNullOrEmpty(authorization) || !Uri.TryCreate(authorization, UriKind.Absolute, out var endpoint))
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_instance", 50049, "Unknown or invalid instance.");
            }

            string host = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Host + ":" + endpoint.Port.ToString(CultureInfo.InvariantCulture);
            string firstSegment = endpoint.AbsolutePath.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "common";
            string authority = endpoint.Scheme + "://" + host;
            return IdentityText.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("tenant_discovery_endpoint", $"{authority}/{firstSegment}/v2.0/.well-known/openid-configuration");
                w.WriteString("api-version", "1.1");
                w.WriteStartArray("metadata");
                w.WriteStartObject();
                w.WriteString("preferred_network", host);
                w.WriteString("preferred_cache", host);
                w.WriteStartArray("aliases");
                w.WriteStringValue(host);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public EmulatorResponse OpenIdConfiguration(EmulatorRequest ctx)
        {
            string tenant = _tenants.Resolve(ctx, allowMultiTenant: true);
            string segment = ctx.Segments[0];
            string issuerTenant = Guid.TryParse(tenant, out _) ? tenant : "{tenantid}";
            string b = ctx.BaseUrl;
            return IdentityText.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("token_endpoint", $"{b}/{segment}/oauth2/v2.0/token");
                w.WriteStartArray("token_endpoint_auth_methods_supported");
                w.WriteStringValue("client_secret_post");
                w.WriteStringValue("private_key_jwt");
                w.WriteEndArray();
                w.WriteString("jwks_uri", $"{b}/{segment}/discovery/v2.0/keys");
                w.WriteStartArray("response_modes_supported");
                w.WriteStringValue("query");
                w.WriteStringValue("fragment");
                w.WriteStringValue("form_post");
                w.WriteEndArray();
                w.WriteStartArray("subject_types_supported");
                w.WriteStringValue("pairwise");
                w.WriteEndArray();
                w.WriteStartArray("id_token_signing_alg_values_supported");
                w.WriteStringValue("HS256");
                w.WriteEndArray();
                w.WriteStartArray("response_types_supported");
                w.WriteStringValue("code");
                w.WriteEndArray();
                w.WriteStartArray("scopes_supported");
                w.WriteStringValue("openid");
                w.WriteStringValue("profile");
                w.WriteStringValue("email");
                w.WriteStringValue("offline_access");
                w.WriteEndArray();
                w.WriteString("issuer", $"{b}/{issuerTenant}/v2.0");
                w.WriteBoolean("request_uri_parameter_supported", false);
                w.WriteString("authorization_endpoint", $"{b}/{segment}/oauth2/v2.0/authorize");
                w.WriteString("device_authorization_endpoint", $"{b}/{segment}/oauth2/v2.0/devicecode");
                w.WriteBoolean("http_logout_supported", true);
                w.WriteBoolean("frontchannel_logout_supported", true);
                w.WriteString("end_session_endpoint", $"{b}/{segment}/oauth2/v2.0/logout");
                w.WriteStartArray("grant_types_supported");
                w.WriteStringValue("client_credentials");
                w.WriteStringValue(TokenEndpoint.DeviceCodeGrant);
                w.WriteStringValue("refresh_token");
                w.WriteEndArray();
                w.WriteString("tenant_region_scope", "WW");
                w.WriteString("cloud_instance_name", "microsoftonline.com");
                w.WriteString("cloud_graph_host_name", "graph.windows.net");
                w.WriteString("msgraph_host", "graph.microsoft.com");
                w.WriteEndObject();
            });
        }
    }
}
