using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using static CrossTenantMigration.Emulator.AdminBody;

namespace CrossTenantMigration.Emulator
{
    /// <summary>The admin routes of the token service: app registrations, managed identity, federated tokens, device codes.</summary>
    internal sealed class AdminIdentityRoutes
    {
        private readonly MigrationServiceEmulator _emulator;

        public AdminIdentityRoutes(MigrationServiceEmulator emulator) => _emulator = emulator;

        public void Map(AdminRouteTable routes)
        {
            routes.Add("GET", "apps", _ => AppList());
            routes.AddPattern("apps/{id}", new[] { "PUT", "GET", "DELETE" }, App);
            routes.Add("PUT", "managed-identity", ctx => AdminServiceRoutes.NoContent(() => _emulator.ManagedIdentity = ParseManagedIdentity(ctx)));
            routes.Add("GET", "managed-identity", _ => ManagedIdentity());
            routes.Add("DELETE", "managed-identity", _ => AdminServiceRoutes.NoContent(() => _emulator.ManagedIdentity = null));
            routes.Add("POST", "federated-token", FederatedToken);
            routes.Add("POST", "devicecode/approve", ctx => DecideDeviceCode(ctx, _emulator.ApproveDeviceCode));
            routes.Add("POST", "devicecode/deny", ctx => DecideDeviceCode(ctx, _emulator.DenyDeviceCode));
            routes.Add("GET", "devicecodes", _ => DeviceCodes());
        }

        private EmulatorResponse App(EmulatorRequest ctx, string clientId)
        {
            switch (ctx.Method)
            {
                case "PUT":
                    var registration = ParseAppRegistration(Read(ctx, "secret", "certificatePem", "roles", "scopes", "tokenLifetimeSeconds", "user", "autoApproveSeconds", "deviceCodeLifetimeSeconds", "federatedSubject", "federatedIssuer", "federatedAudience"));
                    try
                    {
                        _emulator.RegisterApp(clientId, registration);
                    }
                    catch (ArgumentException e)
                    {
                        throw AdminError.BadRequest(e.Message.Split('\n')[0].Replace(" (Parameter 'registration')", ""));
                    }

                    return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                case "GET":
                    return AppDetails(clientId);
                default:
                    return AdminServiceRoutes.NoContent(() => _emulator.RemoveApp(clientId));
            }
        }

        private static AppRegistration ParseAppRegistration(Dictionary<string, JsonElement> body)
        {
            var registration = new AppRegistration
            {
                Secret = GetString(body, "secret"),
                CertificatePem = GetString(body, "certificatePem"),
                Roles = GetStringList(body, "roles") ?? new List<string>(),
                Scopes = GetStringList(body, "scopes") ?? new List<string>(),
                User = GetString(body, "user"),
                FederatedSubject = GetString(body, "federatedSubject"),
                FederatedIssuer = GetString(body, "federatedIssuer") ?? MigrationServiceEmulator.FederatedTokenIssuer,
                FederatedAudience = GetString(body, "federatedAudience") ?? MigrationServiceEmulator.DefaultFederatedAudience,
            };
            double? lifetime = GetDouble(body, "tokenLifetimeSeconds");
            double? autoApprove = GetDouble(body, "autoApproveSeconds");
            double? deviceCodeLifetime = GetDouble(body, "deviceCodeLifetimeSeconds");
            if (lifetime <= 0 || deviceCodeLifetime <= 0 || autoApprove < 0)
            {
                throw AdminError.BadRequest("'tokenLifetimeSeconds' and 'deviceCodeLifetimeSeconds' must be positive, 'autoApproveSeconds' zero or more.");
            }

            if (lifetime.HasValue) registration.TokenLifetime = TimeSpan.FromSeconds(lifetime.Value);
            if (deviceCodeLifetime.HasValue) registration.DeviceCodeLifetime = TimeSpan.FromSeconds(deviceCodeLifetime.Value);
            if (autoApprove.HasValue) registration.AutoApprove = TimeSpan.FromSeconds(autoApprove.Value);
            return registration;
        }

