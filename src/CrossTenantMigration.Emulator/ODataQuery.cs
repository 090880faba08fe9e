using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
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

    /// <summary>Parsed and validated OData system query options of one request.</summary>
    internal sealed class ODataQuery
    {
        public int? Top { get; private set; }
        public string? SkipToken { get; private set; }
        public bool Count { get; private set; }
        public List<string>? Select { get; private set; }
        public List<FilterClause>? Filter { get; private set; }

        /// <summary>The options as received (for rebuilding a nextLink), without $skiptoken.</summary>
        public List<KeyValuePair<string, string>> Carried { get; } = new List<KeyValuePair<string, string>>();

        public static readonly string[] JobProperties =
        {
            "id", "displayName", "jobType", "status", "message", "completeAfterDateTime", "sourceTenantId",
            "targetTenantId", "exchangeSettings", "resourceType", "resources", "workloads", "createdBy",
            "createdDateTime", "lastUpdatedDateTime",
        };

        public static readonly string[] TaskProperties = { "id", "taskType", "lastUpdatedDateTime", "currentStatus" };

        private static readonly string[] FilterableJobProperties = { "status", "displayName", "jobType" };

        /// <summary>Parses the query; any option outside <paramref name="allowed"/> or malformed gives 400 invalidRequest naming it.</summary>
        public static ODataQuery Parse(RequestContext ctx, string[] allowed, string[] selectable)
        {
            var q = new ODataQuery();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in ctx.Query)
            {
                string name = kv.Key;
                string value = kv.Value;
                if (name.Length == 0)
                {
                    throw GraphErrorException.BadRequest("The query specified in the URI is not valid: an empty query option name was found.");
                }

                string? known = allowed.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));
                if (known == null)
                {
                    throw GraphErrorException.BadRequest(
                        allowed.Length == 0
                            ? $"The query option '{name}' is not supported: this request accepts no query options."
                            : $"The query option '{name}' is not supported on this request. Supported options: {string.Join(", ", allowed)}.");
                }

                if (!seen.Add(known))
                {
                    throw GraphErrorException.BadRequest($"The query option '{known}' was specified more than once.");
                }

                switch (known)
                {
                    case "$top":
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int top) || top < 1 || top > 999)
                        {
                            throw GraphErrorException.BadRequest($"Invalid value '{value}' for the query option '$top': it must be an integer from 1 to 999.");
                        }

                        q.Top = top;
                        break;
                    case "$count":
                        if (value == "true")
                        {
                            q.Count = true;
                        }
                        else if (value != "false")
                        {
                            throw GraphErrorException.BadRequest($"Invalid value '{value}' for the query option '$count': it must be 'true' or 'false'.");
                        }

                        break;
                    case "$skiptoken":
                        if (value.Length == 0)
                        {
                            throw GraphErrorException.BadRequest("Invalid value for the query option '$skiptoken': it must not be empty.");
                        }

                        q.SkipToken = value;
                        break;
                    case "$select":
                        q.Select = ParseSelect(value, selectable);
                        break;
                    case "$filter":
                        q.Filter = ParseFilter(value);
                        break;
                }

                if (known != "$skiptoken")
                {
                    q.Carried.Add(new KeyValuePair<string, string>(known, value));
                }
            }

            return q;
        }

        private static List<string> ParseSelect(string value, string[] selectable)
        {
            var result = new List<string>();
            foreach (var part in value.Split(','))
            {
                string p = part.Trim();
                string? prop = selectable.FirstOrDefault(s => string.Equals(s, p, StringComparison.OrdinalIgnoreCase));
                if (prop == null)
                {
                    throw GraphErrorException.BadRequest($"Invalid value for the query option '$select': could not find a property named '{p}'.");
                }

                if (!result.Contains(prop))
                {
                    result.Add(prop);
                }
            }

            return result;
        }

        /// <summary>Grammar: clause ( ' and ' clause )*, clause: property ' eq ' 'string' ('' escapes a quote).</summary>
        internal static List<FilterClause> ParseFilter(string text)
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

        public bool Wants(string property) => Select == null || property == "id" || Select.Contains(property);

        /// <summary>Builds an opaque continuation token.</summary>
        public static string EncodeSkipToken(string scope, long position)
        {
            var bytes = JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("s", scope);
                w.WriteNumber("p", position);
                w.WriteEndObject();
            });
            return Base64Url.Encode(bytes);
        }

        /// <summary>Decodes a continuation token for <paramref name="scope"/>; anything else is a 400.</summary>
        public static long DecodeSkipToken(string token, string scope)
        {
            try
            {
                using (var doc = JsonDocument.Parse(Base64Url.Decode(token)))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind == JsonValueKind.Object
                        && root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == scope
                        && root.TryGetProperty("p", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out long position))
                    {
                        return position;
                    }
                }
            }
            catch (FormatException)
            {
            }
            catch (JsonException)
            {
            }

            throw GraphErrorException.BadRequest("Invalid value for the query option '$skiptoken': the continuation token is malformed or belongs to another collection.");
        }

        /// <summary>An absolute nextLink: the request URL with the carried options and a new $skiptoken.</summary>
        public string NextLink(RequestContext ctx, string skipToken)
        {
            var sb = new StringBuilder();
            sb.Append(ctx.Uri.GetLeftPart(UriPartial.Path));
            char sep = '?';
            foreach (var kv in Carried)
            {
                sb.Append(sep).Append(kv.Key).Append('=').Append(Uri.EscapeDataString(kv.Value));
                sep = '&';
            }

            sb.Append(sep).Append("$skiptoken=").Append(Uri.EscapeDataString(skipToken));
            return sb.ToString();
        }
    }
}
