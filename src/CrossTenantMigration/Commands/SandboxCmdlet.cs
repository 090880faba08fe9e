namespace CrossTenantMigration.Commands
{
    /// <summary>What the cmdlets that steer the sandbox share: they act on the current connection's sandbox only.</summary>
    public abstract class SandboxCmdlet : XtCmdlet
    {
        /// <summary>
        /// The sandbox of the current connection: a terminating NotConnected error without a connection, NotSandbox
        /// for a connection to a real service (nothing is sent to it).
        /// </summary>
        protected ISandbox RequireSandbox()
        {
            var client = RequireClient();
            return client.Sandbox ?? throw Terminate(new NotSandboxException(client.Context.Endpoint?.ToString() ?? "a service"));
        }
    }
}
