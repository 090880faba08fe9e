using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using static CrossTenantMigration.Emulator.AdminBody;

namespace CrossTenantMigration.Emulator
{
    /// <summary>The admin routes of the sandbox: tokens, statistics, reset, clock, options, throttling, faults and user failures.</summary>
    internal sealed class AdminServiceRoutes
    {
        private readonly MigrationServiceEmulator _emulator;

        public AdminServiceRoutes(MigrationServiceEmulator emulator) => _emulator = emulator;

        public void Map(AdminRouteTable routes)
        {
            routes.Add("POST", "token", Token);
            routes.Add("GET", "stats", _ => Stats());
            routes.Add("POST", "stats/reset", _ => NoContent(_emulator.ResetStatistics));
            routes.Add("POST", "reset", _ => NoContent(_emulator.Reset));
            routes.Add("GET", "clock", _ => Clock());
            routes.Add("POST", "clock/advance", AdvanceClock);
            routes.Add("POST", "clock/reset", _ =>
            {
                _emulator.Clock.Reset();
                return Clock();
            });
            routes.Add("GET", "options", _ => Options());
            routes.Add("PUT", "options", ChangeOptions);
            routes.Add("PATCH", "options", ChangeOptions);
            routes.Add("PUT", "throttle", ctx => NoContent(() => _emulator.Throttle = ParseThrottle(ctx)));
            routes.Add("DELETE", "throttle", _ => NoContent(() => _emulator.Throttle = null));
            routes.Add("PUT", "faults", ctx => NoContent(() => _emulator.Faults = ParseFaults(Read(ctx, "rate", "kinds", "seed", "stallMilliseconds", "retryAfterSeconds"))));
            routes.Add("DELETE", "faults", _ => NoContent(() => _emulator.Faults = null));
            routes.Add("POST", "faults/next", InjectFaults);
            routes.Add("DELETE", "faults/next", _ => NoContent(_emulator.ClearInjectedFaults));
            routes.AddPattern("users/{id}/failure", new[] { "PUT", "DELETE" }, UserFailure);
            routes.AddPattern("jobs/{id}/status", new[] { "PUT" }, JobStatus);
        }

        internal static EmulatorResponse NoContent(Action action)
        {
            action();
            return EmulatorResponse.Empty(HttpStatusCode.NoContent);
        }

        private EmulatorResponse Token(EmulatorRequest ctx)
        {
            var body = Read(ctx, "scopes", "roles", "lifetimeSeconds", "tenantId", "audience", "objectId", "upn", "appId");
            var token = _emulator.IssueToken(new TokenRequest
            {
                Scopes = GetStringList(body, "scopes"),
                Roles = GetStringList(body, "roles"),
                Lifetime = TimeSpan.FromSeconds(GetDouble(body, "lifetimeSeconds") ?? 3600),
                TenantId = GetString(body, "tenantId"),
                Audience = GetString(body, "audience"),
                ObjectId = GetString(body, "objectId"),
                Upn = GetString(body, "upn"),
                AppId = GetString(body, "appId"),
            });
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

        private EmulatorResponse Stats()
        {
            var stats = _emulator.GetStatistics();
            var tokens = _emulator.GetTokenServiceStatistics();
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("total", stats.Requests);
                WriteCounts(w, "byMethod", stats.ByMethod);
                w.WriteNumber("creates", stats.Creates);
                w.WriteNumber("jobs", stats.Jobs);
                w.WriteNumber("duplicateDisplayNames", stats.DuplicateDisplayNames);
                w.WriteNumber("throttled", stats.Throttled);
                w.WriteNumber("faultsInjected", stats.FaultsInjected);
                w.WriteNumber("userLookups", stats.UserLookups);
                w.WriteNumber("batches", stats.Batches);
                w.WriteNumber("directoryUsers", stats.DirectoryUsers);
                w.WriteNumber("tokenRequests", tokens.Requests);
                WriteCounts(w, "tokenRequestsByGrant", tokens.ByGrant);
                w.WriteEndObject();
            });
        }

