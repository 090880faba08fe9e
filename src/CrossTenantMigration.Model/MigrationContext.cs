using System;

namespace CrossTenantMigration
{
    /// <summary>How the module is connected. Never holds a token.</summary>
    public sealed class MigrationContext
    {
        public Uri Endpoint { get; set; } = new Uri("https://graph.microsoft.com");
        public string ApiVersion { get; set; } = "v1.0";
        public SignInKind SignInKind { get; set; }
        public string? TenantId { get; set; }
        public string? ClientId { get; set; }
        public string? Account { get; set; }
        public string[] Scopes { get; set; } = Array.Empty<string>();
        public DateTimeOffset? TokenExpiresOn { get; set; }
        public DateTimeOffset ConnectedAt { get; set; }

        public override string ToString() => $"{SignInKind} {Endpoint}{ApiVersion}";
    }
}
