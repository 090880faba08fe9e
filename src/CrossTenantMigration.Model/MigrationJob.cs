using System;

namespace CrossTenantMigration
{
    /// <summary>A cross-tenant migration job as the service reports it.</summary>
    public sealed class MigrationJob
    {
        public string Id { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string? JobType { get; set; }
        public string? Status { get; set; }
        public string? Message { get; set; }
        public DateTimeOffset? CompleteAfterDateTime { get; set; }
        public string? SourceTenantId { get; set; }
        public string? TargetTenantId { get; set; }
        public MigrationExchangeSettings? ExchangeSettings { get; set; }
        public string[] Workloads { get; set; } = Array.Empty<string>();
        public string? ResourceType { get; set; }
        public string[] Resources { get; set; } = Array.Empty<string>();
        public string? CreatedBy { get; set; }
        public DateTimeOffset? CreatedDateTime { get; set; }
        public DateTimeOffset? LastUpdatedDateTime { get; set; }

        /// <summary>Number of users, when the service echoed the resources (it often answers with an empty list).</summary>
        public int? UserCount => Resources.Length > 0 ? Resources.Length : (int?)null;

        public override string ToString() => DisplayName;
    }

    public sealed class MigrationExchangeSettings
    {
        public string? TargetDeliveryDomain { get; set; }
        public string? SourceEndpoint { get; set; }

        public override string ToString() =>
            string.IsNullOrEmpty(SourceEndpoint) ? TargetDeliveryDomain ?? "" : $"{TargetDeliveryDomain} via {SourceEndpoint}";
    }
}
