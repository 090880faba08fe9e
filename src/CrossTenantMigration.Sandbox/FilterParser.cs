using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>One <c>property eq 'value'</c> clause of a $filter.</summary>
    internal sealed class FilterClause
    {
        public FilterClause(string property, string value)
        {
            Property = property;
            Value = value;
        }

        public string Property { get; }
        public string Value { get; }
    }

    /// <summary>The <c>$filter</c> the service understands: <c>eq</c> clauses on status, displayName or jobType, joined by <c>and</c>.</summary>
    internal static class FilterParser
    {
        private static readonly string[] FilterableJobProperties = { "status", "displayName", "jobType" };

        /// <summary>Grammar: clause ( ' and ' clause )*, clause: property ' eq ' 'string' ('' escapes a quote).</summary>
        public static List<FilterClause> Parse(string text)
        {
            var tokens = new List<(bool IsString, string Text)>();
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == ' ')
                {
                    i++;
                    continue;
                }

                if (c == '\'')
                {
                    var sb = new StringBuilder();
                    i++;
                    bool closed = false;
                    while (i < text.Length)
                    {
                        if (text[i] == '\'')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '\'')
                            {
                                sb.Append('\'');
                                i += 2;
                                continue;
                            }

                            closed = true;
                            i++;
                            break;
                        }

                        sb.Append(text[i]);
                        i++;
                    }

                    if (!closed)
                    {
                        throw FilterError(text, "unterminated string literal");
                    }

                    tokens.Add((true, sb.ToString()));
                    continue;
                }

                int start = i;
                while (i < text.Length && text[i] != ' ' && text[i] != '\'')
                {
                    i++;
                }

                tokens.Add((false, text.Substring(start, i - start)));
            }

            var clauses = new List<FilterClause>();
            int t = 0;
            while (true)
            {
                if (t + 3 > tokens.Count)
                {
                    throw FilterError(text, "expected \"property eq 'value'\"");
                }

                var prop = tokens[t];
                var op = tokens[t + 1];
                var lit = tokens[t + 2];
                if (prop.IsString)
                {
                    throw FilterError(text, "expected a property name");
                }

                string? property = FilterableJobProperties.FirstOrDefault(p => string.Equals(p, prop.Text, StringComparison.OrdinalIgnoreCase));
                if (property == null)
                {
                    throw FilterError(text, $"filtering on '{prop.Text}' is not supported (supported: status, displayName, jobType)");
                }

                if (op.IsString || op.Text != "eq")
                {
                    throw FilterError(text, $"the operator '{op.Text}' is not supported (only 'eq')");
                }

                if (!lit.IsString)
                {
                    throw FilterError(text, $"expected a single-quoted string after '{property} eq'");
                }

                if (property == "status" && !JobStatus.All.Contains(lit.Text))
                {
                    throw FilterError(text, $"'{lit.Text}' is not a member of crossTenantMigrationJobStatus");
                }

                if (property == "jobType" && lit.Text != "validate" && lit.Text != "migrate" && lit.Text != "unknownFutureValue")
                {
                    throw FilterError(text, $"'{lit.Text}' is not a member of crossTenantMigrationJobType");
                }

                clauses.Add(new FilterClause(property, lit.Text));
                t += 3;
                if (t == tokens.Count)
                {
                    return clauses;
                }

                if (tokens[t].IsString || tokens[t].Text != "and")
                {
                    throw FilterError(text, $"expected 'and' but found '{tokens[t].Text}'");
                }

                t++;
            }
        }

        private static GraphErrorException FilterError(string text, string detail)
            => GraphErrorException.BadRequest($"Invalid value for the query option '$filter': {detail}. Filter: {text}");
    }
}
