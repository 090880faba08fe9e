using System;
using System.Collections.Generic;

namespace CrossTenantMigration.Emulator
{
    /// <summary>What to put in an access token of the emulated Entra ID (<see cref="MigrationServiceEmulator.IssueToken"/>).</summary>
    public sealed class TokenRequest
    {
        /// <summary>Delegated permissions (the <c>scp</c> claim). When both Scopes and Roles are null the token carries <c>scp</c> = CrossTenantContentMigration.ReadWrite.All User.ReadBasic.All.</summary>
        public IList<string>? Scopes { get; set; }

        /// <summary>Application permissions (the <c>roles</c> claim). A token with roles and no scopes is an app-only token (<c>appid</c>, no <c>upn</c>).</summary>
        public IList<string>? Roles { get; set; }

        /// <summary>Time until <c>exp</c>, in real time. Zero or negative gives an already expired token.</summary>
        public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Optional <c>nbf</c>; default: issue time.</summary>
        public DateTimeOffset? NotBefore { get; set; }

        /// <summary>The <c>tid</c> claim; default: the emulated service's target tenant.</summary>
        public string? TenantId { get; set; }

        /// <summary>The <c>aud</c> claim; default: https://graph.microsoft.com.</summary>
        public string? Audience { get; set; }

        /// <summary>The <c>oid</c> claim; default: a fixed sample object id.</summary>
        public string? ObjectId { get; set; }

        /// <summary>The <c>upn</c> claim of a delegated token; default: admin@contoso.onmicrosoft.com.</summary>
        public string? Upn { get; set; }

        /// <summary>The <c>appid</c> claim; default: a fixed sample application id.</summary>
        public string? AppId { get; set; }
    }

    /// <summary>A token the emulator issued: an access token, or a federated token.</summary>
    public sealed class IssuedToken
    {
        /// <summary>Creates the value.</summary>
        public IssuedToken(string accessToken, DateTimeOffset expiresOn)
        {
            AccessToken = accessToken;
            ExpiresOn = expiresOn;
        }

        /// <summary>The compact JWT.</summary>
        public string AccessToken { get; }

        /// <summary>The <c>exp</c> claim (real time).</summary>
        public DateTimeOffset ExpiresOn { get; }
    }
}
