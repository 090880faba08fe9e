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
            var tokens = Tokenize(text);
            var clauses = new List<FilterClause>();
            int t = 0;
            while (true)
            {
                if (t + 3 > tokens.Count)
                {
                    throw FilterError(text, "expected \"property eq 'value'\"");
                }

                clauses.Add(Clause(text, tokens[t], tokens[t + 1], tokens[t + 2]));
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

        private static FilterClause Clause(string text, Token prop, Token op, Token lit)
        {
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

            if (property == "status" && !WireJobStatus.All.Contains(lit.Text))
            {
                throw FilterError(text, $"'{lit.Text}' is not a member of crossTenantMigrationJobStatus");
            }

            if (property == "jobType" && lit.Text != "validate" && lit.Text != "migrate" && lit.Text != "unknownFutureValue")
            {
                throw FilterError(text, $"'{lit.Text}' is not a member of crossTenantMigrationJobType");
            }

            return new FilterClause(property, lit.Text);
        }

        /// <summary>Words split at spaces and single-quoted string literals.</summary>
        private static List<Token> Tokenize(string text)
        {
            var tokens = new List<Token>();
            int i = 0;
            while (i < text.Length)
            {
                if (text[i] == ' ')
                {
                    i++;
                }
                else if (text[i] == '\'')
                {
                    tokens.Add(new Token(true, ReadLiteral(text, ref i)));
                }
                else
                {
                    int start = i;
                    while (i < text.Length && text[i] != ' ' && text[i] != '\'')
                    {
                        i++;
                    }

                    tokens.Add(new Token(false, text.Substring(start, i - start)));
                }
            }

            return tokens;
        }

        /// <summary>The literal that starts at <paramref name="i"/> (a quote); leaves <paramref name="i"/> after its closing quote.</summary>
        private static string ReadLiteral(string text, ref int i)
        {
            var sb = new StringBuilder();
            i++;
            while (i < text.Length)
            {
                if (text[i] != '\'')
                {
                    sb.Append(text[i]);
                    i++;
                }
                else if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    sb.Append('\'');
                    i += 2;
                }
                else
                {
                    i++;
                    return sb.ToString();
                }
            }

            throw FilterError(text, "unterminated string literal");
        }

        private readonly struct Token
        {
            public Token(bool isString, string text)
            {
                IsString = isString;
                Text = text;
            }

            public bool IsString { get; }
            public string Text { get; }
        }

        private static GraphErrorException FilterError(string text, string detail)
            => GraphErrorException.BadRequest($"Invalid value for the query option '$filter': {detail}. Filter: {text}");
    }
}
