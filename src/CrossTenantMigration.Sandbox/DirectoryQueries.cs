using System.Net;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>GET /users/{id | userPrincipalName}: one user of the directory, with $select, or Graph's 404 for a directory object.</summary>
    internal sealed class DirectoryQueries
    {
        private readonly UserDirectory _directory;

        public DirectoryQueries(UserDirectory directory) => _directory = directory;

        public ServiceResponse GetUser(RequestContext ctx, Route route, ODataQuery query)
        {
            string key = route.DirectoryKey!;
            var user = _directory.Find(key) ?? throw GraphErrorException.ResourceNotFound(key);
            string context = JobJson.MetadataUrl(ctx, "users" + JobJson.SelectSuffix(query) + "/$entity");
            return ServiceResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", context);
                w.WriteString("id", user.Id);
                if (query.Wants("userPrincipalName"))
                {
                    w.WriteString("userPrincipalName", user.UserPrincipalName);
                }

                if (query.Wants("displayName"))
                {
                    JsonWriting.WriteNullableString(w, "displayName", user.DisplayName);
                }

                w.WriteEndObject();
            });
        }
    }
}