        private EmulatorResponse AppList()
        {
            var ids = _emulator.Identity.Apps.ClientIds();
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                WriteStrings(w, "clientIds", ids);
                w.WriteEndObject();
            });
        }

        private EmulatorResponse AppDetails(string clientId)
        {
            var app = _emulator.Identity.Apps.Get(clientId) ?? throw AdminError.NotFound($"No app is registered with the client id '{clientId}'.");
            var r = app.Registration;
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("clientId", app.ClientId);
                w.WriteBoolean("hasSecret", r.Secret != null);
                w.WriteStartArray("certificateThumbprints");
                foreach (var c in app.Certificates)
                {
                    w.WriteStringValue(c.Thumbprint);
                }

                w.WriteEndArray();
                WriteStrings(w, "roles", r.Roles);
                WriteStrings(w, "scopes", r.Scopes);
                w.WriteNumber("tokenLifetimeSeconds", r.TokenLifetime.TotalSeconds);
                if (r.User != null) w.WriteString("user", r.User); else w.WriteNull("user");
                if (r.AutoApprove.HasValue) w.WriteNumber("autoApproveSeconds", r.AutoApprove.Value.TotalSeconds); else w.WriteNull("autoApproveSeconds");
                w.WriteNumber("deviceCodeLifetimeSeconds", r.DeviceCodeLifetime.TotalSeconds);
                if (r.FederatedSubject != null) w.WriteString("federatedSubject", r.FederatedSubject); else w.WriteNull("federatedSubject");
                w.WriteString("federatedIssuer", r.FederatedIssuer);
                w.WriteString("federatedAudience", r.FederatedAudience);
                w.WriteEndObject();
            });
        }

        private static ManagedIdentitySettings ParseManagedIdentity(EmulatorRequest ctx)
        {
            var body = Read(ctx, "secret", "roles", "clientIds", "tokenLifetimeSeconds", "systemAssignedClientId");
            var settings = new ManagedIdentitySettings
            {
                Secret = GetString(body, "secret"),
                Roles = GetStringList(body, "roles") ?? new List<string>(),
                ClientIds = GetStringList(body, "clientIds") ?? new List<string>(),
                SystemAssignedClientId = GetString(body, "systemAssignedClientId") ?? MigrationServiceEmulator.DefaultSystemAssignedClientId,
            };
            double? lifetime = GetDouble(body, "tokenLifetimeSeconds");
            if (lifetime <= 0)
            {
                throw AdminError.BadRequest("'tokenLifetimeSeconds' must be positive.");
            }

            if (lifetime.HasValue) settings.TokenLifetime = TimeSpan.FromSeconds(lifetime.Value);
            return settings;
        }

        private EmulatorResponse ManagedIdentity()
        {
            var mi = _emulator.ManagedIdentity ?? throw AdminError.NotFound("No managed identity is configured.");
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("hasSecret", mi.Secret != null);
                WriteStrings(w, "roles", mi.Roles);
                WriteStrings(w, "clientIds", mi.ClientIds);
                w.WriteNumber("tokenLifetimeSeconds", mi.TokenLifetime.TotalSeconds);
                w.WriteString("systemAssignedClientId", mi.SystemAssignedClientId);
                w.WriteEndObject();
            });
        }

        private EmulatorResponse FederatedToken(EmulatorRequest ctx)
        {
            var body = Read(ctx, "subject", "audience", "issuer", "lifetimeSeconds");
            string subject = GetString(body, "subject") ?? throw AdminError.BadRequest("'subject' is required.");
            double? lifetime = GetDouble(body, "lifetimeSeconds");
            var token = _emulator.IssueFederatedToken(subject, GetString(body, "audience"), lifetime.HasValue ? TimeSpan.FromSeconds(lifetime.Value) : (TimeSpan?)null, GetString(body, "issuer"));
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("token", token.AccessToken);
                w.WriteNumber("expires_on", token.ExpiresOn.ToUnixTimeSeconds());
                w.WriteEndObject();
            });
        }

        private static EmulatorResponse DecideDeviceCode(EmulatorRequest ctx, Func<string, bool> decide)
        {
            string userCode = GetString(Read(ctx, "userCode"), "userCode") ?? throw AdminError.BadRequest("'userCode' is required.");
            if (!decide(userCode))
            {
                throw AdminError.NotFound($"No pending device code has the user code '{userCode}' (unknown, expired, already approved, denied or redeemed).");
            }

            return EmulatorResponse.Empty(HttpStatusCode.NoContent);
        }

        private EmulatorResponse DeviceCodes()
        {
            var codes = _emulator.GetDeviceCodes();
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("value");
                foreach (var c in codes)
                {
                    w.WriteStartObject();
                    w.WriteString("userCode", c.UserCode);
                    w.WriteString("clientId", c.ClientId);
                    w.WriteString("status", c.Status);
                    w.WriteString("expiresOn", EmulatorJson.Date(c.ExpiresOn));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }
}
