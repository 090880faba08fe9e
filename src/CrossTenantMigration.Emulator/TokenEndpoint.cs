using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>An OAuth error of the token service, answered in AAD's shape.</summary>
    internal sealed class AadErrorException : Exception
    {
        public AadErrorException(HttpStatusCode status, string error, int code, string message)
            : base(message)
        {
            Status = status;
            Error = error;
            Code = code;
        }

        public HttpStatusCode Status { get; }
        public string Error { get; }
        public int Code { get; }

        public static AadErrorException MissingParameter(string name)
            => new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 900144, $"The request body must contain the following parameter: '{name}'.");
    }

    /// <summary>The emulated Entra ID token service (<c>/{tenant}/oauth2/v2.0/token</c>, <c>/devicecode</c>, discovery and metadata).</summary>
    public sealed partial class MigrationServiceEmulator
    {
        /// <summary>The <c>iss</c> of federated tokens issued by <see cref="IssueFederatedToken"/>.</summary>
        public const string FederatedTokenIssuer = "https://federation.emulator.invalid";

        /// <summary>The default audience of federated tokens (what Entra ID expects from workload identities).</summary>
        public const string DefaultFederatedAudience = "api://AzureADTokenExchange";

        /// <summary>Client id of the system-assigned managed identity unless configured otherwise.</summary>
        public const string DefaultSystemAssignedClientId = "5f1c2a4e-9d7b-4c3e-8a61-2b0f7d9e4c15";

        /// <summary>The <c>verification_uri</c> of device codes (Microsoft's page; approval happens through the admin API).</summary>
        public const string DeviceLoginUri = "https://microsoft.com/devicelogin";

        private const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
        private static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(90);
        private static readonly TimeSpan AssertionClockSkew = TimeSpan.FromMinutes(5);

        private readonly object _identityGate = new object();
        private readonly Dictionary<string, AppEntry> _apps = new Dictionary<string, AppEntry>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, DeviceCodeEntry> _deviceCodes = new Dictionary<string, DeviceCodeEntry>(StringComparer.Ordinal);
        private readonly Dictionary<string, RefreshEntry> _refreshTokens = new Dictionary<string, RefreshEntry>(StringComparer.Ordinal);
        private ManagedIdentitySettings? _managedIdentity;
        private RSA? _federationKey;
        private string _federationKeyId = "";

        // token-service statistics (never part of Total)
        private long _tokenRequests;
        private readonly Dictionary<string, long> _tokenRequestsByGrant = new Dictionary<string, long>(StringComparer.Ordinal);

        /// <summary>Registers (or replaces) an app with the token service. Throws <see cref="ArgumentException"/> for an unreadable certificate.</summary>
        public void RegisterApp(string clientId, AppRegistration registration)
        {
            if (string.IsNullOrWhiteSpace(clientId))
            {
                throw new ArgumentException("A client id is required.", nameof(clientId));
            }

            if (registration == null)
            {
                throw new ArgumentNullException(nameof(registration));
            }

            var copy = registration.Clone();
            if (copy.TokenLifetime <= TimeSpan.Zero || copy.DeviceCodeLifetime <= TimeSpan.Zero || copy.AutoApprove < TimeSpan.Zero)
            {
                throw new ArgumentException("TokenLifetime and DeviceCodeLifetime must be positive, AutoApprove zero or more.", nameof(registration));
            }

            List<X509Certificate2> certificates;
            try
            {
                certificates = copy.CertificatePem == null ? new List<X509Certificate2>() : CertificatePem.Parse(copy.CertificatePem);
            }
            catch (FormatException e)
            {
                throw new ArgumentException("certificatePem: " + e.Message, nameof(registration), e);
            }

            lock (_identityGate)
            {
                _apps[clientId.Trim()] = new AppEntry(clientId.Trim(), copy, certificates);
            }
        }

        /// <summary>Removes an app registration. Returns false when there was none.</summary>
        public bool RemoveApp(string clientId)
        {
            lock (_identityGate)
            {
                return clientId != null && _apps.Remove(clientId.Trim());
            }
        }

        /// <summary>A copy of an app registration, or null.</summary>
        public AppRegistration? GetApp(string clientId)
        {
            lock (_identityGate)
            {
                return clientId != null && _apps.TryGetValue(clientId.Trim(), out var app) ? app.Registration.Clone() : null;
            }
        }

        /// <summary>The managed identities of the emulated resource; null (the default) means none is enabled.</summary>
        public ManagedIdentitySettings? ManagedIdentity
        {
            get
            {
                lock (_identityGate)
                {
                    return _managedIdentity?.Clone();
                }
            }

            set
            {
                if (value != null && value.TokenLifetime <= TimeSpan.Zero)
                {
                    throw new ArgumentException("TokenLifetime must be positive.", nameof(value));
                }

                lock (_identityGate)
                {
                    _managedIdentity = value?.Clone();
                }
            }
        }

        /// <summary>
        /// Issues a federated token (RS256, signed by a key of this instance) that the token endpoint accepts as a
        /// <c>client_assertion</c> for an app whose FederatedSubject, FederatedIssuer and FederatedAudience match.
        /// Write it to the file named by AZURE_FEDERATED_TOKEN_FILE for WorkloadIdentityCredential.
        /// </summary>
        public IssuedToken IssueFederatedToken(string subject, string? audience = null, TimeSpan? lifetime = null, string? issuer = null)
        {
            if (string.IsNullOrEmpty(subject))
            {
                throw new ArgumentException("A subject is required.", nameof(subject));
            }

            var now = DateTimeOffset.UtcNow;
            long exp = (now + (lifetime ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds();
            string kid;
            RSA key;
            lock (_identityGate)
            {
                key = FederationKey(out kid);
            }

            string header = Base64Url.Encode(JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("alg", "RS256");
                w.WriteString("kid", kid);
                w.WriteString("typ", "JWT");
                w.WriteEndObject();
            }));
            string payload = Base64Url.Encode(JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("aud", audience ?? DefaultFederatedAudience);
                w.WriteString("iss", issuer ?? FederatedTokenIssuer);
                w.WriteString("sub", subject);
                w.WriteNumber("iat", now.ToUnixTimeSeconds());
                w.WriteNumber("nbf", now.ToUnixTimeSeconds());
                w.WriteNumber("exp", exp);
                w.WriteString("jti", Guid.NewGuid().ToString());
                w.WriteEndObject();
            }));
            string input = header + "." + payload;
            byte[] signature;
            lock (_identityGate)
            {
                signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }

            return new IssuedToken(input + "." + Base64Url.Encode(signature), DateTimeOffset.FromUnixTimeSeconds(exp));
        }

        /// <summary>Approves a pending device code by its user code (case-insensitive). Returns false when no usable code has it.</summary>
        public bool ApproveDeviceCode(string userCode) => DecideDeviceCode(userCode, DeviceCodeStatus.Approved);

        /// <summary>Declines a pending device code: the client then gets <c>authorization_declined</c>.</summary>
        public bool DenyDeviceCode(string userCode) => DecideDeviceCode(userCode, DeviceCodeStatus.Denied);

        /// <summary>The device codes issued so far (newest first), with their state.</summary>
        public IList<DeviceCodeInfo> GetDeviceCodes()
        {
            var now = DateTimeOffset.UtcNow;
            lock (_identityGate)
            {
                return _deviceCodes.Values
                    .OrderByDescending(d => d.Sequence)
                    .Select(d => new DeviceCodeInfo
                    {
                        UserCode = d.UserCode,
                        ClientId = d.ClientId,
                        Status = StatusName(d.EffectiveStatus(now)),
                        ExpiresOn = d.ExpiresAt,
                    })
                    .ToList();
            }
        }

        private bool DecideDeviceCode(string userCode, DeviceCodeStatus decision)
        {
            if (string.IsNullOrWhiteSpace(userCode))
            {
                return false;
            }

            var now = DateTimeOffset.UtcNow;
            lock (_identityGate)
            {
                var entry = _deviceCodes.Values.FirstOrDefault(d => string.Equals(d.UserCode, userCode.Trim(), StringComparison.OrdinalIgnoreCase));
                if (entry == null || entry.EffectiveStatus(now) != DeviceCodeStatus.Pending)
                {
                    return false;
                }

                entry.Status = decision;
                return true;
            }
        }

        private static string StatusName(DeviceCodeStatus status)
        {
            switch (status)
            {
                case DeviceCodeStatus.Pending: return "pending";
                case DeviceCodeStatus.Approved: return "approved";
                case DeviceCodeStatus.Denied: return "denied";
                case DeviceCodeStatus.Redeemed: return "redeemed";
                default: return "expired";
            }
        }

        private RSA FederationKey(out string kid)
        {
            if (_federationKey == null)
            {
                var rsa = RSA.Create();
                rsa.KeySize = 2048;
                var p = rsa.ExportParameters(false);
                using (var sha = SHA256.Create())
                {
                    _federationKeyId = Base64Url.Encode(sha.ComputeHash(p.Modulus!)).Substring(0, 16);
                }

                _federationKey = rsa;
            }

            kid = _federationKeyId;
            return _federationKey;
        }

        /// <summary>Clears what <see cref="Reset"/> clears of the token service: pending device codes and the token counters.</summary>
        private void ResetIdentityState(bool countersOnly)
        {
            lock (_identityGate)
            {
                _tokenRequests = 0;
                _tokenRequestsByGrant.Clear();
                if (!countersOnly)
                {
                    _deviceCodes.Clear();
                }
            }
        }

        private void CountTokenRequest(string grant)
        {
            lock (_identityGate)
            {
                _tokenRequests++;
                _tokenRequestsByGrant.TryGetValue(grant, out long n);
                _tokenRequestsByGrant[grant] = n + 1;
            }
        }

        // ---------------------------------------------------------------- routing

        /// <summary>Serves the token-service and managed-identity routes; null when the path is none of them.</summary>
        private EmulatorResponse? TryHandleIdentity(RequestContext ctx)
        {
            var s = ctx.Segments;
            bool Is(int i, string value) => string.Equals(s[i], value, StringComparison.OrdinalIgnoreCase);

            if (s.Count == 2 && Is(0, "msi") && Is(1, "token"))
            {
                return HandleMsi(ctx);
            }

            if (s.Count == 4 && Is(0, "metadata") && Is(1, "identity") && Is(2, "oauth2") && Is(3, "token"))
            {
                return HandleImds(ctx);
            }

            if (s.Count == 3 && Is(1, "discovery") && Is(2, "instance"))
            {
                CountTokenRequest("metadata");
                return Guard(ctx, () => InstanceDiscovery(ctx));
            }

            if (s.Count == 4 && Is(1, "v2.0") && Is(2, ".well-known") && Is(3, "openid-configuration"))
            {
                CountTokenRequest("metadata");
                return Guard(ctx, () => OpenIdConfiguration(ctx));
            }

            if (s.Count == 4 && Is(1, "discovery") && Is(2, "v2.0") && Is(3, "keys"))
            {
                CountTokenRequest("metadata");
                return Guard(ctx, () =>
                {
                    ResolveTenant(ctx, allowMultiTenant: true);
                    return EmulatorResponse.PlainJson(HttpStatusCode.OK, w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("keys");
                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                });
            }

            if (s.Count == 4 && Is(1, "oauth2") && Is(2, "v2.0") && Is(3, "devicecode"))
            {
                CountTokenRequest("devicecode");
                return Guard(ctx, () => DeviceAuthorization(ctx));
            }

            if (s.Count == 4 && Is(1, "oauth2") && Is(2, "v2.0") && Is(3, "token"))
            {
                Dictionary<string, string>? form = null;
                string grant = "none";
                if (ctx.Method == "POST")
                {
                    form = ParseForm(ctx.Body);
                    if (form.TryGetValue("grant_type", out var g) && g.Length > 0)
                    {
                        grant = g == DeviceCodeGrant ? "device_code" : g;
                        if (grant != "client_credentials" && grant != "device_code" && grant != "refresh_token")
                        {
                            grant = "unsupported";
                        }
                    }
                }

                CountTokenRequest(grant);
                return Guard(ctx, () => TokenEndpoint(ctx, form));
            }

            return null;
        }

        private EmulatorResponse Guard(RequestContext ctx, Func<EmulatorResponse> handler)
        {
            try
            {
                return handler();
            }
            catch (AadErrorException e)
            {
                return AadError(ctx, e);
            }
        }

        private static EmulatorResponse AadError(RequestContext ctx, AadErrorException e)
        {
            var now = DateTimeOffset.UtcNow;
            string timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            string description = $"AADSTS{e.Code}: {e.Message} Trace ID: {ctx.RequestId} Correlation ID: {ctx.ClientRequestId} Timestamp: {timestamp}";
            var response = EmulatorResponse.PlainJson(e.Status, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", e.Error);
                w.WriteString("error_description", description);
                w.WriteStartArray("error_codes");
                w.WriteNumberValue(e.Code);
                w.WriteEndArray();
                w.WriteString("timestamp", timestamp);
                w.WriteString("trace_id", ctx.RequestId);
                w.WriteString("correlation_id", ctx.ClientRequestId);
                w.WriteString("error_uri", "https://login.microsoftonline.com/error?code=" + e.Code.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
            });
            response.Headers.Add(new KeyValuePair<string, string>("x-ms-request-id", ctx.RequestId));
            return response;
        }

        /// <summary>The tenant segment: the target tenant's id, or (for public-client flows and metadata) organizations/common.</summary>
        private string ResolveTenant(RequestContext ctx, bool allowMultiTenant)
        {
            string tenant = ctx.Segments[0];
            if (Guid.TryParse(tenant, out var id) && Guid.TryParse(Options.TargetTenantId, out var target) && id == target)
            {
                return Options.TargetTenantId;
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

        // ---------------------------------------------------------------- metadata

        private EmulatorResponse InstanceDiscovery(RequestContext ctx)
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
            return EmulatorResponse.PlainJson(HttpStatusCode.OK, w =>
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

        private EmulatorResponse OpenIdConfiguration(RequestContext ctx)
        {
            string tenant = ResolveTenant(ctx, allowMultiTenant: true);
            string segment = ctx.Segments[0];
            string issuerTenant = Guid.TryParse(tenant, out _) ? tenant : "{tenantid}";
            string b = ctx.BaseUrl;
            return EmulatorResponse.PlainJson(HttpStatusCode.OK, w =>
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
                w.WriteStringValue(DeviceCodeGrant);
                w.WriteStringValue("refresh_token");
                w.WriteEndArray();
                w.WriteString("tenant_region_scope", "WW");
                w.WriteString("cloud_instance_name", "microsoftonline.com");
                w.WriteString("cloud_graph_host_name", "graph.windows.net");
                w.WriteString("msgraph_host", "graph.microsoft.com");
                w.WriteEndObject();
            });
        }

        // ---------------------------------------------------------------- device authorization

        private EmulatorResponse DeviceAuthorization(RequestContext ctx)
        {
            if (ctx.Method != "POST")
            {
                throw new AadErrorException(HttpStatusCode.MethodNotAllowed, "invalid_request", 900561, $"The endpoint only accepts POST requests. Received a {ctx.Method} request.");
            }

            ResolveTenant(ctx, allowMultiTenant: true);
            var form = ParseForm(ctx.Body);
            string clientId = Required(form, "client_id");
            string scope = Required(form, "scope");
            var app = FindApp(clientId, ctx);
            if (app.Registration.User == null)
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            }

            ScopeRequest.Parse(scope, ctx);

            var now = DateTimeOffset.UtcNow;
            var reg = app.Registration;
            var entry = new DeviceCodeEntry
            {
                DeviceCode = RandomToken(48),
                UserCode = RandomUserCode(),
                ClientId = app.ClientId,
                IssuedAt = now,
                ExpiresAt = now + reg.DeviceCodeLifetime,
                AutoApproveAt = reg.AutoApprove.HasValue ? now + reg.AutoApprove.Value : (DateTimeOffset?)null,
                Status = DeviceCodeStatus.Pending,
            };
            lock (_identityGate)
            {
                entry.Sequence = _deviceCodes.Count + 1;
                _deviceCodes[entry.DeviceCode] = entry;
            }

            long expiresIn = (long)Math.Round(reg.DeviceCodeLifetime.TotalSeconds);
            return EmulatorResponse.PlainJson(HttpStatusCode.OK, w =>
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

        // ---------------------------------------------------------------- token endpoint

        private EmulatorResponse TokenEndpoint(RequestContext ctx, Dictionary<string, string>? form)
        {
            if (ctx.Method != "POST" || form == null)
            {
                throw new AadErrorException(HttpStatusCode.MethodNotAllowed, "invalid_request", 900561, $"The endpoint only accepts POST requests. Received a {ctx.Method} request.");
            }

            string grant = Required(form, "grant_type");
            switch (grant)
            {
                case "client_credentials":
                    return ClientCredentials(ctx, form);
                case "device_code":
                case DeviceCodeGrant:
                    return DeviceCodeRedemption(ctx, form);
                case "refresh_token":
                    return RefreshTokenRedemption(ctx, form);
                default:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grant}'.");
            }
        }

        private EmulatorResponse ClientCredentials(RequestContext ctx, Dictionary<string, string> form)
        {
            string tenant = ResolveTenant(ctx, allowMultiTenant: false);
            string clientId = Required(form, "client_id");
            var app = FindApp(clientId, ctx);
            form.TryGetValue("client_assertion", out var assertion);
            form.TryGetValue("client_secret", out var secret);
            if (!string.IsNullOrEmpty(assertion))
            {
                form.TryGetValue("client_assertion_type", out var assertionType);
                if (assertionType != JwtBearerAssertionType)
                {
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 700004, $"The value of client_assertion_type must be '{JwtBearerAssertionType}'.");
                }

                VerifyClientAssertion(ctx, app, tenant, assertion!);
            }
            else if (!string.IsNullOrEmpty(secret))
            {
                if (app.Registration.Secret == null || !FixedTimeEquals(secret!, app.Registration.Secret))
                {
                    throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app.ClientId}'.");
                }
            }
            else
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            }

            var scopes = ScopeRequest.Parse(Required(form, "scope"), ctx);
            if (!scopes.IsDefault || scopes.Permissions.Count > 0 || scopes.OidcScopes.Count > 0)
            {
                string bad = scopes.Raw.FirstOrDefault(r => !r.EndsWith("/.default", StringComparison.OrdinalIgnoreCase)) ?? scopes.Raw.First();
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_scope", 1002012, $"The provided value for scope {bad} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
            }

            var reg = app.Registration;
            var token = IssueToken(new TokenRequest
            {
                Roles = new List<string>(reg.Roles),
                AppId = app.ClientId,
                ObjectId = DerivedId("servicePrincipal", app.ClientId),
                Lifetime = reg.TokenLifetime,
            });
            long expiresIn = (long)Math.Round(reg.TokenLifetime.TotalSeconds);
            return EmulatorResponse.PlainJson(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("token_type", "Bearer");
                w.WriteNumber("expires_in", expiresIn);
                w.WriteNumber("ext_expires_in", expiresIn);
                w.WriteString("access_token", token.AccessToken);
                w.WriteEndObject();
            });
        }

        /// <summary>A client assertion: signed by a registered certificate (iss = sub = client id), or a federated token of this emulator.</summary>
        private void VerifyClientAssertion(RequestContext ctx, AppEntry app, string tenant, string assertion)
        {
            var jwt = ParsedJwt.TryParse(assertion);
            if (jwt == null)
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 50027, "JWT token is invalid or malformed.");
            }

            string? iss = jwt.Claim("iss");
            if (string.Equals(iss, app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                VerifyCertificateAssertion(ctx, app, tenant, jwt);
            }
            else
            {
                VerifyFederatedAssertion(app, jwt);
            }
        }

        private void VerifyCertificateAssertion(RequestContext ctx, AppEntry app, string tenant, ParsedJwt jwt)
        {
            string? alg = jwt.Algorithm;
            if (alg != "RS256" && alg != "PS256")
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 5002738, $"Invalid JWT token. '{alg}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, PS256'.");
            }

            string? x5tS256 = jwt.HeaderString("x5t#S256");
            string? x5t = jwt.HeaderString("x5t");
            var candidates = app.Certificates
                .Where(c => (x5tS256 == null || CertificatePem.X5tS256(c) == x5tS256) && (x5t == null || CertificatePem.X5t(c) == x5t))
                .ToList();
            if (candidates.Count == 0)
            {
                string thumb = x5tS256 ?? x5t ?? "(none)";
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 700027, $"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{app.ClientId}'.]");
            }

            bool valid = false;
            foreach (var cert in candidates)
            {
                using (var rsa = cert.GetRSAPublicKey())
                {
                    if (rsa != null && jwt.VerifyRsa(rsa))
                    {
                        valid = true;
                        break;
                    }
                }
            }

            if (!valid)
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 700027, $"Client assertion failed signature validation. [Reason - The key was found but the signature of the client assertion does not match it., Thumbprint of key used by client: '{x5tS256 ?? x5t ?? "(none)"}']");
            }

            if (!string.Equals(jwt.Claim("sub"), app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
            }

            // the audience is the token endpoint the assertion is presented to (the v1 endpoint and the tenant's issuer are accepted too)
            string endpoint = ctx.BaseUrl + "/" + ctx.Segments[0] + "/oauth2/v2.0/token";
            var accepted = new[]
            {
                endpoint,
                ctx.BaseUrl + "/" + ctx.Segments[0] + "/oauth2/token",
                ctx.BaseUrl + "/" + tenant + "/v2.0",
            };
            var audiences = jwt.Audiences();
            if (!audiences.Any(a => accepted.Any(x => string.Equals(a.TrimEnd('/'), x, StringComparison.OrdinalIgnoreCase))))
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 50027, $"JWT token is invalid or malformed. [Reason - The audience of the client assertion '{string.Join(", ", audiences)}' does not match the token endpoint '{endpoint}'.]");
            }

            CheckAssertionTimes(jwt);
        }

        private void VerifyFederatedAssertion(AppEntry app, ParsedJwt jwt)
        {
            RSA key;
            string kid;
            lock (_identityGate)
            {
                key = FederationKey(out kid);
            }

            bool signed;
            lock (_identityGate)
            {
                signed = jwt.Algorithm == "RS256" && jwt.HeaderString("kid") == kid && jwt.VerifyRsa(key);
            }

            if (!signed)
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 50013, "Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '" + (jwt.HeaderString("kid") ?? "(none)") + "']");
            }

            var reg = app.Registration;
            string? iss = jwt.Claim("iss");
            string? sub = jwt.Claim("sub");
            var audiences = jwt.Audiences();
            if (reg.FederatedSubject == null || !string.Equals(iss, reg.FederatedIssuer, StringComparison.Ordinal))
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 700211, $"No matching federated identity record found for presented assertion issuer '{iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
            }

            if (!audiences.Contains(reg.FederatedAudience, StringComparer.Ordinal))
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 700212, $"No matching federated identity record found for presented assertion audience '{string.Join(", ", audiences)}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
            }

            if (!string.Equals(sub, reg.FederatedSubject, StringComparison.Ordinal))
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_request", 70021, $"No matching federated identity record found for presented assertion. Assertion Issuer: '{iss}'. Assertion Subject: '{sub}'. Assertion Audience: '{string.Join(", ", audiences)}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
            }

            CheckAssertionTimes(jwt);
        }

        private static void CheckAssertionTimes(ParsedJwt jwt)
        {
            long? exp = jwt.NumericDate("exp");
            long? nbf = jwt.NumericDate("nbf");
            if (exp == null)
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 50027, "JWT token is invalid or malformed. [Reason - The client assertion has no 'exp' claim.]");
            }

            var now = DateTimeOffset.UtcNow;
            var expires = DateTimeOffset.FromUnixTimeSeconds(exp.Value);
            var notBefore = nbf.HasValue ? DateTimeOffset.FromUnixTimeSeconds(nbf.Value) : (DateTimeOffset?)null;
            if (expires + AssertionClockSkew <= now || (notBefore.HasValue && notBefore.Value - AssertionClockSkew > now))
            {
                throw new AadErrorException(HttpStatusCode.Unauthorized, "invalid_client", 700024, $"Client assertion is not within its valid time range. Current time: {now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}, assertion valid from {(notBefore.HasValue ? notBefore.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) : "(not set)")}, expiry time of assertion {expires.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
            }
        }

        private EmulatorResponse DeviceCodeRedemption(RequestContext ctx, Dictionary<string, string> form)
        {
            ResolveTenant(ctx, allowMultiTenant: true);
            string clientId = Required(form, "client_id");
            string code = Required(form, "device_code");
            var app = FindApp(clientId, ctx);
            var now = DateTimeOffset.UtcNow;
            DeviceCodeStatus status;
            lock (_identityGate)
            {
                if (!_deviceCodes.TryGetValue(code, out var entry) || !string.Equals(entry.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase))
                {
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 70000, "The provided value for the input parameter 'device_code' is not valid.");
                }

                status = entry.EffectiveStatus(now);
                if (status == DeviceCodeStatus.Approved)
                {
                    entry.Status = DeviceCodeStatus.Redeemed;
                }
            }

            switch (status)
            {
                case DeviceCodeStatus.Pending:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.");
                case DeviceCodeStatus.Denied:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "authorization_declined", 70000, "The user declined the sign-in request.");
                case DeviceCodeStatus.Expired:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "expired_token", 70019, "Verification code expired.");
                case DeviceCodeStatus.Redeemed:
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 70000, "The provided value for the input parameter 'device_code' is not valid. It has already been redeemed.");
            }

            string scope = form.TryGetValue("scope", out var sc) && sc.Length > 0 ? sc : "openid profile offline_access";
            return DelegatedTokens(ctx, form, app, app.Registration.User!, ScopeRequest.Parse(scope, ctx));
        }

        private EmulatorResponse RefreshTokenRedemption(RequestContext ctx, Dictionary<string, string> form)
        {
            ResolveTenant(ctx, allowMultiTenant: true);
            string clientId = Required(form, "client_id");
            string refreshToken = Required(form, "refresh_token");
            var app = FindApp(clientId, ctx);
            RefreshEntry? entry;
            lock (_identityGate)
            {
                _refreshTokens.TryGetValue(refreshToken, out entry);
            }

            if (entry == null)
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");
            }

            if (!string.Equals(entry.ClientId, app.ClientId, StringComparison.OrdinalIgnoreCase))
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant or application, thus rejected.");
            }

            if (entry.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 700082, "The refresh token has expired due to inactivity.");
            }

            string scope = form.TryGetValue("scope", out var sc) && sc.Length > 0 ? sc : "openid profile offline_access";
            return DelegatedTokens(ctx, form, app, entry.User, ScopeRequest.Parse(scope, ctx));
        }

        /// <summary>Access, refresh and id tokens for the user of a public-client flow.</summary>
        private EmulatorResponse DelegatedTokens(RequestContext ctx, Dictionary<string, string> form, AppEntry app, string user, ScopeRequest scopes)
        {
            var reg = app.Registration;
            List<string> granted;
            if (scopes.IsDefault)
            {
                granted = new List<string>(reg.Scopes);
            }
            else
            {
                granted = new List<string>();
                foreach (var p in scopes.Permissions)
                {
                    string? consented = reg.Scopes.FirstOrDefault(s => string.Equals(s, p, StringComparison.OrdinalIgnoreCase));
                    if (consented == null)
                    {
                        throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_grant", 65001, $"The user or administrator has not consented to use the application with ID '{app.ClientId}' named '{app.ClientId}'. Send an interactive authorization request for this user and resource. (Missing: '{p}'.)");
                    }

                    if (!granted.Contains(consented))
                    {
                        granted.Add(consented);
                    }
                }
            }

            string tenant = Options.TargetTenantId;
            string oid = DerivedId("user", user.ToLowerInvariant());
            var token = IssueToken(new TokenRequest
            {
                Scopes = granted,
                Upn = user,
                ObjectId = oid,
                AppId = app.ClientId,
                Lifetime = reg.TokenLifetime,
            });
            long expiresIn = (long)Math.Round(reg.TokenLifetime.TotalSeconds);

            var scopeOut = granted.Select(g => TokenService.GraphAudience + "/" + g).ToList();
            if (scopes.IsDefault)
            {
                scopeOut.Add(TokenService.GraphAudience + "/.default");
            }

            scopeOut.AddRange(scopes.OidcScopes);

            string? refresh = null;
            if (scopes.OidcScopes.Contains("offline_access"))
            {
                refresh = RandomToken(64);
                lock (_identityGate)
                {
                    _refreshTokens[refresh] = new RefreshEntry { ClientId = app.ClientId, User = user, ExpiresAt = DateTimeOffset.UtcNow + RefreshTokenLifetime };
                }
            }

            string? idToken = null;
            if (scopes.OidcScopes.Contains("openid"))
            {
                var now = DateTimeOffset.UtcNow;
                string baseUrl = ctx.BaseUrl;
                idToken = _tokens.CreateJwt(w =>
                {
                    w.WriteString("aud", app.ClientId);
                    w.WriteString("iss", $"{baseUrl}/{tenant}/v2.0");
                    w.WriteNumber("iat", now.ToUnixTimeSeconds());
                    w.WriteNumber("nbf", now.ToUnixTimeSeconds());
                    w.WriteNumber("exp", now.AddHours(1).ToUnixTimeSeconds());
                    w.WriteString("name", user.Split('@')[0]);
                    w.WriteString("oid", oid);
                    w.WriteString("preferred_username", user);
                    w.WriteString("sub", DerivedId("subject", app.ClientId + "|" + user.ToLowerInvariant()));
                    w.WriteString("tid", tenant);
                    w.WriteString("ver", "2.0");
                });
            }

            string? clientInfo = null;
            if (form.TryGetValue("client_info", out var ci) && ci == "1")
            {
                clientInfo = Base64Url.Encode(JsonWriting.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("uid", oid);
                    w.WriteString("utid", tenant);
                    w.WriteEndObject();
                }));
            }

            return EmulatorResponse.PlainJson(HttpStatusCode.OK, w =>
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

        // ---------------------------------------------------------------- helpers

        private AppEntry FindApp(string clientId, RequestContext ctx)
        {
            lock (_identityGate)
            {
                if (_apps.TryGetValue(clientId.Trim(), out var app))
                {
                    return app;
                }
            }

            throw new AadErrorException(HttpStatusCode.BadRequest, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{ctx.Segments[0]}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
        }

        private static string Required(Dictionary<string, string> form, string name)
        {
            if (!form.TryGetValue(name, out var value) || value.Length == 0)
            {
                throw AadErrorException.MissingParameter(name);
            }

            return value;
        }

        /// <summary>application/x-www-form-urlencoded; the first value of a repeated name wins.</summary>
        internal static Dictionary<string, string> ParseForm(byte[] body)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            string text = Encoding.UTF8.GetString(body);
            foreach (var pair in text.Split('&'))
            {
                if (pair.Length == 0)
                {
                    continue;
                }

                int eq = pair.IndexOf('=');
                string name = RequestContext.DecodeQuery(eq < 0 ? pair : pair.Substring(0, eq));
                string value = eq < 0 ? "" : RequestContext.DecodeQuery(pair.Substring(eq + 1));
                if (!result.ContainsKey(name))
                {
                    result[name] = value;
                }
            }

            return result;
        }

        /// <summary>A stable GUID for a name (object ids of users, service principals and managed identities).</summary>
        internal static string DerivedId(string kind, string name)
        {
            using (var sha = SHA256.Create())
            {
                byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(kind + ":" + name));
                var bytes = new byte[16];
                Array.Copy(hash, bytes, 16);
                bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 style
                bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
                return new Guid(bytes).ToString("D");
            }
        }

        private static string RandomToken(int bytes)
        {
            var data = new byte[bytes];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(data);
            }

            return Base64Url.Encode(data);
        }

        private static string RandomUserCode()
        {
            const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            var data = new byte[9];
            using (var rng = RandomNumberGenerator.Create())
            {
                rng.GetBytes(data);
            }

            var sb = new StringBuilder(9);
            foreach (var b in data)
            {
                sb.Append(alphabet[b % alphabet.Length]);
            }

            return sb.ToString();
        }

        private static bool FixedTimeEquals(string a, string b)
        {
            byte[] x = Encoding.UTF8.GetBytes(a);
            byte[] y = Encoding.UTF8.GetBytes(b);
            int diff = x.Length ^ y.Length;
            for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            {
                diff |= x[i] ^ y[i];
            }

            return diff == 0;
        }

        private sealed class AppEntry
        {
            public AppEntry(string clientId, AppRegistration registration, List<X509Certificate2> certificates)
            {
                ClientId = clientId;
                Registration = registration;
                Certificates = certificates;
            }

            public string ClientId { get; }
            public AppRegistration Registration { get; }
            public List<X509Certificate2> Certificates { get; }
        }

        private enum DeviceCodeStatus
        {
            Pending,
            Approved,
            Denied,
            Redeemed,
            Expired,
        }

        private sealed class DeviceCodeEntry
        {
            public long Sequence { get; set; }
            public string DeviceCode { get; set; } = "";
            public string UserCode { get; set; } = "";
            public string ClientId { get; set; } = "";
            public DateTimeOffset IssuedAt { get; set; }
            public DateTimeOffset ExpiresAt { get; set; }
            public DateTimeOffset? AutoApproveAt { get; set; }
            public DeviceCodeStatus Status { get; set; }

            public DeviceCodeStatus EffectiveStatus(DateTimeOffset now)
            {
                if (Status == DeviceCodeStatus.Redeemed || Status == DeviceCodeStatus.Denied)
                {
                    return Status;
                }

                if (now >= ExpiresAt)
                {
                    return DeviceCodeStatus.Expired;
                }

                if (Status == DeviceCodeStatus.Pending && AutoApproveAt.HasValue && now >= AutoApproveAt.Value)
                {
                    return DeviceCodeStatus.Approved;
                }

                return Status;
            }
        }

        private sealed class RefreshEntry
        {
            public string ClientId { get; set; } = "";
            public string User { get; set; } = "";
            public DateTimeOffset ExpiresAt { get; set; }
        }

        /// <summary>A space-separated OAuth scope parameter for Microsoft Graph.</summary>
        private sealed class ScopeRequest
        {
            private static readonly string[] Oidc = { "openid", "profile", "offline_access", "email" };

            public List<string> Raw { get; } = new List<string>();
            public bool IsDefault { get; private set; }
            public List<string> Permissions { get; } = new List<string>();
            public List<string> OidcScopes { get; } = new List<string>();

            public static ScopeRequest Parse(string scope, RequestContext ctx)
            {
                var result = new ScopeRequest();
                foreach (var s in scope.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    result.Raw.Add(s);
                    string? oidc = Oidc.FirstOrDefault(o => string.Equals(o, s, StringComparison.OrdinalIgnoreCase));
                    if (oidc != null)
                    {
                        if (!result.OidcScopes.Contains(oidc))
                        {
                            result.OidcScopes.Add(oidc);
                        }

                        continue;
                    }

                    string resource;
                    string permission;
                    int slash = s.LastIndexOf('/');
                    if (slash < 0)
                    {
                        resource = TokenService.GraphAudience; // a bare scope is a Microsoft Graph permission
                        permission = s;
                    }
                    else
                    {
                        resource = s.Substring(0, slash).TrimEnd('/');
                        permission = s.Substring(slash + 1);
                    }

                    if (!string.Equals(resource, TokenService.GraphAudience, StringComparison.OrdinalIgnoreCase)
                        && !string.Equals(resource, TokenService.GraphAppId, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_resource", 500011, $"The resource principal named {resource} was not found in the tenant named {ctx.Segments[0]}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.");
                    }

                    if (permission == ".default")
                    {
                        result.IsDefault = true;
                    }
                    else if (permission.Length > 0)
                    {
                        result.Permissions.Add(permission);
                    }
                }

                if (result.Raw.Count == 0)
                {
                    throw AadErrorException.MissingParameter("scope");
                }

                if (result.IsDefault && result.Permissions.Count > 0)
                {
                    throw new AadErrorException(HttpStatusCode.BadRequest, "invalid_scope", 70011, $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid. .default scope can't be combined with resource-specific scopes.");
                }

                return result;
            }
        }
    }
}
