using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace CrossTenantMigration
{
    /// <summary>What a user asks for when creating a job, before it is sent.</summary>
    public sealed class JobDefinition
    {
        public const int MaxResources = 2000;
        public const string UsersResourceType = "Users";

        public string DisplayName { get; set; } = "";
        public string SourceTenantId { get; set; } = "";
        public DateTimeOffset CompleteAfterDateTime { get; set; }
        public IReadOnlyList<string> Resources { get; set; } = Array.Empty<string>();
        public string ResourceType { get; set; } = UsersResourceType;
        /// <summary>Empty means every available workload: nothing is sent, and the service takes them all.</summary>
        public IReadOnlyList<string> Workloads { get; set; } = Array.Empty<string>();
        public string? TargetDeliveryDomain { get; set; }
        public string? SourceEndpoint { get; set; }

        /// <summary>Whether Exchange is migrated: named, or included with every workload when none is named.</summary>
        public bool IncludesExchange => Workloads.Count == 0 || Workloads.Contains(Workload.Exchange, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The documented create rules, checked on the client so that nothing is sent when input is wrong.
    /// Returns a normalised copy (documented spellings, trimmed ids) or the first broken rule.
    /// </summary>
    public static class JobDefinitionRules
    {
        public static JobDefinition Normalize(JobDefinition input, DateTimeOffset now, bool allowMoreThanMax = false) =>
            Normalize(input, now, resources => NormalizeResources(resources, allowMoreThanMax));

        /// <summary>
        /// Every rule but the users': for a job whose users are still to be resolved from their names, which
        /// <see cref="JobUsers"/> checks. The resources are kept as given.
        /// </summary>
        public static JobDefinition NormalizeSettings(JobDefinition input, DateTimeOffset now) => Normalize(input, now, resources => resources);

        private static JobDefinition Normalize(JobDefinition input, DateTimeOffset now, Func<IReadOnlyList<string>, IReadOnlyList<string>> normalizeResources)
        {
            if (!InputRules.NotWhiteSpace.Accepts(input.DisplayName))
                throw Fail(ErrorIds.InvalidDisplayName, "DisplayName", "The -DisplayName parameter must not be empty or white space.");

            if (!InputRules.Guid.Accepts(input.SourceTenantId))
                throw Fail(ErrorIds.InvalidSourceTenantId, "SourceTenantId",
                    $"The -SourceTenantId parameter must be a tenant id ({InputRules.Guid.Description}); '{input.SourceTenantId}' is not.", input.SourceTenantId);

            if (!string.Equals(input.ResourceType, JobDefinition.UsersResourceType, StringComparison.OrdinalIgnoreCase))
                throw Fail(ErrorIds.InvalidResourceType, "ResourceType",
                    $"The -ResourceType parameter must be 'Users', the only resource type the service supports; '{input.ResourceType}' is not.", input.ResourceType);

            var resources = normalizeResources(input.Resources ?? Array.Empty<string>());
            var workloads = NormalizeWorkloads(input.Workloads);

            if (!InputRules.IsFuture(input.CompleteAfterDateTime, now))
                throw Fail(ErrorIds.CompleteAfterDateTimeNotInFuture, "CompleteAfterDateTime",
                    $"The -CompleteAfterDateTime parameter must be in the future; {input.CompleteAfterDateTime.ToString("u", CultureInfo.InvariantCulture)} is not (now is {now.ToString("u", CultureInfo.InvariantCulture)}).",
                    input.CompleteAfterDateTime);

            var normalized = new JobDefinition
            {
                DisplayName = input.DisplayName.Trim(),
                SourceTenantId = input.SourceTenantId.Trim().ToLowerInvariant(),
                CompleteAfterDateTime = input.CompleteAfterDateTime.ToUniversalTime(),
                Resources = resources,
                ResourceType = JobDefinition.UsersResourceType,
                Workloads = workloads,
                TargetDeliveryDomain = string.IsNullOrWhiteSpace(input.TargetDeliveryDomain) ? null : input.TargetDeliveryDomain!.Trim(),
                SourceEndpoint = string.IsNullOrWhiteSpace(input.SourceEndpoint) ? null : input.SourceEndpoint!.Trim(),
            };

            if (normalized.IncludesExchange && normalized.TargetDeliveryDomain == null)
                throw Fail(ErrorIds.TargetDeliveryDomainRequired, "TargetDeliveryDomain",
                    "The -TargetDeliveryDomain parameter is required when the Exchange workload is included (it is when -Workload is omitted): give the target tenant's delivery domain, such as fabrikam.onmicrosoft.com.");

            if (normalized.TargetDeliveryDomain != null && !InputRules.DomainName.Accepts(normalized.TargetDeliveryDomain))
                throw Fail(ErrorIds.InvalidTargetDeliveryDomain, "TargetDeliveryDomain",
                    $"The -TargetDeliveryDomain parameter must be {InputRules.DomainName.Description}; '{normalized.TargetDeliveryDomain}' is not.", normalized.TargetDeliveryDomain);

            if (normalized.SourceEndpoint != null && !InputRules.EndpointName.Accepts(normalized.SourceEndpoint))
                throw Fail(ErrorIds.InvalidSourceEndpoint, "SourceEndpoint",
                    $"The -SourceEndpoint parameter must be {InputRules.EndpointName.Description}.", normalized.SourceEndpoint);

            return normalized;
        }

        public static IReadOnlyList<string> NormalizeResources(IReadOnlyList<string>? resources, bool allowMoreThanMax = false)
        {
            var list = resources ?? Array.Empty<string>();
            CheckResourceCount(list.Count, allowMoreThanMax);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var result = new List<string>(list.Count);
            foreach (var raw in list)
            {
                var canonical = CanonicalResourceId(raw);
                if (!seen.Add(canonical)) throw DuplicateResource(canonical);
                result.Add(canonical);
            }
            return result;
        }

        /// <summary>1 to 2,000 users in a job (more when they are to be split), however they were given.</summary>
        internal static void CheckResourceCount(int count, bool allowMoreThanMax)
        {
            if (count == 0)
                throw Fail(ErrorIds.InvalidResourceCount, "Resource",
                    "The -Resource parameter needs at least one user id (or -UserPrincipalName a user principal name); none was given (was the pipeline empty?).");
            if (count > JobDefinition.MaxResources && !allowMoreThanMax)
                throw Fail(ErrorIds.InvalidResourceCount, "Resource",
                    $"The -Resource parameter takes at most {JobDefinition.MaxResources} user ids per job; {count} were given. Use -AutoSplit to create several jobs.", count);
        }

        /// <summary>A user id in its canonical form; an id already in that form is kept as the very string given, so that it is held once.</summary>
        internal static string CanonicalResourceId(string? raw)
        {
            var id = raw?.Trim() ?? "";
            if (!IsGuid(id))
            {
                var hint = id.StartsWith("@{", StringComparison.Ordinal)
                    ? " It looks like an object without an Id, ObjectId, ExternalDirectoryObjectId, UserId or UserPrincipalName property (a CSV file needs one of those column names)."
                    : id.Length == 0 ? " One of them is empty: a CSV row with an empty id, or $null."
                    : InputRules.UserPrincipalName.Accepts(id) ? " It looks like a user principal name: give it to -UserPrincipalName (a CSV column named UserPrincipalName binds there)."
                    : "";
                throw Fail(ErrorIds.InvalidResourceId, "Resource", $"The -Resource parameter takes user object ids (GUIDs); '{id}' is not one.{hint} No job was created.", id);
            }
            var parsed = Guid.Parse(id).ToString("D");
            return string.Equals(parsed, raw, StringComparison.Ordinal) ? raw! : parsed;
        }

        internal static InputValidationException DuplicateResource(string canonical) =>
            Fail(ErrorIds.DuplicateResourceId, "Resource", $"The -Resource parameter lists user '{canonical}' more than once; each user may appear once in a job.", canonical);

        /// <summary>
        /// The user one input object names through its id properties (a CSV row's Id and ExternalDirectoryObjectId
        /// columns, say), given as name and value in the order they bind: the first value that is not blank, when
        /// every other value that is not blank names the same user; null when all are blank. Values that name
        /// different users are a ConflictingResourceId error that lists them; <paramref name="position"/> (from 1)
        /// says which input object.
        /// </summary>
        public static string? AgreedResourceId(IReadOnlyList<KeyValuePair<string, string?>> idProperties, long position)
        {
            var given = idProperties.Where(p => !string.IsNullOrWhiteSpace(p.Value)).ToList();
            if (given.Count == 0) return null;
            if (given.Any(p => !SameUser(p.Value!, given[0].Value!)))
            {
                var named = string.Join(", ", given.Select(p => $"{p.Key} '{p.Value!.Trim()}'"));
                throw Fail(ErrorIds.ConflictingResourceId, "Resource",
                    $"Input object {position} gives different users in its id properties: {named}. The module cannot tell which user is meant: keep one id column, or make them agree. No job was created.");
            }
            return given[0].Value;
        }

        /// <summary>Whether two ids name the same user: the same GUID in any format, or else the same text in any case.</summary>
        private static bool SameUser(string first, string second) =>
            Guid.TryParse(first.Trim(), out var a) && Guid.TryParse(second.Trim(), out var b)
                ? a == b
                : string.Equals(first.Trim(), second.Trim(), StringComparison.OrdinalIgnoreCase);

        public static IReadOnlyList<string> NormalizeWorkloads(IReadOnlyList<string>? workloads)
        {
            var result = new List<string>();
            foreach (var w in workloads ?? Array.Empty<string>())
            {
                var name = Workload.NormalizeRequestable(w);
                if (name == null)
                    throw Fail(ErrorIds.InvalidWorkload, "Workload",
                        $"The -Workload parameter takes {string.Join(", ", Workload.Requestable)} (omit it to include every workload, Teams meetings with them); '{w}' is not one of them.", w);
                if (!result.Contains(name)) result.Add(name);
            }
            return result;
        }

        public static string NormalizeJobId(string? id, string parameterName = "Id")
        {
            if (!IsGuid(id))
                throw Fail(ErrorIds.InvalidJobId, parameterName, $"The -{parameterName} parameter must be a job id (a GUID); '{id}' is not. Use -DisplayName to find a job by name.", id);
            return Guid.Parse(id!.Trim()).ToString("D");
        }

        public static string NormalizeUserId(string? id, string parameterName = "Id")
        {
            if (!IsGuid(id))
                throw Fail(ErrorIds.InvalidUserId, parameterName, $"The -{parameterName} parameter must be a user object id (a GUID); '{id}' is not.", id);
            return Guid.Parse(id!.Trim()).ToString("D");
        }

        public static bool IsGuid(string? value) => InputRules.Guid.Accepts(value);

        internal static InputValidationException Fail(string id, string parameter, string message, object? value = null) =>
            new InputValidationException(new InputError(id, parameter, message, value));
    }
}
