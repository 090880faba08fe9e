using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>Admin request bodies: names case-insensitive, an unknown property or a wrong type is a 400.</summary>
    internal static class AdminBody
    {
        /// <summary>The admin body as properties (names case-insensitive); an empty body is an empty object; an unknown property is a 400.</summary>
        public static Dictionary<string, JsonElement> Read(EmulatorRequest ctx, params string[] known)
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
                        throw AdminError.BadRequest("The admin request body must be a JSON object.");
                    }

                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        string? name = known.FirstOrDefault(k => string.Equals(k, p.Name, StringComparison.OrdinalIgnoreCase));
                        if (name == null)
                        {
                            throw AdminError.BadRequest($"Unknown property '{p.Name}'. Known: {string.Join(", ", known)}.");
                        }

                        result[name] = p.Value.Clone();
                    }
                }
            }
            catch (JsonException e)
            {
                throw AdminError.BadRequest("The admin request body is not valid JSON: " + e.Message);
            }

            return result;
        }

        public static string? GetString(Dictionary<string, JsonElement> body, string name)
        {
            if (!body.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.String ? v.GetString() : throw AdminError.BadRequest($"'{name}' must be a string.");
        }

        public static int? GetInt(Dictionary<string, JsonElement> body, string name)
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

            throw AdminError.BadRequest($"'{name}' must be an integer.");
        }

        public static double? GetDouble(Dictionary<string, JsonElement> body, string name)
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

            throw AdminError.BadRequest($"'{name}' must be a number.");
        }

        public static bool? GetBool(Dictionary<string, JsonElement> body, string name)
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

            throw AdminError.BadRequest($"'{name}' must be true or false.");
        }

        public static List<string>? GetStringList(Dictionary<string, JsonElement> body, string name)
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
                throw AdminError.BadRequest($"'{name}' must be an array of strings.");
            }

            return v.EnumerateArray().Select(e => e.GetString()!).ToList();
        }

        public static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                w.WriteStringValue(v);
            }

            w.WriteEndArray();
        }
    }
}
