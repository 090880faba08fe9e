using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CrossTenantMigration.Sandbox
{
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

        /// <summary>The properties of a user that the sandbox's directory keeps.</summary>
        public static readonly string[] DirectoryUserProperties = { "id", "userPrincipalName", "displayName" };

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

                q.Apply(known, value, selectable);
                if (known != "$skiptoken")
                {
                    q.Carried.Add(new KeyValuePair<string, string>(known, value));
                }
            }

            return q;
        }

        /// <summary>One known option's value, checked.</summary>
        private void Apply(string option, string value, string[] selectable)
        {
            switch (option)
            {
                case "$top":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int top) || top < 1 || top > 999)
                    {
                        throw GraphErrorException.BadRequest($"Invalid value '{value}' for the query option '$top': it must be an integer from 1 to 999.");
                    }

                    Top = top;
                    break;
                case "$count":
                    if (value != "true" && value != "false")
                    {
                        throw GraphErrorException.BadRequest($"Invalid value '{value}' for the query option '$count': it must be 'true' or 'false'.");
                    }

                    Count = value == "true";
                    break;
                case "$skiptoken":
                    if (value.Length == 0)
                    {
                        throw GraphErrorException.BadRequest("Invalid value for the query option '$skiptoken': it must not be empty.");
                    }

                    SkipToken = value;
                    break;
                case "$select":
                    Select = ParseSelect(value, selectable);
                    break;
                case "$filter":
                    Filter = FilterParser.Parse(value);
                    break;
            }
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

        public bool Wants(string property) => Select == null || property == "id" || Select.Contains(property);

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
