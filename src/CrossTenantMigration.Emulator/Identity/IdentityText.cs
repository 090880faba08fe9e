using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace CrossTenantMigration.Emulator
{
    /// <summary>What the token service and the managed-identity endpoints share: forms, ids, random codes, plain JSON answers.</summary>
    internal static class IdentityText
    {
        /// <summary>application/x-www-form-urlencoded; the first value of a repeated name wins.</summary>
        public static Dictionary<string, string> ParseForm(byte[] body)
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
                string name = EmulatorRequest.DecodeForm(eq < 0 ? pair : pair.Substring(0, eq));
                string value = eq < 0 ? "" : EmulatorRequest.DecodeForm(pair.Substring(eq + 1));
                result.TryAdd(name, value);
            }

            return result;
        }

        /// <summary>A stable GUID for a name (object ids of users, service principals and managed identities).</summary>
        public static string DerivedId(string kind, string name)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + name));
            var bytes = new byte[16];
            Array.Copy(hash, bytes, 16);
            bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 style
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
            return new Guid(bytes).ToString("D");
        }

        public static string RandomToken(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));

        /// <summary>Nine characters without the easily confused ones (I, O, 0, 1).</summary>
        public static string RandomUserCode()
        {
            const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
            var sb = new StringBuilder(9);
            foreach (var b in RandomNumberGenerator.GetBytes(9))
            {
                sb.Append(alphabet[b % alphabet.Length]);
            }

            return sb.ToString();
        }

        public static bool FixedTimeEquals(string a, string b)
            => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

        /// <summary>Plain JSON (the token service and managed-identity endpoints), not cached by the client.</summary>
        public static EmulatorResponse PlainJson(HttpStatusCode status, Action<Utf8JsonWriter> write)
        {
            var response = new EmulatorResponse { Status = status, Body = EmulatorJson.Write(write), ContentType = "application/json; charset=utf-8" };
            response.Headers.Add(new KeyValuePair<string, string>("Cache-Control", "no-store, no-cache"));
            response.Headers.Add(new KeyValuePair<string, string>("Pragma", "no-cache"));
            return response;
        }
    }
}
