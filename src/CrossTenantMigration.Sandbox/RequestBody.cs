using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>JSON in: request bodies and the property rules every operation shares; each failure is a 400 naming the property.</summary>
    internal static class RequestBody
    {
        private static readonly Regex IsoDateTime = new Regex(
            @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$",
            RegexOptions.CultureInvariant);

        public static JsonElement ParseJsonObject(RequestContext ctx)
        {
            if (!ctx.HasBody)
            {
                throw GraphErrorException.BadRequest("A request body with a JSON object is required.");
            }

            if (!string.Equals(ctx.ContentType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new GraphErrorException(HttpStatusCode.UnsupportedMediaType, "invalidRequest", $"The request body must be sent with 'Content-Type: application/json' (was '{ctx.ContentType ?? "none"}').");
            }

            try
            {
                using (var doc = JsonDocument.Parse(ctx.Body))
                {
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw GraphErrorException.BadRequest("The request body must be a JSON object.");
                    }

                    return doc.RootElement.Clone();
                }
            }
            catch (JsonException e)
            {
                throw GraphErrorException.BadRequest("The request body is not valid JSON: " + e.Message);
            }
        }

        public static void EnsureNoActionBody(RequestContext ctx)
        {
            if (!ctx.HasBody)
            {
                return;
            }

            try
            {
                using (var doc = JsonDocument.Parse(ctx.Body))
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && !doc.RootElement.EnumerateObject().Any())
                    {
                        return;
                    }
                }
            }
            catch (JsonException)
            {
            }

            throw GraphErrorException.BadRequest("This action takes no request body: send an empty body.");
        }

        /// <summary>The properties of an object, rejecting a property that appears twice.</summary>
        public static Dictionary<string, JsonElement> Properties(JsonElement obj, string what)
        {
            var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var p in obj.EnumerateObject())
            {
                if (result.ContainsKey(p.Name))
                {
                    throw GraphErrorException.BadRequest($"The property '{p.Name}' appears more than once in the {what}.");
                }

                result[p.Name] = p.Value;
            }

            return result;
        }

        public static string RequiredString(Dictionary<string, JsonElement> props, string name)
        {
            if (!props.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                throw GraphErrorException.BadRequest($"The property '{name}' is required.");
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw GraphErrorException.BadRequest($"The property '{name}' must be a string.");
            }

            return value.GetString()!;
        }

        public static string? OptionalString(JsonElement value, string name)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw GraphErrorException.BadRequest($"The property '{name}' must be a string.");
            }

            return value.GetString();
        }

        public static DateTimeOffset ParseDateTime(Dictionary<string, JsonElement> props, string name)
        {
            string text = RequiredString(props, name);
            if (!IsoDateTime.IsMatch(text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                throw GraphErrorException.BadRequest($"The property '{name}' value '{text}' is not an ISO 8601 date and time with a time zone (for example 2026-05-22T17:14:52Z).");
            }

            return value.ToUniversalTime();
        }
    }
}
