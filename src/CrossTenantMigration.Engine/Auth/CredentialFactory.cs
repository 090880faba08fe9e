using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>One Azure.Identity credential per sign-in kind, configured as Connect-XtMigration documents.</summary>
    internal static class CredentialFactory
    {
        /// <summary>Microsoft Graph Command Line Tools, the public client Connect-MgGraph uses too.</summary>
        public const string GraphCommandLineToolsClientId = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
        public const string GraphResource = "https://graph.microsoft.com";
        public const string DefaultDelegatedScope = "CrossTenantContentMigration.ReadWrite.All";

        // Authority hosts of Microsoft's clouds; any other (a private or test authority) is used as given.
        private static readonly string[] KnownAuthorityHosts =
            { "login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn" };

        public static (TokenCredential Credential, string[] Scopes) Create(ConnectionOptions options, Action<string> showDeviceCode)
        {
            var tenant = string.IsNullOrWhiteSpace(options.TenantId) ? null : options.TenantId!.Trim();
            var appScopes = new[] { GraphResource + "/.default" };
            switch (options.SignInKind)
            {
                case SignInKind.Interactive:
                    // Without a display a browser may still start, and the sign-in would then wait for a
                    // redirect that never comes: say so at once and point to the device code instead.
                    if (!CanShowBrowser())
                        throw new SignInException(ErrorIds.InteractiveSignInUnavailable,
                            "There is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so no browser can be shown for an interactive sign-in. " +
                            "Use Connect-XtMigration -UseDeviceCode to sign in from another device.");
                    return (new InteractiveBrowserCredential(Configure(new InteractiveBrowserCredentialOptions
                    {
                        TenantId = tenant ?? "organizations",
                        ClientId = options.ClientId ?? GraphCommandLineToolsClientId,
                        RedirectUri = new Uri("http://localhost"),
                    })), DelegatedScopes(options));

                case SignInKind.DeviceCode:
                    return (new DeviceCodeCredential(Configure(new DeviceCodeCredentialOptions
                    {
                        TenantId = tenant ?? "organizations",
                        ClientId = options.ClientId ?? GraphCommandLineToolsClientId,
                        DeviceCodeCallback = (code, _) =>
                        {
                            showDeviceCode(code.Message);
                            return System.Threading.Tasks.Task.CompletedTask;
                        },
                    })), DelegatedScopes(options));

                case SignInKind.ClientSecret:
                    return (new ClientSecretCredential(Required(tenant, "TenantId"), Required(options.ClientId, "ClientId"),
                        SecureStringTokenSource.Reveal(options.ClientSecret!), Configure(new ClientSecretCredentialOptions())), appScopes);

                case SignInKind.Certificate:
                    return (new ClientCertificateCredential(Required(tenant, "TenantId"), Required(options.ClientId, "ClientId"),
                        CertificateLoader.Load(options), Configure(new ClientCertificateCredentialOptions())), appScopes);

                case SignInKind.ManagedIdentity:
                    return (new ManagedIdentityCredential(ManagedIdentityOptions(options.ClientId)), appScopes);

                case SignInKind.Environment:
                    return (new ChainedTokenCredential(
                        new EnvironmentCredential(Configure(new EnvironmentCredentialOptions())),
                        new WorkloadIdentityCredential(Configure(new WorkloadIdentityCredentialOptions()))), appScopes);

                default:
                    throw new ArgumentOutOfRangeException(nameof(options), options.SignInKind, "Not an Azure.Identity sign-in.");
            }
        }

        /// <summary>The system-assigned identity, or the user-assigned one of <paramref name="clientId"/>.</summary>
        internal static ManagedIdentityCredentialOptions ManagedIdentityOptions(string? clientId)
        {
            var identity = string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId!.Trim());
            var managed = new ManagedIdentityCredentialOptions(identity);
            // Outside Azure there is no endpoint to answer: give up in seconds, not minutes.
            managed.Retry.MaxRetries = 1;
            managed.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
            return managed;
        }

        /// <summary>Scopes for a delegated sign-in: the named Graph permissions, ReadWrite.All by default.</summary>
        private static string[] DelegatedScopes(ConnectionOptions options)
        {
            var scopes = options.Scopes.Length == 0 ? new[] { DefaultDelegatedScope } : options.Scopes;
            return scopes.Select(s => s.Contains("://") ? s : GraphResource + "/" + s.Trim()).ToArray();
        }

        private static T Configure<T>(T options) where T : TokenCredentialOptions
        {
            // A private authority (AZURE_AUTHORITY_HOST) cannot be validated against Microsoft's list.
            var host = options.AuthorityHost?.Host ?? "";
            if (!KnownAuthorityHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
                SetDisableInstanceDiscovery(options);
            return options;
        }

        private static void SetDisableInstanceDiscovery(TokenCredentialOptions options)
        {
            switch (options)
            {
                case InteractiveBrowserCredentialOptions o: o.DisableInstanceDiscovery = true; break;
                case DeviceCodeCredentialOptions o: o.DisableInstanceDiscovery = true; break;
                case ClientSecretCredentialOptions o: o.DisableInstanceDiscovery = true; break;
                case ClientCertificateCredentialOptions o: o.DisableInstanceDiscovery = true; break;
                case EnvironmentCredentialOptions o: o.DisableInstanceDiscovery = true; break;
                case WorkloadIdentityCredentialOptions o: o.DisableInstanceDiscovery = true; break;
            }
        }

        private static string Required(string? value, string parameter) =>
            string.IsNullOrWhiteSpace(value)
                ? throw new InputValidationException(new InputError(ErrorIds.MissingSignInParameter, parameter, $"The -{parameter} parameter is required for this kind of sign-in."))
                : value!.Trim();

        /// <summary>Windows and macOS always have a desktop for the browser; elsewhere it needs an X or Wayland display.</summary>
        internal static bool CanShowBrowser() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ||
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) ||
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
    }
}
