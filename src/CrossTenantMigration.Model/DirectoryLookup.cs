using System;

namespace CrossTenantMigration
{
    /// <summary>A user of the connected (target) tenant's directory, as a lookup by name or id found it.</summary>
    public sealed class DirectoryUser
    {
        public DirectoryUser(string id, string? userPrincipalName, string? displayName)
        {
            Id = id;
            UserPrincipalName = userPrincipalName;
            DisplayName = displayName;
        }

        /// <summary>The object id, in the canonical GUID form (lower case, with hyphens).</summary>
        public string Id { get; }
        public string? UserPrincipalName { get; }
        public string? DisplayName { get; }

        public override string ToString() => UserPrincipalName ?? Id;
    }

    /// <summary>How the directory answered for one key.</summary>
    public enum DirectoryLookupStatus
    {
        Found,
        /// <summary>No user has that name or id (HTTP 404, Request_ResourceNotFound).</summary>
        NotFound,
        /// <summary>The token may not read users (HTTP 403): see <see cref="DirectoryPermissions"/>.</summary>
        Refused,
        /// <summary>Any other failure, throttling that outlasted the retry policy included; the reason says which.</summary>
        Failed,
    }

    /// <summary>The directory's answer for one key: a user principal name or an object id.</summary>
    public sealed class DirectoryLookup
    {
        private DirectoryLookup(string key, DirectoryLookupStatus status, DirectoryUser? user, string? reason, int? httpStatus)
        {
            Key = key;
            Status = status;
            User = user;
            Reason = reason;
            HttpStatus = httpStatus;
        }

        /// <summary>The name or id looked up, as it was sent.</summary>
        public string Key { get; }
        public DirectoryLookupStatus Status { get; }
        /// <summary>The user, when found.</summary>
        public DirectoryUser? User { get; }
        /// <summary>Why a refused or failed lookup did not find the user, in words that follow "refused: " or "failed: ".</summary>
        public string? Reason { get; }
        public int? HttpStatus { get; }

        public static DirectoryLookup Found(string key, DirectoryUser user) =>
            new DirectoryLookup(key, DirectoryLookupStatus.Found, user ?? throw new ArgumentNullException(nameof(user)), null, 200);

        public static DirectoryLookup NotFound(string key) => new DirectoryLookup(key, DirectoryLookupStatus.NotFound, null, null, 404);

        public static DirectoryLookup Refused(string key, string reason, int? httpStatus = 403) =>
            new DirectoryLookup(key, DirectoryLookupStatus.Refused, null, reason, httpStatus);

        public static DirectoryLookup Failed(string key, string reason, int? httpStatus = null) =>
            new DirectoryLookup(key, DirectoryLookupStatus.Failed, null, reason, httpStatus);

        /// <summary>"'key' (not found)", "'key' (refused: …)": how an error or a warning names it.</summary>
        public string Describe()
        {
            switch (Status)
            {
                case DirectoryLookupStatus.Found: return $"'{Key}' ({User!.Id})";
                case DirectoryLookupStatus.NotFound: return $"'{Key}' (not found)";
                case DirectoryLookupStatus.Refused: return $"'{Key}' (refused: {Reason})";
                default: return $"'{Key}' (failed: {Reason})";
            }
        }

        public override string ToString() => Describe();
    }

    /// <summary>The Microsoft Graph permissions that let a token read users, and what to do without them.</summary>
    public static class DirectoryPermissions
    {
        public const string ReadBasic = "User.ReadBasic.All";
        public const string Read = "User.Read.All";

        /// <summary>What a refusal tells the user, to follow "The directory refused to look up users: ".</summary>
        public const string Advice =
            "the connection's token needs the Microsoft Graph permission " + ReadBasic + " (or " + Read + ") in the target tenant to read users by name or id. " +
            "With a delegated sign-in, connect again with -Scopes CrossTenantContentMigration.ReadWrite.All, " + ReadBasic + "; " +
            "for an application or a managed identity, grant it the application permission " + ReadBasic + " with admin consent.";
    }
}
