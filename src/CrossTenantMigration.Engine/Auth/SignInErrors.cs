using System;
using Azure.Identity;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>Turns what Azure.Identity throws into errors that say what to do next.</summary>
    internal static class SignInErrors
    {
        public static Exception Translate(Exception exception, SignInKind kind)
        {
            if (exception is MigrationException) return exception;
            var detail = exception.Message;

            if (kind == SignInKind.ManagedIdentity && (exception is CredentialUnavailableException || exception is AuthenticationFailedException))
                return new SignInException(ErrorIds.ManagedIdentityUnavailable,
                    "No managed identity answered. Connect-XtMigration -Identity works in Azure Automation (IDENTITY_ENDPOINT and IDENTITY_HEADER), on hybrid runbook workers (MSI_ENDPOINT and MSI_SECRET), on Azure VMs and in App Service; " +
                    $"elsewhere sign in another way (-ClientSecret, -CertificateThumbprint, -UseDeviceCode). Details: {detail}", exception);

            if (kind == SignInKind.Environment && exception is CredentialUnavailableException)
                return new SignInException(ErrorIds.EnvironmentNotConfigured,
                    "Connect-XtMigration -EnvironmentVariable found no usable configuration: set AZURE_TENANT_ID and AZURE_CLIENT_ID, with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE. " +
                    $"Details: {detail}", exception);

            if (kind == SignInKind.Interactive && IsNoBrowser(exception))
                return new SignInException(ErrorIds.InteractiveSignInUnavailable,
                    $"A browser could not be opened for an interactive sign-in here. Use Connect-XtMigration -UseDeviceCode to sign in from another device. Details: {detail}", exception);

            return new SignInException(ErrorIds.SignInFailed, $"Signing in ({kind}) failed: {detail}", exception);
        }

        public static Exception TimedOut(SignInKind kind, TimeSpan timeout) =>
            kind == SignInKind.ManagedIdentity
                ? new SignInException(ErrorIds.ManagedIdentityUnavailable, $"No managed identity answered within {timeout.TotalSeconds:0} s. Connect-XtMigration -Identity works in Azure Automation, on hybrid runbook workers, on Azure VMs and in App Service; elsewhere sign in another way.", timedOut: true)
                : new SignInException(ErrorIds.SignInFailed, $"Signing in ({kind}) did not finish within {timeout.TotalMinutes:0.#} minutes.", timedOut: true);

        private static bool IsNoBrowser(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                var text = e.Message ?? "";
                if (text.IndexOf("browser", StringComparison.OrdinalIgnoreCase) >= 0 || e is PlatformNotSupportedException ||
                    e is System.ComponentModel.Win32Exception)
                    return true;
            }
            return false;
        }
    }
}
