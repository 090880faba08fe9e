using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>A compact JWS split into its parts, with the header and payload parsed (no validation).</summary>
    internal sealed class ParsedJwt
    {
        private ParsedJwt(JsonElement header, JsonElement payload, byte[] signature, string signingInput)
        {
            Header = header;
            Payload = payload;
            Signature = signature;
            SigningInput = signingInput;
        }

        public JsonElement Header { get; }
        public JsonElement Payload { get; }
        public byte[] Signature { get; }
        public string SigningInput { get; }

        public string? Algorithm => HeaderString("alg");

        public static ParsedJwt? TryParse(string? token)
        {
            if (string.IsNullOrWhiteSpace(token))
            {
                return null;
            }

            var parts = token!.Trim().Split('.');
            if (parts.Length != 3)
            {
                return null;
            }

            try
            {
                var header = ParseObject(Base64Url.Decode(parts[0]));
                var payload = ParseObject(Base64Url.Decode(parts[1]));
                var signature = parts[2].Length == 0 ? new byte[0] : Base64Url.Decode(parts[2]);
                if (header == null || payload == null)
                {
                    return null;
                }

                return new ParsedJwt(header.Value, payload.Value, signature, parts[0] + "." + parts[1]);
            }
            catch (FormatException)
            {
                return null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static JsonElement? ParseObject(byte[] json)
        {
            using (var doc = JsonDocument.Parse(json))
            {
                return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : (JsonElement?)null;
            }
        }

        public string? HeaderString(string name)
            => Header.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public string? Claim(string name)
            => Payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>The audiences: a string or an array of strings.</summary>
        public List<string> Audiences()
        {
            var result = new List<string>();
            if (Payload.TryGetProperty("aud", out var v))
            {
                if (v.ValueKind == JsonValueKind.String)
                {
                    result.Add(v.GetString()!);
                }
                else if (v.ValueKind == JsonValueKind.Array)
                {
                    foreach (var e in v.EnumerateArray())
                    {
                        if (e.ValueKind == JsonValueKind.String)
                        {
                            result.Add(e.GetString()!);
                        }
                    }
                }
            }

            return result;
        }

        /// <summary>A NumericDate claim; MSAL writes <c>nbf</c> and <c>exp</c> of its client assertions as strings, so numeric strings count too.</summary>
        public long? NumericDate(string name)
        {
            if (!Payload.TryGetProperty(name, out var v))
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number)
            {
                return v.TryGetInt64(out long n) ? n : (long)Math.Floor(v.GetDouble());
            }

            if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long s))
            {
                return s;
            }

            return null;
        }

        /// <summary>Checks an RS256 or PS256 signature with the RSA public key.</summary>
        public bool VerifyRsa(RSA key)
        {
            RSASignaturePadding padding;
            switch (Algorithm)
            {
                case "RS256":
                    padding = RSASignaturePadding.Pkcs1;
                    break;
                case "PS256":
                    padding = RSASignaturePadding.Pss;
                    break;
                default:
                    return false;
            }

            try
            {
                return key.VerifyData(Encoding.ASCII.GetBytes(SigningInput), Signature, HashAlgorithmName.SHA256, padding);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    /// <summary>PEM certificates and their JOSE thumbprints.</summary>
    internal static class CertificatePem
    {
        private const string Begin = "-----BEGIN CERTIFICATE-----";
        private const string End = "-----END CERTIFICATE-----";

        /// <summary>Every certificate in the text. Throws <see cref="FormatException"/> when there is none or one is unreadable.</summary>
        public static List<X509Certificate2> Parse(string pem)
        {
            var result = new List<X509Certificate2>();
            int at = 0;
            while (true)
            {
                int begin = pem.IndexOf(Begin, at, StringComparison.Ordinal);
                if (begin < 0)
                {
                    break;
                }

                int end = pem.IndexOf(End, begin, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException("A certificate block has no END line.");
                }

                string body = pem.Substring(begin + Begin.Length, end - begin - Begin.Length);
                var sb = new StringBuilder(body.Length);
                foreach (char c in body)
                {
                    if (!char.IsWhiteSpace(c))
                    {
                        sb.Append(c);
                    }
                }

                try
                {
                    result.Add(new X509Certificate2(Convert.FromBase64String(sb.ToString())));
                }
                catch (Exception e) when (e is CryptographicException || e is FormatException)
                {
                    throw new FormatException("A certificate block is not a readable X.509 certificate: " + e.Message);
                }

                at = end + End.Length;
            }

            if (result.Count == 0)
            {
                throw new FormatException("No '-----BEGIN CERTIFICATE-----' block found.");
            }

            foreach (var cert in result)
            {
                using (var rsa = cert.GetRSAPublicKey())
                {
                    if (rsa == null)
                    {
                        throw new FormatException("Only RSA certificates are supported (client assertions are RS256 or PS256).");
                    }
                }
            }

            return result;
        }

        /// <summary>x5t: base64url of the SHA-1 of the DER.</summary>
        public static string X5t(X509Certificate2 cert)
        {
            using (var sha = SHA1.Create())
            {
                return Base64Url.Encode(sha.ComputeHash(cert.RawData));
            }
        }

        /// <summary>x5t#S256: base64url of the SHA-256 of the DER.</summary>
        public static string X5tS256(X509Certificate2 cert)
        {
            using (var sha = SHA256.Create())
            {
                return Base64Url.Encode(sha.ComputeHash(cert.RawData));
            }
        }
    }
}
