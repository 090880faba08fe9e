using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>Splits one definition into jobs of at most a batch size each, named Name-001, Name-002, ...</summary>
    public static class JobBatches
    {
        public static IReadOnlyList<JobDefinition> Split(JobDefinition whole, int batchSize)
        {
            if (batchSize < 1 || batchSize > JobDefinition.MaxResources)
                throw new ArgumentOutOfRangeException(nameof(batchSize));
            if (whole.Resources.Count <= batchSize) return new[] { whole };

            var count = (whole.Resources.Count + batchSize - 1) / batchSize;
            var digits = Math.Max(3, count.ToString(CultureInfo.InvariantCulture).Length);
            return Enumerable.Range(0, count).Select(i => new JobDefinition
            {
                DisplayName = whole.DisplayName + "-" + (i + 1).ToString("D" + digits, CultureInfo.InvariantCulture),
                SourceTenantId = whole.SourceTenantId,
                CompleteAfterDateTime = whole.CompleteAfterDateTime,
                Resources = whole.Resources.Skip(i * batchSize).Take(batchSize).ToList(),
                ResourceType = whole.ResourceType,
                Workloads = whole.Workloads,
                TargetDeliveryDomain = whole.TargetDeliveryDomain,
                SourceEndpoint = whole.SourceEndpoint,
            }).ToList();
        }
    }
}
