namespace CrossTenantMigration.Commands
{
    /// <summary>What the cmdlets that steer the sandbox share: they act on the current connection's sandbox only.</summary>
    public abstract class SandboxCmdlet : XtCmdlet
    {
        /// <summary>
        /// The steering the current connection offers: a terminating NotConnected error without a connection,
        /// NotSandbox for a connection that offers none, as to a real service (nothing is sent to it).
        /// </summary>
        protected ISandboxSteering RequireSteering()
        {
            var client = RequireClient();
            return client.Steering ?? throw Terminate(new NotSandboxException(client.Context.Endpoint?.ToString() ?? "a service"));
        }
    }
}
