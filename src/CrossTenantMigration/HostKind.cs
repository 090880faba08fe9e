using System;
using System.Linq;
using System.Management.Automation.Host;

namespace CrossTenantMigration
{
    /// <summary>
    /// Whether a person watches the host. Azure Automation does not support progress records, and
    /// neither a redirected output nor pwsh -NonInteractive has anyone to show them to: there waits
    /// write one Information record per status change instead.
    /// </summary>
    internal static class HostKind
    {
        private static readonly string[] InteractiveHosts = { "ConsoleHost", "Visual Studio Code Host", "Windows PowerShell ISE Host" };

        public static bool IsInteractive(PSHost host) =>
            InteractiveHosts.Contains(host.Name, StringComparer.OrdinalIgnoreCase)
            && Environment.UserInteractive
            && !InAzureAutomation()
            && !Console.IsOutputRedirected
            && !StartedNonInteractive();

        private static bool InAzureAutomation() =>
            Environment.GetEnvironmentVariable("AUTOMATION_ASSET_ACCOUNTID") != null
            || (Environment.GetEnvironmentVariable("AZUREPS_HOST_ENVIRONMENT") ?? "").StartsWith("AzureAutomation", StringComparison.OrdinalIgnoreCase);

        // pwsh accepts any prefix of -NonInteractive down to -noni.
        private static bool StartedNonInteractive() =>
            Environment.GetCommandLineArgs().Skip(1).Any(a =>
                a.Length >= 5 && (a[0] == '-' || a[0] == '/') && "noninteractive".StartsWith(a.Substring(1).ToLowerInvariant(), StringComparison.Ordinal));
    }
}
