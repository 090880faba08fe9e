using System;
using System.Collections.Generic;
using System.Text;

namespace CrossTenantMigration.Sandbox
{
    internal enum RouteKind
    {
        MigrationsRoot,
        Jobs,
        JobsCount,
        Job,
        JobAction,
        Users,
        UsersCount,
        User,
        UserCancel,

        /// <summary>A JSON batch: POST /{version}/$batch.</summary>
        Batch,

        /// <summary>One user of the directory: /{version}/users/{id | userPrincipalName} or users('{key}').</summary>
        DirectoryUser,
    }

    /// <summary>How a job is addressed: by id or by the displayName alternate key.</summary>
    internal sealed class JobKey
    {
        public string? Id { get; set; }
        public string? DisplayName { get; set; }
    }

    /// <summary>A parsed Graph path.</summary>
    internal sealed class Route
    {
        public const string JobsSegment = "crossTenantMigrationJobs";
        public const string BatchSegment = "$batch";
        public const string UsersSegment = "users";

        private static readonly string[] NoOptions = new string[0];

        public RouteKind Kind { get; private set; }
        public JobKey? Job { get; private set; }

        /// <summary>validate, migrate or cancel.</summary>
        public string? Action { get; private set; }
        public string? UserId { get; private set; }

        /// <summary>The object id or user principal name of a directory user.</summary>
        public string? DirectoryKey { get; private set; }

        public string[] Methods { get; private set; } = NoOptions;

        public string[] Selectable
        {
            get
            {
                switch (Kind)
                {
                    case RouteKind.Users:
                    case RouteKind.User:
                        return ODataQuery.TaskProperties;
                    case RouteKind.DirectoryUser:
                        return ODataQuery.DirectoryUserProperties;
                    default:
                        return ODataQuery.JobProperties;
                }
            }
        }

        public string[] AllowedQueryOptions(string method)
        {
            if (method != "GET")
            {
                return NoOptions;
            }

            switch (Kind)
            {
                case RouteKind.Jobs: return new[] { "$top", "$skiptoken", "$filter", "$count", "$select" };
                case RouteKind.JobsCount: return new[] { "$filter" };
                case RouteKind.Job: return new[] { "$select" };
                case RouteKind.Users: return new[] { "$top", "$skiptoken", "$count", "$select" };
                case RouteKind.User: return new[] { "$select" };
                case RouteKind.DirectoryUser: return new[] { "$select" };
                default: return NoOptions;
            }
        }

