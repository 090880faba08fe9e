using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Engine;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration
{
    /// <summary>
    /// PowerShell 7: at import, a background task does the first-use work of a session's first connection and
    /// first request while PowerShell finishes the import and runs the script up to them: it makes the module's
    /// load context, loads the engine and lists the jobs of an offline connection (<see cref="OfflineConnection"/>),
    /// which compiles the connection and request path. Nothing is sent; a failure here changes nothing, since
    /// the real commands do the same work again and report what fails.
    /// </summary>
    internal static class FirstCallWarmUp
    {
        public static void Start()
        {
            // The task must not inherit the importing thread's AsyncLocal state (a cmdlet's operation log).
            using (ExecutionContext.SuppressFlow())
                Task.Run(RunAsync);
        }

        // Never inlined into Start: compiling it loads the engine, which must happen on the background thread.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task RunAsync()
        {
            try
            {
                using var client = new MigrationClient(await OfflineConnection.ConnectAsync(CancellationToken.None).ConfigureAwait(false));
                await client.ListJobsAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Only a warm-up: whatever failed here fails again, and is reported, in the real commands.
            }
        }
    }
}
