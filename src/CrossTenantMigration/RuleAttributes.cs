using System;
using System.Collections;
using System.Management.Automation;

namespace CrossTenantMigration
{
    /// <summary>
    /// The bounds of the parameters several cmdlets share, declared once so that every cmdlet that takes the
    /// parameter takes the same values (and Get-Command and the help show the same range).
    /// </summary>
    internal static class ParameterBounds
    {
        /// <summary>-ThrottleLimit: requests of one command under way at once.</summary>
        public const int MinThrottleLimit = 1;
        public const int MaxThrottleLimit = 64;
        public const int DefaultThrottleLimit = 4;

        /// <summary>-TimeoutSec of a wait: whole seconds, at least one.</summary>
        public const int MinTimeoutSec = 1;
        public const int MaxTimeoutSec = int.MaxValue;

        /// <summary>-PollIntervalSec of a wait: from a tenth of a second to an hour.</summary>
        public const double MinPollIntervalSec = 0.1;
        public const double MaxPollIntervalSec = 3600;
    }

    /// <summary>
    /// Checks a parameter's value, or each value of an array, with one of the model's input rules, so
    /// that the binder, Get-Command and the model share one definition. A refusal is PowerShell's own
    /// ParameterArgumentValidationError, naming the parameter; nothing has been sent by then. A null
    /// value is left to Mandatory and to the rules over the whole input.
    /// </summary>
    public abstract class ValidateRuleAttribute : ValidateArgumentsAttribute
    {
        protected ValidateRuleAttribute(InputRule rule) => Rule = rule;

        public InputRule Rule { get; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            if (arguments == null) return;
            if (arguments is IEnumerable values && !(arguments is string))
                foreach (var value in values) Check(value);
            else Check(arguments);
        }

        private void Check(object? value)
        {
            var text = (value is PSObject wrapped ? wrapped.BaseObject : value)?.ToString();
            if (!Rule.Accepts(text)) throw new ValidationMetadataException(Rule.Explain(text));
        }
    }

    /// <summary>A tenant, job or user id: a GUID.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateGuidAttribute : ValidateRuleAttribute
    {
        public ValidateGuidAttribute() : base(InputRules.Guid) { }
    }

    /// <summary>A domain name such as fabrikam.onmicrosoft.com.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateDomainNameAttribute : ValidateRuleAttribute
    {
        public ValidateDomainNameAttribute() : base(InputRules.DomainName) { }
    }

    /// <summary>A name that is not empty or white space.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateNotWhiteSpaceAttribute : ValidateRuleAttribute
    {
        public ValidateNotWhiteSpaceAttribute() : base(InputRules.NotWhiteSpace) { }
    }

    /// <summary>The name of an Exchange migration endpoint.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateEndpointNameAttribute : ValidateRuleAttribute
    {
        public ValidateEndpointNameAttribute() : base(InputRules.EndpointName) { }
    }

    /// <summary>A job status the service reports.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateJobStatusAttribute : ValidateRuleAttribute
    {
        public ValidateJobStatusAttribute() : base(InputRules.JobStatusName) { }
    }

    /// <summary>A workload status the service reports for a user.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateWorkloadStatusAttribute : ValidateRuleAttribute
    {
        public ValidateWorkloadStatusAttribute() : base(InputRules.WorkloadStatusName) { }
    }

    /// <summary>A date after now: the cutover of a new job cannot be in the past.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateFutureDateAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            DateTimeOffset when;
            switch (value)
            {
                case DateTimeOffset offset: when = offset; break;
                case DateTime date: when = date.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Local)) : new DateTimeOffset(date); break;
                default: return; // not a date: the binder has refused it already
            }
            var now = DateTimeOffset.UtcNow;
            if (!InputRules.IsFuture(when, now))
                throw new ValidationMetadataException(
                    $"{when.ToUniversalTime():u} is not in the future (now is {now:u}): a new job's cutover date must be after now, such as (Get-Date).AddDays(14). Set-XtMigrationJob accepts a past date to move the cutover of an existing job to now.");
        }
    }
}
