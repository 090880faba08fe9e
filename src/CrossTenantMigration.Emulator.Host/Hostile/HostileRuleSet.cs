using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Emulator.Host.Hostile
{
    /// <summary>
    /// The rules a test has set, in order. A request goes to the first rule that takes it; each rule it passes
    /// on the way counts it as matched, so a rule's skip counts the requests it saw.
    /// </summary>
    internal sealed class HostileRuleSet
    {
        private readonly object _gate = new object();
        private IReadOnlyList<HostileRule> _rules = Array.Empty<HostileRule>();

        public IReadOnlyList<HostileRule> Rules
        {
            get
            {
                lock (_gate)
                {
                    return _rules;
                }
            }
        }

        /// <summary>Replaces every rule (their counts start from zero); throws <see cref="ArgumentException"/> naming a bad rule.</summary>
        public void Replace(IReadOnlyList<HostileRule> rules)
        {
            for (int i = 0; i < rules.Count; i++)
            {
                try
                {
                    rules[i].Prepare();
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"Rule {i + 1}{(rules[i].Name is string name ? $" ('{name}')" : "")}: {e.Message}");
                }
            }

            lock (_gate)
            {
                _rules = rules.ToArray();
            }
        }

        /// <summary>The rule that takes this request, or null: the request goes to the emulator as it is.</summary>
        public HostileRule? Take(string method, string pathAndQuery)
        {
            lock (_gate)
            {
                foreach (var rule in _rules)
                {
                    if (rule.Matches(method, pathAndQuery) && rule.TryTake()) return rule;
                }
            }

            return null;
        }

        /// <summary>A taken request's answer could not be changed: the rule does not count it.</summary>
        public void Untake(HostileRule rule)
        {
            lock (_gate)
            {
                rule.Untake();
            }
        }

        /// <summary>Of the job ids on a list page, those of gone jobs, which the page must not show.</summary>
        public ISet<string> GoneFrom(IEnumerable<string> listedIds)
        {
            var gone = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            lock (_gate)
            {
                var listed = new HashSet<string>(listedIds, StringComparer.OrdinalIgnoreCase);
                foreach (var rule in _rules)
                {
                    if (rule.Action == HostileAction.Gone && listed.Contains(rule.JobId!) && rule.TakeListed()) gone.Add(rule.JobId!);
                }
            }

            return gone;
        }
    }
}
