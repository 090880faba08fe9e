using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace CrossTenantMigration.Emulator
{
    /// <summary>PEM certificates of app registrations and their JOSE thumbprints.</summary>
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

                result.Add(Load(pem.Substring(begin + Begin.Length, end - begin - Begin.Length)));
                at = end + End.Length;
            }

            if (result.Count == 0)
            {
                throw new FormatException("No '-----BEGIN CERTIFICATE-----' block found.");
            }

            foreach (var cert in result)
            {
                using var rsa = cert.GetRSAPublicKey();
                if (rsa == null)
                {
                    throw new FormatException("Only RSA certificates are supported (client assertions are RS256 or PS256).");
                }
            }

            return result;
        }

        /// <summary>x5t: base64url of the SHA-1 of the DER.</summary>
        public static string X5t(X509Certificate2 cert) => Base64UrlEncoder.Encode(SHA1.HashData(cert.RawData));

        /// <summary>x5t#S256: base64url of the SHA-256 of the DER.</summary>
        public static string X5tS256(X509Certificate2 cert) => Base64UrlEncoder.Encode(SHA256.HashData(cert.RawData));

        private static X509Certificate2 Load(string base64Body)
        {
            var sb = new StringBuilder(base64Body.Length);
            foreach (char c in base64Body)
            {
                if (!char.IsWhiteSpace(c))
                {
                    sb.Append(c);
                }
            }

            try
            {
                return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(sb.ToString()));
            }
            catch (Exception e) when (e is CryptographicException || e is FormatException)
            {
                throw new FormatException("A certificate block is not a readable X.509 certificate: " + e.Message);
            }
        }
    }
}