        private static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> counts)
        {
            w.WriteStartObject(name);
            foreach (var kv in counts.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(kv.Key, kv.Value);
            }

            w.WriteEndObject();
        }

        private EmulatorResponse Clock()
        {
            var now = _emulator.Clock.UtcNow;
            var offset = _emulator.Clock.Offset;
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("utcNow", EmulatorJson.Date(now));
                w.WriteNumber("offsetSeconds", offset.TotalSeconds);
                w.WriteEndObject();
            });
        }

        private EmulatorResponse AdvanceClock(EmulatorRequest ctx)
        {
            double seconds = GetDouble(Read(ctx, "seconds"), "seconds") ?? throw AdminError.BadRequest("'seconds' is required.");
            if (seconds < 0 || double.IsNaN(seconds) || double.IsInfinity(seconds))
            {
                throw AdminError.BadRequest("'seconds' must be zero or positive: the clock only moves forward.");
            }

            _emulator.Clock.Advance(TimeSpan.FromMilliseconds(Math.Round(seconds * 1000)));
            return Clock();
        }

        private EmulatorResponse Options()
        {
            var o = _emulator.Options;
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
                w.WriteBoolean("refuseAlternateKey", o.RefuseAlternateKey);
                w.WriteBoolean("refuseDisplayNameFilter", o.RefuseDisplayNameFilter);
                w.WriteStartArray("adminActionRequired");
                foreach (var name in o.AdminActionRequired) w.WriteStringValue(name);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        /// <summary>A partial update; transitions due under the old step are applied before the step changes.</summary>
        private EmulatorResponse ChangeOptions(EmulatorRequest ctx)
        {
            var body = Read(ctx, "stepMilliseconds", "autoValidateOnCreate", "quirks", "pageSize", "enforceOneActiveBatchPerUser", "rejectPastCompleteAfterOnCreate", "validationValidityDays", "maxResourcesPerJob",
                "refuseAlternateKey", "refuseDisplayNameFilter", "adminActionRequired");
            int? step = GetInt(body, "stepMilliseconds");
            int? pageSize = GetInt(body, "pageSize");
            int? maxResources = GetInt(body, "maxResourcesPerJob");
            double? validityDays = GetDouble(body, "validationValidityDays");
            if (step < 0 || pageSize < 1 || pageSize > 999 || maxResources < 1 || validityDays < 0)
            {
                throw AdminError.BadRequest("'stepMilliseconds' must be zero or more, 'pageSize' 1 to 999, 'maxResourcesPerJob' at least 1, 'validationValidityDays' zero or more.");
            }

            bool? auto = GetBool(body, "autoValidateOnCreate");
            bool? quirks = GetBool(body, "quirks");
            bool? enforce = GetBool(body, "enforceOneActiveBatchPerUser");
            bool? rejectPast = GetBool(body, "rejectPastCompleteAfterOnCreate");
            bool? refuseKey = GetBool(body, "refuseAlternateKey");
            bool? refuseFilter = GetBool(body, "refuseDisplayNameFilter");
            var adminAction = GetStringList(body, "adminActionRequired");
            _emulator.Sandbox.ChangeOptions(o =>
            {
                if (step.HasValue) o.StepDuration = TimeSpan.FromMilliseconds(step.Value);
                if (pageSize.HasValue) o.PageSize = pageSize.Value;
                if (maxResources.HasValue) o.MaxResourcesPerJob = maxResources.Value;
                if (validityDays.HasValue) o.ValidationValidity = TimeSpan.FromDays(validityDays.Value);
                if (auto.HasValue) o.AutoValidateOnCreate = auto.Value;
                if (quirks.HasValue) o.Quirks = quirks.Value;
                if (enforce.HasValue) o.EnforceOneActiveBatchPerUser = enforce.Value;
                if (rejectPast.HasValue) o.RejectPastCompleteAfterOnCreate = rejectPast.Value;
                if (refuseKey.HasValue) o.RefuseAlternateKey = refuseKey.Value;
                if (refuseFilter.HasValue) o.RefuseDisplayNameFilter = refuseFilter.Value;
                if (adminAction != null) o.AdminActionRequired = new HashSet<string>(adminAction, StringComparer.OrdinalIgnoreCase);
            });
            return Options();
        }

        private static ThrottleSettings ParseThrottle(EmulatorRequest ctx)
        {
            var t = Read(ctx, "everyNth", "probability", "retryAfterSeconds", "maxCount", "seed");
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
                throw AdminError.BadRequest("Give 'everyNth' or 'probability'.");
            }

            if (settings.EveryNth < 1 || settings.Probability < 0 || settings.Probability > 1 || settings.RetryAfterSeconds < 0)
            {
                throw AdminError.BadRequest("'everyNth' must be at least 1, 'probability' from 0 to 1, 'retryAfterSeconds' zero or more.");
            }

            return settings;
        }

        private static FaultSettings ParseFaults(Dictionary<string, JsonElement> body)
        {
            double rate = GetDouble(body, "rate") ?? throw AdminError.BadRequest("'rate' is required.");
            if (rate < 0 || rate > 1)
            {
                throw AdminError.BadRequest("'rate' must be from 0 to 1.");
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

        /// <summary>{"kind": "dropAfterCommit", "count": 1, "method": "POST"}: count defaults to 1, no method means any.</summary>
        private EmulatorResponse InjectFaults(EmulatorRequest ctx)
        {
            var body = Read(ctx, "kind", "count", "method");
            var kind = ParseFaultKind(GetString(body, "kind") ?? throw AdminError.BadRequest("'kind' is required."));
            int count = GetInt(body, "count") ?? 1;
            if (count < 1)
            {
                throw AdminError.BadRequest("'count' must be at least 1.");
            }

            return NoContent(() => _emulator.InjectFaults(kind, count, GetString(body, "method")));
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
                    throw AdminError.BadRequest($"Unknown fault kind '{text}'. Use throttle, unavailable, gatewayTimeout, dropBeforeCommit, dropAfterCommit or stall.");
            }
        }

        /// <summary>Puts a job into the status given, known to the service or not: for a client's corners.</summary>
        private EmulatorResponse JobStatus(EmulatorRequest ctx, string jobId)
        {
            var status = GetString(Read(ctx, "status"), "status") ?? throw AdminError.BadRequest("'status' is required.");
            return NoContent(() => _emulator.Sandbox.SetJobStatus(jobId, status));
        }

        private EmulatorResponse UserFailure(EmulatorRequest ctx, string userId)
        {
            if (ctx.Method == "DELETE")
            {
                return NoContent(() => _emulator.ClearUserFailure(userId));
            }

            var f = Read(ctx, "phase", "workload", "code", "message", "times");
            var failure = new UserFailure();
            string? phase = GetString(f, "phase");
            if (phase != null)
            {
                failure.Phase = string.Equals(phase, "validate", StringComparison.OrdinalIgnoreCase) ? FailurePhase.Validate
                    : string.Equals(phase, "migrate", StringComparison.OrdinalIgnoreCase) ? FailurePhase.Migrate
                    : throw AdminError.BadRequest("'phase' must be 'validate' or 'migrate'.");
            }

            failure.Workload = GetString(f, "workload");
            if (failure.Workload != null && Workload.Normalize(failure.Workload) == null)
            {
                throw AdminError.BadRequest($"Unknown workload '{failure.Workload}'. Use Exchange, ODSP, Teams or Meeting.");
            }

            failure.Code = GetString(f, "code") ?? failure.Code;
            failure.Message = GetString(f, "message") ?? failure.Message;
            failure.Times = GetInt(f, "times");
            return NoContent(() => _emulator.SetUserFailure(userId, failure));
        }
    }
}
