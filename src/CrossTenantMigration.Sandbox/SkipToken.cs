using System;
using System.Text.Json;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>Opaque continuation tokens: the collection they belong to and the position of the last item returned.</summary>
    internal static class SkipToken
    {
        /// <summary>Builds an opaque continuation token.</summary>
        public static string Encode(string scope, long position)
        {
            var bytes = JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("s", scope);
                w.WriteNumber("p", position);
                w.WriteEndObject();
            });
            return Base64Url.Encode(bytes);
        }

        /// <summary>Decodes a continuation token for <paramref name="scope"/>; anything else is a 400.</summary>
        public static long Decode(string token, string scope)
        {
            try
            {
                using (var doc = JsonDocument.Parse(Base64Url.Decode(token)))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind == JsonValueKind.Object
                        && root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == scope
                        && root.TryGetProperty("p", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out long position))
                    {
                        return position;
                    }
                }
            }
            catch (Exception e) when (e is FormatException || e is ArgumentException)
            {
            }
            catch (JsonException)
            {
            }

            throw GraphErrorException.BadRequest("Invalid value for the query option '$skiptoken': the continuation token is malformed or belongs to another collection.");
        }
    }
}
