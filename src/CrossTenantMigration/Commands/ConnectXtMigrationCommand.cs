using System;
using System.Management.Automation;
using System.Security;
using CrossTenantMigration.Engine;

namespace CrossTenantMigration.Commands
{
    [Cmdlet(VerbsCommunications.Connect, "XtMigration", DefaultParameterSetName = AccessTokenSet)]
    [OutputType(typeof(MigrationContext))]
    public sealed class ConnectXtMigrationCommand : XtCmdlet
    {
        private const string AccessTokenSet = "AccessToken";
        private const string SandboxSet = "Sandbox";

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

        protected override void EndProcessing()
        {
            var options = new ConnectionOptions
            {
                SignInKind = ParameterSetName == SandboxSet ? SignInKind.Sandbox : SignInKind.AccessToken,
                Endpoint = Endpoint ?? ConnectionOptions.DefaultEndpoint,
                ApiVersion = ApiVersion,
                AccessToken = ParameterSetName == AccessTokenSet ? AccessToken : null,
                MaxAttempts = MaxRetryCount + 1,
                MaxRetryDelay = TimeSpan.FromSeconds(MaxRetryWaitSec),
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
            };

            IMigrationSession session;
            try
            {
                session = MigrationSessionFactory.Connect(options);
            }
            catch (InputValidationException ex)
            {
                Throw(ex);
                return;
            }

            ModuleSession.Replace(session);
            var context = session.Context;
            WriteVerbose($"Connected to {context.Endpoint} ({context.ApiVersion}) with {context.SignInKind}.");
            if (options.SignInKind == SignInKind.Sandbox)
                WriteWarning("Connected to the sandbox: an in-memory emulation of the service. Nothing leaves this machine and nothing is kept after the session ends.");
            if (PassThru) WriteObject(context);
        }
    }

    [Cmdlet(VerbsCommunications.Disconnect, "XtMigration")]
    [OutputType(typeof(void))]
    public sealed class DisconnectXtMigrationCommand : XtCmdlet
    {
        protected override void EndProcessing()
        {
            if (ModuleSession.Current == null) WriteVerbose("Not connected.");
            ModuleSession.Replace(null);
        }
    }

    [Cmdlet(VerbsCommon.Get, "XtMigrationContext")]
    [OutputType(typeof(MigrationContext))]
    public sealed class GetXtMigrationContextCommand : XtCmdlet
    {
        protected override void EndProcessing()
        {
            var session = ModuleSession.Current;
            if (session != null) WriteObject(session.Context);
        }
    }
}
