using System;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>JSON out, written as the services write it.</summary>
    internal static class EmulatorJson
    {
        public static byte[] Write(Action<Utf8JsonWriter> write)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                write(writer);
            }

            return stream.ToArray();
        }

        /// <summary>UTC with seven fractional digits and Z, as Graph writes its dates.</summary>
        public static string Date(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        /// <summary>UTC to the second, as Graph dates its errors.</summary>
        public static string ShortDate(DateTimeOffset value)
            => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
