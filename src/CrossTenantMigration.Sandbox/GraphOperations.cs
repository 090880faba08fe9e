using System;
using System.Globalization;
using System.Net;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>Runs an authorized request on its route: the dispatch from a parsed route to the operation. Called under the job store's lock.</summary>
    internal sealed class GraphOperations
    {
        private readonly JobStore _store;
        private readonly JobJson _json;
        private readonly CreateRules _create;
        private readonly JobChanges _changes;
        private readonly JobQueries _queries;

        public GraphOperations(SandboxOptions options, JobStore store)
        {
            _store = store;
            _json = new JobJson(options);
            _create = new CreateRules(options, store, _json);
            _changes = new JobChanges(options, store, _json);
            _queries = new JobQueries(options, store, _json);
        }

        public ServiceResponse Execute(RequestContext ctx, Route route, ODataQuery query, SandboxCaller caller, DateTimeOffset now)
        {
            switch (route.Kind)
            {
                case RouteKind.MigrationsRoot:
                    return MigrationsRoot(ctx);
                case RouteKind.Jobs:
                    return ctx.Method == "POST" ? _create.Create(ctx, caller, now) : _queries.ListJobs(ctx, query);
                case RouteKind.JobsCount:
                    return _queries.CountJobs(query);
                case RouteKind.Job:
                    return OnJob(ctx, _store.Find(route.Job!), query, now);
                case RouteKind.JobAction:
                    RequestBody.EnsureNoActionBody(ctx);
                    return OnAction(ctx, route.Action!, _store.Find(route.Job!), now);
                case RouteKind.Users:
                    return _queries.ListUsers(ctx, _store.Find(route.Job!), query, now);
                case RouteKind.UsersCount:
                    return ServiceResponse.Text(_store.Find(route.Job!).Users.Count.ToString(CultureInfo.InvariantCulture));
                case RouteKind.User:
                    return User(ctx, _store.Find(route.Job!), route.UserId!, query, now);
                case RouteKind.UserCancel:
                    RequestBody.EnsureNoActionBody(ctx);
                    var parent = _store.Find(route.Job!);
                    return _changes.CancelUser(parent, JobStore.FindUser(parent, route.UserId!), now);
                default:
                    throw GraphErrorException.NotFound("The requested resource does not exist.");
            }
        }

        private static ServiceResponse MigrationsRoot(RequestContext ctx)
            => ServiceResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", JobJson.MetadataUrl(ctx, "solutions/migrations/$entity"));
                w.WriteString("id", "migrations");
                w.WriteEndObject();
            });

        private ServiceResponse OnJob(RequestContext ctx, JobRecord job, ODataQuery query, DateTimeOffset now)
        {
            switch (ctx.Method)
            {
                case "PATCH": return _changes.Update(ctx, job, now);
                case "DELETE": return _changes.Delete(job, now);
                default: return _json.JobResponse(job, query, HttpStatusCode.OK, JobJson.EntityContext(ctx, query), isCreate: false);
            }
        }

        private ServiceResponse OnAction(RequestContext ctx, string action, JobRecord job, DateTimeOffset now)
        {
            switch (action)
            {
                case "validate": return _changes.Validate(ctx, job, now);
                case "migrate": return _changes.Migrate(ctx, job, now);
                default: return _changes.CancelJob(job, now);
            }
        }

        private ServiceResponse User(RequestContext ctx, JobRecord job, string userId, ODataQuery query, DateTimeOffset now)
        {
            var user = JobStore.FindUser(job, userId);
            string context = JobJson.MetadataUrl(ctx, $"solutions/migrations/crossTenantMigrationJobs('{job.Id}')/users{JobJson.SelectSuffix(query)}/$entity");
            return ServiceResponse.Json(HttpStatusCode.OK, w => _json.WriteTask(w, job, user, query, now, context));
        }
    }
}
