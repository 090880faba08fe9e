using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// An application registered with the emulated Entra ID token service
    /// (<see cref="MigrationServiceEmulator.RegisterApp"/>, <c>PUT /_emulator/apps/{clientId}</c>).
    /// </summary>
    public sealed class AppRegistration
    {
        /// <summary>The client secret accepted with <c>client_secret</c>. Null: the app has no secret.</summary>
        public string? Secret { get; set; }

        /// <summary>
        /// Public certificate(s) as PEM (one or more <c>-----BEGIN CERTIFICATE-----</c> blocks). A <c>client_assertion</c>
        /// signed (RS256 or PS256) with the private key of one of them authenticates the app. Null: no certificate.
        /// </summary>
        public string? CertificatePem { get; set; }

        /// <summary>Application permissions granted to the app (the <c>roles</c> claim of client-credential tokens).</summary>
        public IList<string> Roles { get; set; } = new List<string>();

        /// <summary>Delegated permissions consented for the app (the <c>scp</c> claim of device-code and refresh tokens).</summary>
        public IList<string> Scopes { get; set; } = new List<string>();

        /// <summary>Lifetime of the access tokens issued to the app (<c>expires_in</c>); default one hour.</summary>
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>
        /// The user (UPN) who signs in through the device-code flow. Null: public-client flows are off for the app
        /// (a device-code request is answered with AADSTS7000218).
        /// </summary>
        public string? User { get; set; }

        /// <summary>Device codes of this app are approved by themselves this long after they were issued. Null: only an explicit approval.</summary>
        public TimeSpan? AutoApprove { get; set; }

        /// <summary>How long a device code stays usable; default 15 minutes.</summary>
        public TimeSpan DeviceCodeLifetime { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>The <c>sub</c> of federated tokens (workload identity) accepted for the app. Null: no federated credential.</summary>
        public string? FederatedSubject { get; set; }

        /// <summary>The <c>iss</c> of accepted federated tokens; default <see cref="MigrationServiceEmulator.FederatedTokenIssuer"/>.</summary>
        public string FederatedIssuer { get; set; } = MigrationServiceEmulator.FederatedTokenIssuer;

        /// <summary>The <c>aud</c> of accepted federated tokens; default <c>api://AzureADTokenExchange</c>.</summary>
        public string FederatedAudience { get; set; } = MigrationServiceEmulator.DefaultFederatedAudience;

        internal AppRegistration Clone() => new AppRegistration
        {
            Secret = Secret,
            CertificatePem = CertificatePem,
            Roles = new List<string>(Roles ?? new List<string>()),
            Scopes = new List<string>(Scopes ?? new List<string>()),
            TokenLifetime = TokenLifetime,
            User = User,
            AutoApprove = AutoApprove,
            DeviceCodeLifetime = DeviceCodeLifetime,
            FederatedSubject = FederatedSubject,
            FederatedIssuer = FederatedIssuer,
            FederatedAudience = FederatedAudience,
        };
    }

    /// <summary>
    /// The managed identities of the emulated Azure resource (<see cref="MigrationServiceEmulator.ManagedIdentity"/>,
    /// <c>PUT /_emulator/managed-identity</c>), served at <c>/msi/token</c> and <c>/metadata/identity/oauth2/token</c>.
    /// </summary>
    public sealed class ManagedIdentitySettings
    {
        /// <summary>
        /// The value expected in <c>X-IDENTITY-HEADER</c> (IDENTITY_HEADER, App Service style) or <c>secret</c>
        /// (MSI_SECRET, 2017-09-01 style). Null: any non-empty value is accepted.
        /// </summary>
        public string? Secret { get; set; }

        /// <summary>Application permissions of every identity (the <c>roles</c> claim).</summary>
        public IList<string> Roles { get; set; } = new List<string>();

        /// <summary>Client ids of the user-assigned identities; a request with another client id gets 400 (identity not found).</summary>
        public IList<string> ClientIds { get; set; } = new List<string>();

        /// <summary>Lifetime of the issued tokens; default one hour.</summary>
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Client id of the system-assigned identity (used when a request names none); default a fixed sample id.</summary>
        public string SystemAssignedClientId { get; set; } = MigrationServiceEmulator.DefaultSystemAssignedClientId;

        internal ManagedIdentitySettings Clone() => new ManagedIdentitySettings
        {
            Secret = Secret,
            Roles = new List<string>(Roles ?? new List<string>()),
            ClientIds = new List<string>(ClientIds ?? new List<string>()),
            TokenLifetime = TokenLifetime,
            SystemAssignedClientId = SystemAssignedClientId,
        };
    }

    /// <summary>A device code issued by <c>/{tenant}/oauth2/v2.0/devicecode</c>, as listed by <see cref="MigrationServiceEmulator.GetDeviceCodes"/>.</summary>
    public sealed class DeviceCodeInfo
    {
        /// <summary>The code the user types (<c>user_code</c>).</summary>
        public string UserCode { get; set; } = "";

        /// <summary>The app that asked for it.</summary>
        public string ClientId { get; set; } = "";

        /// <summary>pending, approved, denied, redeemed or expired.</summary>
        public string Status { get; set; } = "";

        /// <summary>When it stops being usable (real time).</summary>
        public DateTimeOffset ExpiresOn { get; set; }
    }
}
