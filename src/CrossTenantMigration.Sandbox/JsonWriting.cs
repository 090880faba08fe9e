using System;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>JSON out: the writer settings and the date formats of the service.</summary>
    internal static class JsonWriting
    {
        public static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using (var ms = new MemoryStream())
            {
                using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    write(w);
                }

                return ms.ToArray();
            }
        }

        /// <summary>UTC with seven fractional digits and Z, as Graph writes its dates.</summary>
        public static string Date(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        public static string ShortDate(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        public static void WriteError(Utf8JsonWriter w, string code, string message, string? innerCode, DateTimeOffset date, string requestId, string clientRequestId)
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteStartObject("innerError");
            if (innerCode != null)
            {
                w.WriteString("code", innerCode);
            }

            w.WriteString("date", ShortDate(date));
            w.WriteString("request-id", requestId);
            w.WriteString("client-request-id", clientRequestId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        public static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
        {
            if (value == null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }
    }
}
