using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Reflection;
using System.Runtime.Serialization;
using Graph = Microsoft.Graph.Models;

namespace CrossTenantMigration.Engine
{
    /// <summary>
    /// Turns Graph SDK models into the module's own types, tolerating the documented quirks of real
    /// answers (lower-case workloads and resource type, resources echoed as []).
    /// </summary>
    internal static class GraphModelMapper
    {
        private static readonly ConcurrentDictionary<Enum, string> WireNames = new ConcurrentDictionary<Enum, string>();

        public static MigrationJob ToJob(Graph.CrossTenantMigrationJob source) => new MigrationJob
        {
            Id = source.Id ?? "",
            DisplayName = source.DisplayName ?? "",
            JobType = WireName(source.JobType),
            Status = WireName(source.Status),
            Message = source.Message,
            CompleteAfterDateTime = source.CompleteAfterDateTime,
            SourceTenantId = source.SourceTenantId,
            TargetTenantId = source.TargetTenantId,
            ExchangeSettings = source.ExchangeSettings == null ? null : new MigrationExchangeSettings
            {
                TargetDeliveryDomain = source.ExchangeSettings.TargetDeliveryDomain,
                SourceEndpoint = source.ExchangeSettings.SourceEndpoint,
            },
            Workloads = (source.Workloads ?? new System.Collections.Generic.List<string>())
                .Where(w => !string.IsNullOrEmpty(w)).Select(w => Workload.Normalize(w) ?? w).ToArray(),
            ResourceType = string.Equals(source.ResourceType, JobDefinition.UsersResourceType, StringComparison.OrdinalIgnoreCase)
                ? JobDefinition.UsersResourceType : source.ResourceType,
            Resources = (source.Resources ?? new System.Collections.Generic.List<string>()).Where(r => !string.IsNullOrEmpty(r)).ToArray(),
            CreatedBy = source.CreatedBy,
            CreatedDateTime = source.CreatedDateTime,
            LastUpdatedDateTime = source.LastUpdatedDateTime,
        };

        public static MigrationUser ToUser(string jobId, Graph.CrossTenantMigrationTask source) => new MigrationUser
        {
            Id = source.Id ?? "",
            JobId = jobId,
            TaskType = source.TaskType,
            LastUpdatedDateTime = source.LastUpdatedDateTime,
            Workloads = (source.CurrentStatus ?? new System.Collections.Generic.List<Graph.CrossTenantMigrationServiceStatusDetails>())
                .Select(s =>
                {
                    var workload = Workload.Normalize(s.Service) ?? s.Service ?? "";
                    return new MigrationWorkloadStatus
                    {
                        Workload = workload,
                        Status = WireName(s.Status),
                        Message = s.Message,
                        Errors = (s.Errors ?? new System.Collections.Generic.List<Graph.Error>())
                            .Select(e => new MigrationUserError { Workload = workload, Code = e.Code, Message = e.Message }).ToArray(),
                    };
                }).ToArray(),
        };

        public static MigrationCancelResult ToCancelResult(string jobId, string? userId, Graph.CrossTenantMigrationCancelResponse? source) => new MigrationCancelResult
        {
            JobId = jobId,
            UserId = userId,
            Status = source?.Status,
            Message = source?.Message,
        };

        public static Graph.CrossTenantMigrationJob ToGraph(JobDefinition definition)
        {
            var job = new Graph.CrossTenantMigrationJob
            {
                DisplayName = definition.DisplayName,
                CompleteAfterDateTime = definition.CompleteAfterDateTime,
                SourceTenantId = definition.SourceTenantId,
                ResourceType = definition.ResourceType,
                Resources = definition.Resources.ToList(),
            };
            if (definition.Workloads.Count > 0)
                job.Workloads = definition.Workloads.ToList();
            if (definition.TargetDeliveryDomain != null || definition.SourceEndpoint != null)
                job.ExchangeSettings = new Graph.ExchangeOnlineCrossTenantMigrationSettings
                {
                    TargetDeliveryDomain = definition.TargetDeliveryDomain,
                    SourceEndpoint = definition.SourceEndpoint,
                };
            return job;
        }

        /// <summary>The wire spelling of an SDK enum value (its EnumMember name).</summary>
        public static string? WireName<T>(T? value) where T : struct, Enum =>
            value.HasValue ? WireNames.GetOrAdd(value.Value, v =>
            {
                var member = v.GetType().GetField(v.ToString());
                var wire = member?.GetCustomAttribute<EnumMemberAttribute>()?.Value;
                return wire ?? char.ToLowerInvariant(v.ToString()[0]) + v.ToString().Substring(1);
            }) : null;
    }
}
