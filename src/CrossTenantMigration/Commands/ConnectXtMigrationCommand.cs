using System;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using CrossTenantMigration.Engine;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommunications.Connect, "XtMigration", DefaultParameterSetName = InteractiveSet)]
    [OutputType(typeof(MigrationContext))]
    public sealed class ConnectXtMigrationCommand : XtCmdlet
    {
        private const string InteractiveSet = "Interactive";
        private const string DeviceCodeSet = "DeviceCode";
        private const string ClientSecretSet = "ClientSecret";
        private const string ClientCredentialSet = "ClientCredential";
        private const string CertificateThumbprintSet = "CertificateThumbprint";
        private const string CertificateSet = "Certificate";
        private const string CertificatePathSet = "CertificatePath";
        private const string ManagedIdentitySet = "ManagedIdentity";
        private const string EnvironmentSet = "Environment";
        private const string AccessTokenSet = "AccessToken";
        private const string SandboxSet = "Sandbox";

        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet, HelpMessage = "The tenant id (GUID) or a verified domain of the target tenant.")]
        [Parameter(Mandatory = true, ParameterSetName = ClientCredentialSet, HelpMessage = "The tenant id (GUID) or a verified domain of the target tenant.")]
        [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet, HelpMessage = "The tenant id (GUID) or a verified domain of the target tenant.")]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet, HelpMessage = "The tenant id (GUID) or a verified domain of the target tenant.")]
        [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet, HelpMessage = "The tenant id (GUID) or a verified domain of the target tenant.")]
        [Alias("Tenant")]
        public string? TenantId { get; set; }

        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet, HelpMessage = "The application (client) id of the app registration.")]
        [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet, HelpMessage = "The application (client) id of the app registration.")]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet, HelpMessage = "The application (client) id of the app registration.")]
        [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet, HelpMessage = "The application (client) id of the app registration.")]
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Alias("AppId", "ApplicationId")]
        public string? ClientId { get; set; }

        [Parameter(ParameterSetName = InteractiveSet)]
        [Parameter(ParameterSetName = DeviceCodeSet)]
        [ValidateSet("CrossTenantContentMigration.ReadWrite.All", "CrossTenantContentMigration.Read.All", IgnoreCase = true)]
        public string[] Scopes { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet, HelpMessage = "Sign in on another device with a code.")]
        public SwitchParameter UseDeviceCode { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet, HelpMessage = "The app registration's client secret, as a SecureString.")]
        public SecureString ClientSecret { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ClientCredentialSet, HelpMessage = "The client id as user name and the client secret as password.")]
        [Credential]
        public PSCredential Credential { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet, HelpMessage = "The thumbprint of a certificate in the CurrentUser or LocalMachine 'My' store.")]
        public string CertificateThumbprint { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CertificateSet, HelpMessage = "A certificate with its private key.")]
        public X509Certificate2 Certificate { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet, HelpMessage = "The path of a PFX (PKCS#12) file with the certificate and its private key.")]
        public string CertificatePath { get; set; } = "";

        [Parameter(ParameterSetName = CertificatePathSet)]
        public SecureString? CertificatePassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ManagedIdentitySet, HelpMessage = "Sign in with the managed identity of this Azure Automation account, VM or service.")]
        [Alias("ManagedIdentity")]
        public SwitchParameter Identity { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet, HelpMessage = "Sign in with the AZURE_* environment variables.")]
        public SwitchParameter EnvironmentVariable { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet, HelpMessage = "A Microsoft Graph access token, as a SecureString.")]
        public SecureString AccessToken { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = SandboxSet, HelpMessage = "Connect to the in-memory emulated service.")]
        public SwitchParameter Sandbox { get; set; }

        [Parameter]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [ValidateSet("v1.0", "beta", IgnoreCase = true)]
        public string ApiVersion { get; set; } = "v1.0";

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = 4;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int MaxRetryWaitSec { get; set; } = 120;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; } = 100;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnEndProcessing()
        {
            var options = new ConnectionOptions
            {
                SignInKind = KindOf(ParameterSetName),
                Endpoint = Endpoint ?? ConnectionOptions.DefaultEndpoint,
                ApiVersion = ApiVersion,
                TenantId = TenantId,
                ClientId = ParameterSetName == ClientCredentialSet ? Credential.UserName : ClientId,
                Scopes = Scopes ?? Array.Empty<string>(),
                ClientSecret = ParameterSetName == ClientCredentialSet ? Credential.Password : ParameterSetName == ClientSecretSet ? ClientSecret : null,
                Certificate = ParameterSetName == CertificateSet ? Certificate : null,
                CertificateThumbprint = ParameterSetName == CertificateThumbprintSet ? CertificateThumbprint : null,
                CertificatePath = ParameterSetName == CertificatePathSet ? GetUnresolvedProviderPathFromPSPath(CertificatePath) : null,
                CertificatePassword = CertificatePassword,
                AccessToken = ParameterSetName == AccessTokenSet ? AccessToken : null,
                MaxAttempts = MaxRetryCount + 1,
                MaxRetryDelay = TimeSpan.FromSeconds(MaxRetryWaitSec),
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
            };

            WriteVerbose($"Signing in: {options.SignInKind}.");
            MigrationConnection connection = null!;
            ForAll(() => connection = Run(token => MigrationTransportFactory.ConnectAsync(options, token)));

            ModuleSession.Replace(new MigrationClient(connection));
            var context = connection.Context;
            WriteVerbose($"Connected to {context.Endpoint} ({context.ApiVersion}) with {context.SignInKind}{(context.Account != null ? " as " + context.Account : "")}.");
            if (string.Equals(context.ApiVersion, "beta", StringComparison.OrdinalIgnoreCase))
                WriteWarning("Microsoft marked every beta path of this API deprecated, to be removed on 2026-07-09: beta may stop answering at any time. v1.0 is the supported surface: connect with -ApiVersion v1.0 (the default).");
            if (Sandbox.IsPresent)
                WriteWarning("Connected to the sandbox: an in-memory emulation of the service. Nothing leaves this machine and nothing is kept after the session ends.");
            if (PassThru) WriteObject(context);
        }

        private static SignInKind KindOf(string parameterSet)
        {
            switch (parameterSet)
            {
                case DeviceCodeSet: return SignInKind.DeviceCode;
                case ClientSecretSet:
                case ClientCredentialSet: return SignInKind.ClientSecret;
                case CertificateThumbprintSet:
                case CertificateSet:
                case CertificatePathSet: return SignInKind.Certificate;
                case ManagedIdentitySet: return SignInKind.ManagedIdentity;
                case EnvironmentSet: return SignInKind.Environment;
                case AccessTokenSet: return SignInKind.AccessToken;
                case SandboxSet: return SignInKind.Sandbox;
                default: return SignInKind.Interactive;
            }
        }
    }

    [Cmdlet(VerbsCommunications.Disconnect, "XtMigration")]
    [OutputType(typeof(void))]
    public sealed class DisconnectXtMigrationCommand : XtCmdlet
    {
        protected override void OnEndProcessing()
        {
            if (ModuleSession.Current == null) WriteVerbose("Not connected.");
            ModuleSession.Replace(null);
        }
    }

    [Cmdlet(VerbsCommon.Get, "XtMigrationContext")]
    [OutputType(typeof(MigrationContext))]
    public sealed class GetXtMigrationContextCommand : XtCmdlet
    {
        protected override void OnEndProcessing()
        {
            var client = ModuleSession.Current;
            if (client != null) WriteObject(client.Context);
        }
    }
}
