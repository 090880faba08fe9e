using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>The collections: jobs (newest first, $filter, $count) and a job's users (in the order of resources), paged by skip token.</summary>
    internal sealed class JobQueries
    {
        private readonly SandboxOptions _options;
        private readonly JobStore _store;
        private readonly JobJson _json;

        public JobQueries(SandboxOptions options, JobStore store, JobJson json)
        {
            _options = options;
            _store = store;
            _json = json;
        }

        /// <summary>GET .../crossTenantMigrationJobs/$count (text/plain).</summary>
        public ServiceResponse CountJobs(ODataQuery query)
            => ServiceResponse.Text(FilterJobs(query).Count().ToString(CultureInfo.InvariantCulture));

        public IEnumerable<JobRecord> FilterJobs(ODataQuery query)
        {
            IEnumerable<JobRecord> jobs = _store.Jobs;
            if (query.Filter != null)
            {
                foreach (var clause in query.Filter)
                {
                    var c = clause;
                    switch (c.Property)
                    {
                        case "status":
                            jobs = jobs.Where(j => j.Status == c.Value);
                            break;
                        case "jobType":
                            jobs = jobs.Where(j => j.JobType == c.Value);
                            break;
                        default:
                            if (_options.RefuseDisplayNameFilter)
                            {
                                throw GraphErrorException.BadRequest("Invalid filter clause: the property 'displayName' cannot be filtered on.");
                            }

                            jobs = jobs.Where(j => string.Equals(j.DisplayName, c.Value, StringComparison.OrdinalIgnoreCase));
                            break;
                    }
                }
            }

            return jobs;
        }

        public ServiceResponse ListJobs(RequestContext ctx, ODataQuery query)
        {
            const string scope = "jobs";
            var all = FilterJobs(query).OrderByDescending(j => j.Sequence).ToList();
            IEnumerable<JobRecord> remaining = all;
            if (query.SkipToken != null)
            {
                long after = SkipToken.Decode(query.SkipToken, scope);
                remaining = all.Where(j => j.Sequence < after);
            }

            int size = query.Top ?? Math.Max(1, _options.PageSize);
            var rest = remaining.ToList();
            var page = rest.Take(size).ToList();
            string? next = rest.Count > size ? query.NextLink(ctx, SkipToken.Encode(scope, page[page.Count - 1].Sequence)) : null;
            return ServiceResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", JobJson.MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs{JobJson.SelectSuffix(query)}"));
                if (query.Count)
                {
                    w.WriteNumber("@odata.count", all.Count);
                }

                if (next != null)
                {
                    w.WriteString("@odata.nextLink", next);
                }

                w.WriteStartArray("value");
                foreach (var job in page)
                {
                    _json.WriteJob(w, job, query, null, isCreate: false);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public ServiceResponse ListUsers(RequestContext ctx, JobRecord job, ODataQuery query, DateTimeOffset now)
        {
            string scope = "users:" + job.Id;
            int start = 0;
            if (query.SkipToken != null)
            {
                start = (int)Math.Min(int.MaxValue, Math.Max(0, SkipToken.Decode(query.SkipToken, scope) + 1));
            }

            int size = query.Top ?? Math.Max(1, _options.PageSize);
            var page = job.Users.Skip(start).Take(size).ToList();
            bool more = start + page.Count < job.Users.Count;
            string? next = more ? query.NextLink(ctx, SkipToken.Encode(scope, page[page.Count - 1].Index)) : null;
            return ServiceResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", JobJson.MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs('{job.Id}')/users{JobJson.SelectSuffix(query)}"));
                if (query.Count)
                {
                    w.WriteNumber("@odata.count", job.Users.Count);
                }

                if (next != null)
                {
                    w.WriteString("@odata.nextLink", next);
                }

                w.WriteStartArray("value");
                foreach (var user in page)
                {
                    _json.WriteTask(w, job, user, query, now, null);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
    }
}
