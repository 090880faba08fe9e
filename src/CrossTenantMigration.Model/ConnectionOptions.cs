using System;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace CrossTenantMigration
{
    /// <summary>The kinds of sign-in. Each is a parameter set of Connect-XtMigration.</summary>
    public enum SignInKind
    {
        Interactive,
        DeviceCode,
        ClientSecret,
        Certificate,
        ManagedIdentity,
        Environment,
        AccessToken,
        Sandbox,
    }

    /// <summary>What Connect-XtMigration asks of the engine.</summary>
    public sealed class ConnectionOptions
    {
        public static readonly Uri DefaultEndpoint = new Uri("https://graph.microsoft.com");
        public static readonly string[] ApiVersions = { "v1.0", "beta" };

        public SignInKind SignInKind { get; set; }
        public Uri Endpoint { get; set; } = DefaultEndpoint;
        public string ApiVersion { get; set; } = "v1.0";
        public SecureString? AccessToken { get; set; }

        /// <summary>The tenant to sign in to (id or domain); delegated flows default to "organizations".</summary>
        public string? TenantId { get; set; }
        /// <summary>The application (client) id; delegated flows default to Microsoft Graph Command Line Tools.</summary>
        public string? ClientId { get; set; }
        /// <summary>Delegated permissions to ask for (short names such as CrossTenantContentMigration.ReadWrite.All).</summary>
        public string[] Scopes { get; set; } = Array.Empty<string>();
        public SecureString? ClientSecret { get; set; }
        public X509Certificate2? Certificate { get; set; }
        public string? CertificateThumbprint { get; set; }
        public string? CertificatePath { get; set; }
        public SecureString? CertificatePassword { get; set; }
        /// <summary>How long signing in may take before it is abandoned (managed identity outside Azure must fail fast).</summary>
        public TimeSpan? SignInTimeout { get; set; }

        /// <summary>The in-memory service a sandbox connection talks to (the tests' emulator); null makes a new one.</summary>
        internal ISandbox? Sandbox { get; set; }

        /// <summary>The HttpMessageHandler that takes the place of the network: the tests', and the offline connection's (OfflineConnection).</summary>
        internal object? NetworkHandler { get; set; }

        /// <summary>Attempts per request for throttling and transient failures (the first included).</summary>
        public int MaxAttempts { get; set; } = 5;
        /// <summary>Total time a request may spend waiting between attempts.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);
        /// <summary>Time one attempt may take before it is abandoned.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// Checks the endpoint: absolute, https, or http on a loopback address only (tokens must not
        /// travel in clear text), without user info (a password in it would be shown wherever the
        /// endpoint is). Returns the service root without a trailing slash or version segment.
        /// </summary>
        public static Uri NormalizeEndpoint(Uri? endpoint)
        {
            if (endpoint == null || !endpoint.IsAbsoluteUri)
                throw new InputValidationException(new InputError(ErrorIds.InvalidEndpoint, "Endpoint",
                    $"The -Endpoint parameter must be an absolute URL such as https://graph.microsoft.com; '{endpoint}' is not.", endpoint));
            if (endpoint.UserInfo.Length > 0)
            {
                // Neither the message nor the error's target may carry the password.
                var withoutUserInfo = new Uri(endpoint.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped));
                throw new InputValidationException(new InputError(ErrorIds.InvalidEndpoint, "Endpoint",
                    $"The -Endpoint parameter must not carry a user name or password; give '{withoutUserInfo.GetLeftPart(UriPartial.Path)}' instead: the sign-in is given by Connect-XtMigration's own parameters.", withoutUserInfo));
            }
            if (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp)
                throw new InputValidationException(new InputError(ErrorIds.InvalidEndpoint, "Endpoint",
                    $"The -Endpoint parameter must use https; '{endpoint.Scheme}' is not supported.", endpoint));
            if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
                throw new InputValidationException(new InputError(ErrorIds.InsecureEndpoint, "Endpoint",
                    $"The -Endpoint parameter must use https: plain http would send the access token in clear text. http is accepted only for loopback addresses (127.0.0.1, ::1, localhost); '{endpoint.Host}' is not one.", endpoint));
            if (!string.IsNullOrEmpty(endpoint.Query) || !string.IsNullOrEmpty(endpoint.Fragment))
                throw new InputValidationException(new InputError(ErrorIds.InvalidEndpoint, "Endpoint",
                    "The -Endpoint parameter must be the service root, without a query or fragment.", endpoint));
            var path = endpoint.AbsolutePath.TrimEnd('/');
            foreach (var version in ApiVersions)
                if (path.EndsWith("/" + version, StringComparison.OrdinalIgnoreCase))
                    throw new InputValidationException(new InputError(ErrorIds.InvalidEndpoint, "Endpoint",
                        $"The -Endpoint parameter is the service root without the version; give '{endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}{path.Substring(0, path.Length - version.Length - 1)}' and -ApiVersion {version}.", endpoint));
            return new Uri(endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) + path);
        }
    }
}
