using System;
using System.Text.RegularExpressions;

namespace CrossTenantMigration
{
    /// <summary>
    /// A documented input rule: what it accepts, in words, and the test. The cmdlets' parameter
    /// attributes and the model's checks use the same rule, so there is one definition of each.
    /// </summary>
    public sealed class InputRule
    {
        private readonly Func<string, bool> _accepts;

        public InputRule(string description, Func<string, bool> accepts)
        {
            Description = description;
            _accepts = accepts;
        }

        /// <summary>What the rule accepts, to follow "must be": "a GUID such as …".</summary>
        public string Description { get; }

        public bool Accepts(string? value) => value != null && _accepts(value);

        /// <summary>Why <paramref name="value"/> is refused, for a parameter attribute's message.</summary>
        public string Explain(string? value) => $"'{value}' is not {Description}.";
    }

    public static class InputRules
    {
        // RFC 1035 host name: labels of letters, digits and hyphens, at least two labels. Made when a domain is first
        // checked: building it took about 1.5 ms of every session's first cmdlet call, for one rarely used parameter.
        private static readonly Lazy<Regex> DomainPattern = new Lazy<Regex>(() => new Regex(
            @"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

        public const int MaxEndpointNameLength = 256;

        /// <summary>Tenant, job and user ids.</summary>
        public static InputRule Guid { get; } = new InputRule(
            "a GUID such as 12345678-1234-1234-1234-123456789012", value => System.Guid.TryParse(value.Trim(), out _));

        /// <summary>The target delivery domain.</summary>
        public static InputRule DomainName { get; } = new InputRule(
            "a domain name such as fabrikam.onmicrosoft.com", value => DomainPattern.Value.IsMatch(value.Trim()));

        /// <summary>Display names: the service requires one and documents no length.</summary>
        public static InputRule NotWhiteSpace { get; } = new InputRule(
            "a name: it must not be empty or white space", value => value.Trim().Length > 0);

        /// <summary>The Exchange migration endpoint's name.</summary>
        public static InputRule EndpointName { get; } = new InputRule(
            $"the name of an Exchange migration endpoint: not white space, at most {MaxEndpointNameLength} characters",
            value => value.Trim().Length > 0 && value.Trim().Length <= MaxEndpointNameLength);

        /// <summary>A job status, as the service spells it (any case).</summary>
        public static InputRule JobStatusName { get; } = new InputRule(
            "one of the service's job statuses (" + string.Join(", ", CrossTenantMigration.JobStatus.All) + ")",
            value => CrossTenantMigration.JobStatus.Normalize(value) != null);

        /// <summary>A workload status of a user, as the service spells it (any case).</summary>
        public static InputRule WorkloadStatusName { get; } = new InputRule(
            "one of the workload statuses (" + string.Join(", ", CrossTenantMigration.WorkloadStatus.All) + ")",
            value => CrossTenantMigration.WorkloadStatus.Normalize(value) != null);

        /// <summary>
        /// A user principal name, checked before the directory is asked: a plain shape, not the directory's own rules,
        /// so that a typo or a cell of another column fails at once and a real name (a guest's #EXT# name too) passes.
        /// </summary>
        public static InputRule UserPrincipalName { get; } = new InputRule(
            "a user principal name such as adele.vance@contoso.com: no white space, one @, a name before it and a domain with a dot after it",
            value => IsUserPrincipalName(value.Trim()));

        private static bool IsUserPrincipalName(string value)
        {
            var at = value.IndexOf('@');
            if (at <= 0 || at != value.LastIndexOf('@')) return false;
            foreach (var c in value)
                if (char.IsWhiteSpace(c)) return false;
            var labels = value.Substring(at + 1).Split('.');
            return labels.Length >= 2 && Array.TrueForAll(labels, label => label.Length > 0);
        }

        /// <summary>A cutover date for a new job: the service refuses one in the past.</summary>
        public static bool IsFuture(DateTimeOffset value, DateTimeOffset now) => value > now;
    }
}
