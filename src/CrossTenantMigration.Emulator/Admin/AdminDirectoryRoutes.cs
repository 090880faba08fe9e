using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;

namespace CrossTenantMigration.Emulator
{
    /// <summary>The admin routes of the sandbox's directory: the users behind GET /users and JSON batches.</summary>
    internal sealed class AdminDirectoryRoutes
    {
        private static readonly string[] Properties = { "id", "userPrincipalName", "displayName" };

        private readonly MigrationServiceEmulator _emulator;

        public AdminDirectoryRoutes(MigrationServiceEmulator emulator) => _emulator = emulator;

        public void Map(AdminRouteTable routes)
        {
            routes.Add("PUT", "directory/users", AddUsers);
            routes.Add("GET", "directory/users", _ => ListUsers());
            routes.Add("DELETE", "directory/users", _ => AdminServiceRoutes.NoContent(_emulator.Sandbox.ClearDirectory));
        }

        /// <summary>A JSON array of {id, userPrincipalName, displayName} (one object for one user): each added, or replacing the user of its id; all or none.</summary>
        private EmulatorResponse AddUsers(EmulatorRequest ctx)
        {
            var users = ReadUsers(ctx);
            try
            {
                _emulator.Sandbox.AddDirectoryUsers(users);
            }
            catch (ArgumentException e)
            {
                throw AdminError.BadRequest(e.Message);
            }

            return EmulatorResponse.Empty(HttpStatusCode.NoContent);
        }

        private EmulatorResponse ListUsers()
        {
            var users = _emulator.Sandbox.GetDirectoryUsers();
            return EmulatorResponse.Json(HttpStatusCode.OK, w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("value");
                foreach (var user in users)
                {
                    w.WriteStartObject();
                    w.WriteString("id", user.Id);
                    w.WriteString("userPrincipalName", user.UserPrincipalName);
                    w.WriteString("displayName", user.DisplayName);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        private static List<SandboxDirectoryUser> ReadUsers(EmulatorRequest ctx)
        {
            if (!ctx.HasBody)
            {
                throw AdminError.BadRequest("The body must be a JSON array of users: [{\"id\",\"userPrincipalName\",\"displayName\"}].");
            }

            try
            {
                using var doc = JsonDocument.Parse(ctx.Body);
                var root = doc.RootElement;
                var items = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList()
                    : root.ValueKind == JsonValueKind.Object ? new List<JsonElement> { root }
                    : throw AdminError.BadRequest("The body must be a JSON array of users: [{\"id\",\"userPrincipalName\",\"displayName\"}].");
                return items.Select((item, i) => ReadUser(item, i + 1)).ToList();
            }
            catch (JsonException e)
            {
                throw AdminError.BadRequest("The admin request body is not valid JSON: " + e.Message);
            }
        }

        private static SandboxDirectoryUser ReadUser(JsonElement item, int position)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw AdminError.BadRequest($"User {position} is not an object.");
            }

            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in item.EnumerateObject())
            {
                string? name = Properties.FirstOrDefault(p => string.Equals(p, property.Name, StringComparison.OrdinalIgnoreCase));
                if (name == null)
                {
                    throw AdminError.BadRequest($"User {position}: unknown property '{property.Name}'. Known: {string.Join(", ", Properties)}.");
                }

                if (property.Value.ValueKind != JsonValueKind.String && property.Value.ValueKind != JsonValueKind.Null)
                {
                    throw AdminError.BadRequest($"User {position}: '{name}' must be a string.");
                }

                values[name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }

            values.TryGetValue("id", out var id);
            values.TryGetValue("userPrincipalName", out var userPrincipalName);
            values.TryGetValue("displayName", out var displayName);
            return new SandboxDirectoryUser(id, userPrincipalName, displayName);
        }
    }
}
