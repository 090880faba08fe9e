using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CrossTenantMigration.Commands
{
    /// <summary>Completes the service's job statuses.</summary>
    public sealed class JobStatusCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.From(JobStatus.All, wordToComplete);
    }

    /// <summary>Completes the per-workload statuses of a user's task.</summary>
    public sealed class WorkloadStatusCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.From(WorkloadStatus.All, wordToComplete);
    }

    /// <summary>Completes job display names from the service when connected.</summary>
    public sealed class JobNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Completion.From(JobListCache.Get().Select(j => j.DisplayName), wordToComplete);
    }

    /// <summary>Completes job ids from the service when connected, showing each job's name.</summary>
    public sealed class JobIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = wordToComplete.Trim('\'', '"');
            return JobListCache.Get()
                .Where(j => j.Id.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(j => new CompletionResult(j.Id, j.Id, CompletionResultType.ParameterValue, $"{j.DisplayName} ({j.Status})"));
        }
    }

    internal static class Completion
    {
        public static IEnumerable<CompletionResult> From(IEnumerable<string> values, string wordToComplete)
        {
            var word = wordToComplete.Trim('\'', '"');
            return values
                .Where(v => v.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(Quote(v), v, CompletionResultType.ParameterValue, v));
        }

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', ';', ',', '{', '}', '@', '#', '&', '|' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;
    }
}
