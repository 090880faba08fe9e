using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>Finds the certificate a certificate sign-in uses: given, by thumbprint in the stores, or from a file.</summary>
    internal static class CertificateLoader
    {
        public static X509Certificate2 Load(ConnectionOptions options)
        {
            X509Certificate2 certificate;
            if (options.Certificate != null)
                certificate = options.Certificate;
            else if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint))
                certificate = FromStores(options.CertificateThumbprint!);
            else if (!string.IsNullOrWhiteSpace(options.CertificatePath))
                certificate = FromFile(options.CertificatePath!, options);
            else
                throw Fail(ErrorIds.MissingSignInParameter, "Certificate", "A certificate sign-in needs -Certificate, -CertificateThumbprint or -CertificatePath.");

            if (!certificate.HasPrivateKey)
                throw Fail(ErrorIds.InvalidCertificate, "Certificate",
                    $"The certificate {certificate.Thumbprint} ({certificate.Subject}) has no private key; signing in needs one.");
            return certificate;
        }

        private static X509Certificate2 FromStores(string thumbprint)
        {
            var wanted = new string(thumbprint.Where(Uri.IsHexDigit).ToArray());
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                try
                {
                    using var store = new X509Store(StoreName.My, location);
                    store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                    var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                    if (found.Count > 0) return found[0];
                }
                catch (CryptographicException)
                {
                    // The store does not exist on this machine (LocalMachine on Linux): look in the next.
                }
            }
            throw Fail(ErrorIds.CertificateNotFound, "CertificateThumbprint",
                $"No certificate with thumbprint {wanted} is in the CurrentUser or LocalMachine 'My' store.");
        }

        private static X509Certificate2 FromFile(string path, ConnectionOptions options)
        {
            if (!File.Exists(path))
                throw Fail(ErrorIds.CertificateNotFound, "CertificatePath", $"The -CertificatePath file '{path}' does not exist.");
            try
            {
                return options.CertificatePassword != null
                    ? new X509Certificate2(path, options.CertificatePassword, X509KeyStorageFlags.UserKeySet)
                    : new X509Certificate2(path, (string?)null, X509KeyStorageFlags.UserKeySet);
            }
            catch (CryptographicException ex)
            {
                throw Fail(ErrorIds.InvalidCertificate, "CertificatePath",
                    $"The -CertificatePath file '{path}' could not be read as a certificate with its private key (a PFX file; is -CertificatePassword right?): {ex.Message}");
            }
        }

        private static InputValidationException Fail(string id, string parameter, string message) =>
            new InputValidationException(new InputError(id, parameter, message));
    }
}
