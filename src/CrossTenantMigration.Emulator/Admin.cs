using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    public sealed partial class MigrationServiceEmulator
    {
        /// <summary>First path segment of the admin API.</summary>
        public const string AdminRoot = "_emulator";

        private EmulatorResponse HandleAdmin(RequestContext ctx)
        {
            try
            {
                var s = ctx.Segments;
                string path = string.Join("/", s.Skip(1)).ToLowerInvariant();
                string m = ctx.Method;
                switch (path)
                {
                    case "token" when m == "POST":
                        return AdminToken(ctx);
                    case "stats" when m == "GET":
                        return AdminStats();
                    case "stats/reset" when m == "POST":
                        ResetStatistics();
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "reset" when m == "POST":
                        Reset();
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "clock" when m == "GET":
                        return AdminClock();
                    case "clock/advance" when m == "POST":
                        var advance = AdminBody(ctx, "seconds");
                        double seconds = GetDouble(advance, "seconds") ?? throw GraphErrorException.BadRequest("'seconds' is required.");
                        if (seconds < 0 || double.IsNaN(seconds) || double.IsInfinity(seconds))
                        {
                            throw GraphErrorException.BadRequest("'seconds' must be zero or positive: the clock only moves forward.");
                        }

                        Clock.Advance(TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)));
                        return AdminClock();
                    case "clock/reset" when m == "POST":
                        Clock.Reset();
                        return AdminClock();
                    case "options" when m == "GET":
                        return AdminOptions();
                    case "options" when m == "PUT" || m == "PATCH":
                        ApplyOptions(AdminBody(ctx, "stepMilliseconds", "autoValidateOnCreate", "quirks", "pageSize", "enforceOneActiveBatchPerUser", "rejectPastCompleteAfterOnCreate", "validationValidityDays", "maxResourcesPerJob"));
                        return AdminOptions();
                    case "throttle" when m == "PUT":
                        var t = AdminBody(ctx, "everyNth", "probability", "retryAfterSeconds", "maxCount", "seed");
                        var settings = new ThrottleSettings
                        {
                            EveryNth = GetInt(t, "everyNth"),
                            Probability = GetDouble(t, "probability"),
                            RetryAfterSeconds = GetInt(t, "retryAfterSeconds") ?? 1,
                            MaxCount = GetInt(t, "maxCount"),
                            Seed = GetInt(t, "seed"),
                        };
                        if (settings.EveryNth == null && settings.Probability == null)
                        {
                            throw GraphErrorException.BadRequest("Give 'everyNth' or 'probability'.");
                        }

                        if (settings.EveryNth < 1 || settings.Probability < 0 || settings.Probability > 1 || settings.RetryAfterSeconds < 0)
                        {
                            throw GraphErrorException.BadRequest("'everyNth' must be at least 1, 'probability' from 0 to 1, 'retryAfterSeconds' zero or more.");
                        }

                        Throttle = settings;
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "throttle" when m == "DELETE":
                        Throttle = null;
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "faults" when m == "PUT":
                        Faults = ParseFaults(AdminBody(ctx, "rate", "kinds", "seed", "stallMilliseconds", "retryAfterSeconds"));
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "faults" when m == "DELETE":
                        Faults = null;
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "apps" when m == "GET":
                        return AdminAppList();
                    case "managed-identity" when m == "PUT":
                        ManagedIdentity = ParseManagedIdentity(AdminBody(ctx, "secret", "roles", "clientIds", "tokenLifetimeSeconds", "systemAssignedClientId"));
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "managed-identity" when m == "GET":
                        return AdminManagedIdentity();
                    case "managed-identity" when m == "DELETE":
                        ManagedIdentity = null;
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "federated-token" when m == "POST":
                        return AdminFederatedToken(AdminBody(ctx, "subject", "audience", "issuer", "lifetimeSeconds"));
                    case "devicecode/approve" when m == "POST":
                    case "devicecode/deny" when m == "POST":
                        string userCode = GetString(AdminBody(ctx, "userCode"), "userCode") ?? throw GraphErrorException.BadRequest("'userCode' is required.");
                        bool done = path.EndsWith("approve", StringComparison.Ordinal) ? ApproveDeviceCode(userCode) : DenyDeviceCode(userCode);
                        if (!done)
                        {
                            throw GraphErrorException.NotFound($"No pending device code has the user code '{userCode}' (unknown, expired, already approved, denied or redeemed).");
                        }

                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    case "devicecodes" when m == "GET":
                        return AdminDeviceCodes();
                }

                if (s.Count == 3 && string.Equals(s[1], "apps", StringComparison.OrdinalIgnoreCase))
                {
                    switch (m)
                    {
                        case "PUT":
                            var registration = ParseAppRegistration(AdminBody(ctx, "secret", "certificatePem", "roles", "scopes", "tokenLifetimeSeconds", "user", "autoApproveSeconds", "deviceCodeLifetimeSeconds", "federatedSubject", "federatedIssuer", "federatedAudience"));
                            try
                            {
                                RegisterApp(s[2], registration);
                            }
                            catch (ArgumentException e)
                            {
                                throw GraphErrorException.BadRequest(e.Message.Split('\n')[0].Replace(" (Parameter 'registration')", ""));
                            }

                            return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                        case "GET":
                            return AdminApp(s[2]);
                        case "DELETE":
                            RemoveApp(s[2]);
                            return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                        default:
                            throw new GraphErrorException(HttpStatusCode.MethodNotAllowed, "invalidRequest", $"The HTTP method '{m}' is not allowed on this admin resource.") { Allow = new[] { "PUT", "GET", "DELETE" } };
                    }
                }

                if (s.Count == 4 && string.Equals(s[1], "users", StringComparison.OrdinalIgnoreCase) && string.Equals(s[3], "failure", StringComparison.OrdinalIgnoreCase))
                {
                    if (m == "PUT")
                    {
                        var f = AdminBody(ctx, "phase", "workload", "code", "message", "times");
                        var failure = new UserFailure();
                        string? phase = GetString(f, "phase");
                        if (phase != null)
                        {
                            failure.Phase = string.Equals(phase, "validate", StringComparison.OrdinalIgnoreCase) ? FailurePhase.Validate
                                : string.Equals(phase, "migrate", StringComparison.OrdinalIgnoreCase) ? FailurePhase.Migrate
                                : throw GraphErrorException.BadRequest("'phase' must be 'validate' or 'migrate'.");
                        }

                        failure.Workload = GetString(f, "workload");
                        if (failure.Workload != null && Workloads.Canonical(failure.Workload) == null)
                        {
                            throw GraphErrorException.BadRequest($"Unknown workload '{failure.Workload}'. Use Exchange, ODSP, Teams or Meeting.");
                        }

                        failure.Code = GetString(f, "code") ?? failure.Code;
                        failure.Message = GetString(f, "message") ?? failure.Message;
                        failure.Times = GetInt(f, "times");
                        SetUserFailure(s[2], failure);
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    }

                    if (m == "DELETE")
                    {
                        ClearUserFailure(s[2]);
                        return EmulatorResponse.Empty(HttpStatusCode.NoContent);
                    }

                    throw new GraphErrorException(HttpStatusCode.MethodNotAllowed, "invalidRequest", $"The HTTP method '{m}' is not allowed on this admin resource.") { Allow = new[] { "PUT", "DELETE" } };
                }

                throw GraphErrorException.NotFound($"Unknown admin route '{m} /{string.Join("/", s)}'.");
            }
            catch (GraphErrorException e)
            {
                return ErrorResponse(ctx, e);
            }
        }

        private EmulatorResponse AdminToken(RequestContext ctx)
        {
            var body = AdminBody(ctx, "scopes", "roles", "lifetimeSeconds", "tenantId", "audience", "objectId", "upn", "appId");
            var request = new TokenRequest
            {
                Scopes = GetStringList(body, "scopes"),
                Roles = GetStringList(body, "roles"),
                Lifetime = TimeSpan.FromSeconds(GetDouble(body, "lifetimeSeconds") ?? 3600),
                TenantId = GetString(body, "tenantId"),
                Audience = GetString(body, "audience"),
                ObjectId = GetString(body, "objectId"),
                Upn = GetString(body, "upn"),
                AppId = GetString(body, "appId"),
            };
            var token = IssueToken(request);
            long expiresIn = Math.Max(0, (long)(token.ExpiresOn - DateTimeOffset.UtcNow).TotalSeconds);
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("access_token", token.AccessToken);
                w.WriteString("token_type", "Bearer");
                w.WriteNumber("expires_in", expiresIn);
                w.WriteNumber("expires_on", token.ExpiresOn.ToUnixTimeSeconds());
                w.WriteEndObject();
            });
        }

        private EmulatorResponse AdminStats()
        {
            var stats = GetStatistics();
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("total", stats.Total);
                w.WriteStartObject("byMethod");
                foreach (var kv in stats.ByMethod.OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    w.WriteNumber(kv.Key, kv.Value);
                }

                w.WriteEndObject();
                w.WriteNumber("creates", stats.Creates);
                w.WriteNumber("jobs", stats.Jobs);
                w.WriteNumber("duplicateDisplayNames", stats.DuplicateDisplayNames);
                w.WriteNumber("throttled", stats.Throttled);
                w.WriteNumber("faultsInjected", stats.FaultsInjected);
                w.WriteNumber("tokenRequests", stats.TokenRequests);
                w.WriteStartObject("tokenRequestsByGrant");
                foreach (var kv in stats.TokenRequestsByGrant.OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    w.WriteNumber(kv.Key, kv.Value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            });
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
                FederatedIssuer = GetString(body, "federatedIssuer") ?? FederatedTokenIssuer,
                FederatedAudience = GetString(body, "federatedAudience") ?? DefaultFederatedAudience,
            };
            double? lifetime = GetDouble(body, "tokenLifetimeSeconds");
            double? autoApprove = GetDouble(body, "autoApproveSeconds");
            double? deviceCodeLifetime = GetDouble(body, "deviceCodeLifetimeSeconds");
            if (lifetime <= 0 || deviceCodeLifetime <= 0 || autoApprove < 0)
            {
                throw GraphErrorException.BadRequest("'tokenLifetimeSeconds' and 'deviceCodeLifetimeSeconds' must be positive, 'autoApproveSeconds' zero or more.");
            }

            if (lifetime.HasValue) registration.TokenLifetime = TimeSpan.FromSeconds(lifetime.Value);
            if (deviceCodeLifetime.HasValue) registration.DeviceCodeLifetime = TimeSpan.FromSeconds(deviceCodeLifetime.Value);
            if (autoApprove.HasValue) registration.AutoApprove = TimeSpan.FromSeconds(autoApprove.Value);
            return registration;
        }

        private static ManagedIdentitySettings ParseManagedIdentity(Dictionary<string, JsonElement> body)
        {
            var settings = new ManagedIdentitySettings
            {
                Secret = GetString(body, "secret"),
                Roles = GetStringList(body, "roles") ?? new List<string>(),
                ClientIds = GetStringList(body, "clientIds") ?? new List<string>(),
                SystemAssignedClientId = GetString(body, "systemAssignedClientId") ?? DefaultSystemAssignedClientId,
            };
            double? lifetime = GetDouble(body, "tokenLifetimeSeconds");
            if (lifetime <= 0)
            {
                throw GraphErrorException.BadRequest("'tokenLifetimeSeconds' must be positive.");
            }

            if (lifetime.HasValue) settings.TokenLifetime = TimeSpan.FromSeconds(lifetime.Value);
            return settings;
        }

        private EmulatorResponse AdminAppList()
        {
            List<string> ids;
            lock (_identityGate)
            {
                ids = _apps.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase).ToList();
            }

            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("clientIds");
                foreach (var id in ids)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private EmulatorResponse AdminApp(string clientId)
        {
            AppEntry? app;
            lock (_identityGate)
            {
                _apps.TryGetValue(clientId.Trim(), out app);
            }

            if (app == null)
            {
                throw GraphErrorException.NotFound($"No app is registered with the client id '{clientId}'.");
            }

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

        private EmulatorResponse AdminManagedIdentity()
        {
            var mi = ManagedIdentity;
            if (mi == null)
            {
                throw GraphErrorException.NotFound("No managed identity is configured.");
            }

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

        private EmulatorResponse AdminFederatedToken(Dictionary<string, JsonElement> body)
        {
            string subject = GetString(body, "subject") ?? throw GraphErrorException.BadRequest("'subject' is required.");
            double? lifetime = GetDouble(body, "lifetimeSeconds");
            var token = IssueFederatedToken(subject, GetString(body, "audience"), lifetime.HasValue ? TimeSpan.FromSeconds(lifetime.Value) : (TimeSpan?)null, GetString(body, "issuer"));
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("token", token.AccessToken);
                w.WriteNumber("expires_on", token.ExpiresOn.ToUnixTimeSeconds());
                w.WriteEndObject();
            });
        }

        private EmulatorResponse AdminDeviceCodes()
        {
            var codes = GetDeviceCodes();
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
                    w.WriteString("expiresOn", JsonWriting.Date(c.ExpiresOn));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }

        private EmulatorResponse AdminClock()
        {
            var now = Clock.UtcNow;
            var offset = Clock.Offset;
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("utcNow", JsonWriting.Date(now));
                w.WriteNumber("offsetSeconds", offset.TotalSeconds);
                w.WriteEndObject();
            });
        }

        private EmulatorResponse AdminOptions()
        {
            var o = Options;
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("targetTenantId", o.TargetTenantId);
                w.WriteNumber("stepMilliseconds", (long)o.StepDuration.TotalMilliseconds);
                w.WriteNumber("pageSize", o.PageSize);
                w.WriteBoolean("autoValidateOnCreate", o.AutoValidateOnCreate);
                w.WriteBoolean("rejectPastCompleteAfterOnCreate", o.RejectPastCompleteAfterOnCreate);
                w.WriteBoolean("quirks", o.Quirks);
                w.WriteBoolean("enforceOneActiveBatchPerUser", o.EnforceOneActiveBatchPerUser);
                w.WriteNumber("validationValidityDays", o.ValidationValidity.TotalDays);
                w.WriteNumber("maxResourcesPerJob", o.MaxResourcesPerJob);
                w.WriteEndObject();
            });
        }

        private void ApplyOptions(Dictionary<string, JsonElement> body)
        {
            int? step = GetInt(body, "stepMilliseconds");
            int? pageSize = GetInt(body, "pageSize");
            int? maxResources = GetInt(body, "maxResourcesPerJob");
            double? validityDays = GetDouble(body, "validationValidityDays");
            if (step < 0 || pageSize < 1 || pageSize > 999 || maxResources < 1 || validityDays < 0)
            {
                throw GraphErrorException.BadRequest("'stepMilliseconds' must be zero or more, 'pageSize' 1 to 999, 'maxResourcesPerJob' at least 1, 'validationValidityDays' zero or more.");
            }

            bool? auto = GetBool(body, "autoValidateOnCreate");
            bool? quirks = GetBool(body, "quirks");
            bool? enforce = GetBool(body, "enforceOneActiveBatchPerUser");
            bool? rejectPast = GetBool(body, "rejectPastCompleteAfterOnCreate");
            lock (_gate)
            {
                // due transitions are applied with the old step before the step changes
                ApplyDueTransitions(Clock.UtcNow);
                if (step.HasValue) Options.StepDuration = TimeSpan.FromMilliseconds(step.Value);
                if (pageSize.HasValue) Options.PageSize = pageSize.Value;
                if (maxResources.HasValue) Options.MaxResourcesPerJob = maxResources.Value;
                if (validityDays.HasValue) Options.ValidationValidity = TimeSpan.FromDays(validityDays.Value);
                if (auto.HasValue) Options.AutoValidateOnCreate = auto.Value;
                if (quirks.HasValue) Options.Quirks = quirks.Value;
                if (enforce.HasValue) Options.EnforceOneActiveBatchPerUser = enforce.Value;
                if (rejectPast.HasValue) Options.RejectPastCompleteAfterOnCreate = rejectPast.Value;
            }
        }

        private static FaultSettings ParseFaults(Dictionary<string, JsonElement> body)
        {
            double rate = GetDouble(body, "rate") ?? throw GraphErrorException.BadRequest("'rate' is required.");
            if (rate < 0 || rate > 1)
            {
                throw GraphErrorException.BadRequest("'rate' must be from 0 to 1.");
            }

            var settings = new FaultSettings
            {
                Rate = rate,
                Seed = GetInt(body, "seed"),
                RetryAfterSeconds = GetInt(body, "retryAfterSeconds") ?? 1,
            };
            int? stall = GetInt(body, "stallMilliseconds");
            if (stall.HasValue)
            {
                settings.StallDuration = TimeSpan.FromMilliseconds(Math.Max(0, stall.Value));
            }

            foreach (var k in GetStringList(body, "kinds") ?? new List<string>())
            {
                settings.Kinds.Add(ParseFaultKind(k));
            }

            return settings;
        }

        internal static FaultKind ParseFaultKind(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "throttle":
                case "throttle429":
                case "429":
                    return FaultKind.Throttle429;
                case "unavailable":
                case "unavailable503":
                case "503":
                    return FaultKind.Unavailable503;
                case "gatewaytimeout":
                case "gatewaytimeout504":
                case "504":
                    return FaultKind.GatewayTimeout504;
                case "dropbeforecommit":
                    return FaultKind.DropBeforeCommit;
                case "dropaftercommit":
                    return FaultKind.DropAfterCommit;
                case "stall":
                    return FaultKind.Stall;
                default:
                    throw GraphErrorException.BadRequest($"Unknown fault kind '{text}'. Use throttle, unavailable, gatewayTimeout, dropBeforeCommit, dropAfterCommit or stall.");
            }
        }

        // ---------------------------------------------------------------- admin JSON helpers

        /// <summary>The admin body as properties (names case-insensitive); an empty body is an empty object; an unknown property is a 400.</summary>
        private static Dictionary<string, JsonElement> AdminBody(RequestContext ctx, params string[] known)
        {
            var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            if (!ctx.HasBody)
            {
                return result;
            }

            try
            {
                using (var doc = JsonDocument.Parse(ctx.Body))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw GraphErrorException.BadRequest("The admin request body must be a JSON object.");
                    }

                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        string? name = known.FirstOrDefault(k => string.Equals(k, p.Name, StringComparison.OrdinalIgnoreCase));
                        if (name == null)
                        {
                            throw GraphErrorException.BadRequest($"Unknown property '{p.Name}'. Known: {string.Join(", ", known)}.");
                        }

                        result[name] = p.Value.Clone();
                    }
                }
            }
            catch (JsonException e)
            {
                throw GraphErrorException.BadRequest("The admin request body is not valid JSON: " + e.Message);
            }

            return result;
        }

        private static string? GetString(Dictionary<string, JsonElement> body, string name)
        {
            if (!body.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.String ? v.GetString() : throw GraphErrorException.BadRequest($"'{name}' must be a string.");
        }

        private static int? GetInt(Dictionary<string, JsonElement> body, string name)
        {
            if (!body.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i))
            {
                return i;
            }

            if (v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out i))
            {
                return i;
            }

            throw GraphErrorException.BadRequest($"'{name}' must be an integer.");
        }

        private static double? GetDouble(Dictionary<string, JsonElement> body, string name)
        {
            if (!body.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number)
            {
                return v.GetDouble();
            }

            if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            {
                return d;
            }

            throw GraphErrorException.BadRequest($"'{name}' must be a number.");
        }

        private static bool? GetBool(Dictionary<string, JsonElement> body, string name)
        {
            if (!body.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.True || v.ValueKind == JsonValueKind.False)
            {
                return v.GetBoolean();
            }

            if (v.ValueKind == JsonValueKind.String && bool.TryParse(v.GetString(), out bool b))
            {
                return b;
            }

            throw GraphErrorException.BadRequest($"'{name}' must be true or false.");
        }

        private static List<string>? GetStringList(Dictionary<string, JsonElement> body, string name)
        {
            if (!body.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.String)
            {
                return v.GetString()!.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries).ToList();
            }

            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw GraphErrorException.BadRequest($"'{name}' must be an array of strings.");
            }

            return v.EnumerateArray().Select(e => e.GetString()!).ToList();
        }
    }
}
