using System;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>Base64url without padding (RFC 4648 §5), for the tokens the sandbox hands out.</summary>
    internal static class Base64Url
    {
        public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>The bytes of <paramref name="text"/>; a <see cref="FormatException"/> for anything that is not base64url.</summary>
        public static byte[] Decode(string text)
        {
            foreach (char c in text)
            {
                bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!valid)
                {
                    throw new FormatException("Not base64url.");
                }
            }

            if (text.Length % 4 == 1)
            {
                throw new FormatException("Not base64url: the length is impossible.");
            }

            string padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
            return Convert.FromBase64String(padded);
        }
    }
}