        /// <summary>
        /// True for a create (POST to the jobs collection) whatever the case of its segments; decided before the
        /// request is parsed, so that a fault can wait for it.
        /// </summary>
        public static bool IsCreate(RequestContext ctx)
        {
            var s = ctx.Segments;
            return ctx.Method == "POST" && s.Count == 4
                && (string.Equals(s[0], "v1.0", StringComparison.OrdinalIgnoreCase) || string.Equals(s[0], "beta", StringComparison.OrdinalIgnoreCase))
                && string.Equals(s[1], "solutions", StringComparison.OrdinalIgnoreCase)
                && string.Equals(s[2], "migrations", StringComparison.OrdinalIgnoreCase)
                && string.Equals(s[3], JobsSegment, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>True for a JSON batch (POST /{version}/$batch), decided before the request is parsed, so that it is counted as one.</summary>
        public static bool IsBatch(RequestContext ctx)
            => ctx.Method == "POST" && ctx.Segments.Count == 2 && IsVersion(ctx.Segments[0]) && string.Equals(ctx.Segments[1], BatchSegment, StringComparison.OrdinalIgnoreCase);

        /// <summary>True for a request under /{version}/users, decided before the request is parsed, so that it is counted as a lookup.</summary>
        public static bool IsUserLookup(RequestContext ctx)
            => ctx.Segments.Count >= 2 && IsVersion(ctx.Segments[0]) && IsUsersSegment(ctx.Segments[1]);

        private static bool IsVersion(string segment)
            => string.Equals(segment, "v1.0", StringComparison.OrdinalIgnoreCase) || string.Equals(segment, "beta", StringComparison.OrdinalIgnoreCase);

        private static bool IsUsersSegment(string segment)
            => string.Equals(segment, UsersSegment, StringComparison.OrdinalIgnoreCase)
               || (segment.StartsWith(UsersSegment + "(", StringComparison.OrdinalIgnoreCase) && segment.EndsWith(")", StringComparison.Ordinal));

        public static Route Parse(RequestContext ctx)
        {
            var s = ctx.Segments;
            if (s.Count == 0)
            {
                throw GraphErrorException.NotFound("The requested resource does not exist. Use /v1.0 or /beta.");
            }

            if (string.Equals(s[0], "v1.0", StringComparison.OrdinalIgnoreCase))
            {
                ctx.ApiVersion = "v1.0";
            }
            else if (string.Equals(s[0], "beta", StringComparison.OrdinalIgnoreCase))
            {
                ctx.ApiVersion = "beta";
            }
            else
            {
                throw GraphErrorException.NotFound($"The requested resource '/{s[0]}' does not exist. Use /v1.0 or /beta.");
            }

            if (s.Count >= 2 && string.Equals(s[1], BatchSegment, StringComparison.OrdinalIgnoreCase))
            {
                EnsureEnd(s, 2);
                return new Route { Kind = RouteKind.Batch, Methods = new[] { "POST" } };
            }

            if (s.Count >= 2 && IsUsersSegment(s[1]))
            {
                return ParseDirectoryUser(s);
            }

            if (s.Count < 3)
            {
                throw GraphErrorException.NotFound("The requested resource does not exist.");
            }

            Expect(s[1], "solutions");
            Expect(s[2], "migrations");
            return s.Count == 3 ? new Route { Kind = RouteKind.MigrationsRoot, Methods = new[] { "GET" } } : ParseJobs(s);
        }

        /// <summary>
        /// One user of the directory: users/{key} or users('{key}'), the key an object id or a user principal name. A
        /// key that starts with $ would read as a system segment (users/$count), so Graph asks for such a name in quotes.
        /// </summary>
        private static Route ParseDirectoryUser(List<string> s)
        {
            string users = s[1];
            string key;
            if (string.Equals(users, UsersSegment, StringComparison.OrdinalIgnoreCase))
            {
                if (s.Count == 2)
                {
                    throw GraphErrorException.BadRequest("Listing users is not emulated: the sandbox's directory answers one user at a time, /users/{id | userPrincipalName}.");
                }

                key = s[2];
                if (key.StartsWith("$", StringComparison.Ordinal))
                {
                    throw SegmentError(key);
                }

                EnsureEnd(s, 3);
            }
            else
            {
                key = ParseStringLiteral(users.Substring(UsersSegment.Length + 1, users.Length - UsersSegment.Length - 2).Trim());
                EnsureEnd(s, 2);
            }

            return new Route { Kind = RouteKind.DirectoryUser, DirectoryKey = key, Methods = new[] { "GET" } };
        }

        /// <summary>From the jobs segment on: the collection, its $count, or one job by key and what lies under it.</summary>
        private static Route ParseJobs(List<string> s)
        {
            int i = 3;
            string jobs = s[i];
            JobKey key;
            if (string.Equals(jobs, JobsSegment, StringComparison.OrdinalIgnoreCase))
            {
                i++;
                if (i == s.Count)
                {
                    return new Route { Kind = RouteKind.Jobs, Methods = new[] { "GET", "POST" } };
                }

                if (s[i] == "$count")
                {
                    EnsureEnd(s, i + 1);
                    return new Route { Kind = RouteKind.JobsCount, Methods = new[] { "GET" } };
                }

                key = new JobKey { Id = s[i] };
            }
            else if (jobs.StartsWith(JobsSegment + "(", StringComparison.OrdinalIgnoreCase) && jobs.EndsWith(")", StringComparison.Ordinal))
            {
                key = ParseKeySegment(jobs.Substring(JobsSegment.Length + 1, jobs.Length - JobsSegment.Length - 2));
            }
            else
            {
                throw SegmentError(jobs);
            }

            return ParseJob(s, i + 1, key);
        }

        /// <summary>Under one job (from segment <paramref name="i"/>): the job itself, an action, or its users.</summary>
        private static Route ParseJob(List<string> s, int i, JobKey key)
        {
            if (i == s.Count)
            {
                return new Route { Kind = RouteKind.Job, Job = key, Methods = new[] { "GET", "PATCH", "DELETE" } };
            }

            string next = s[i];
            string? action = ActionName(next, "validate") ?? ActionName(next, "migrate") ?? ActionName(next, "cancel");
            if (action != null)
            {
                EnsureEnd(s, i + 1);
                return new Route { Kind = RouteKind.JobAction, Job = key, Action = action, Methods = new[] { "POST" } };
            }

            if (!string.Equals(next, "users", StringComparison.OrdinalIgnoreCase))
            {
                throw SegmentError(next);
            }

            i++;
            if (i == s.Count)
            {
                return new Route { Kind = RouteKind.Users, Job = key, Methods = new[] { "GET" } };
            }

            if (s[i] == "$count")
            {
                EnsureEnd(s, i + 1);
                return new Route { Kind = RouteKind.UsersCount, Job = key, Methods = new[] { "GET" } };
            }

            string userId = s[i];
            i++;
            if (i == s.Count)
            {
                return new Route { Kind = RouteKind.User, Job = key, UserId = userId, Methods = new[] { "GET" } };
            }

            if (ActionName(s[i], "cancel") != null)
            {
                EnsureEnd(s, i + 1);
                return new Route { Kind = RouteKind.UserCancel, Job = key, UserId = userId, Methods = new[] { "POST" } };
            }

            throw SegmentError(s[i]);
        }

        private static string? ActionName(string segment, string action)
            => string.Equals(segment, action, StringComparison.OrdinalIgnoreCase)
               || string.Equals(segment, "microsoft.graph." + action, StringComparison.OrdinalIgnoreCase)
                ? action
                : null;

        private static void Expect(string segment, string expected)
        {
            if (!string.Equals(segment, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw SegmentError(segment);
            }
        }

        private static void EnsureEnd(List<string> s, int index)
        {
            if (index < s.Count)
            {
                throw SegmentError(s[index]);
            }
        }

        private static GraphErrorException SegmentError(string segment)
            => GraphErrorException.BadRequest($"Resource not found for the segment '{segment}'.");

        /// <summary>Parses the inside of <c>crossTenantMigrationJobs(...)</c>: <c>displayName='x'</c> or <c>'id'</c>.</summary>
        internal static JobKey ParseKeySegment(string inner)
        {
            string text = inner.Trim();
            int eq = text.IndexOf('=');
            if (eq > 0 && text.IndexOf('\'') > eq)
            {
                string name = text.Substring(0, eq).Trim();
                if (!string.Equals(name, "displayName", StringComparison.OrdinalIgnoreCase))
                {
                    throw GraphErrorException.BadRequest($"The key property '{name}' is not an alternate key of crossTenantMigrationJob. Use displayName.");
                }

                return new JobKey { DisplayName = ParseStringLiteral(text.Substring(eq + 1).Trim()) };
            }

            if (text.StartsWith("'", StringComparison.Ordinal))
            {
                return new JobKey { Id = ParseStringLiteral(text) };
            }

            throw GraphErrorException.BadRequest($"The key '{inner}' is not valid: use crossTenantMigrationJobs('{{id}}') or crossTenantMigrationJobs(displayName='{{name}}').");
        }

        /// <summary>An OData string literal: single quotes around, '' for a quote inside.</summary>
        internal static string ParseStringLiteral(string literal)
        {
            if (literal.Length < 2 || literal[0] != '\'' || literal[literal.Length - 1] != '\'')
            {
                throw GraphErrorException.BadRequest($"The key value {literal} is not a valid string literal: enclose it in single quotes.");
            }

            var sb = new StringBuilder();
            for (int i = 1; i < literal.Length - 1; i++)
            {
                char c = literal[i];
                if (c == '\'')
                {
                    if (i + 1 < literal.Length - 1 && literal[i + 1] == '\'')
                    {
                        sb.Append('\'');
                        i++;
                        continue;
                    }

                    throw GraphErrorException.BadRequest($"The key value {literal} is not a valid string literal: a single quote inside it must be doubled ('').");
                }

                sb.Append(c);
            }

            return sb.ToString();
        }
    }
}
