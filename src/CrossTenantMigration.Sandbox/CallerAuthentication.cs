using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// How the service knows who calls it: from the bearer token of a request, the caller or the reason for a 401. The
    /// sandbox's own accepts the opaque tokens it issued; a host that issues tokens of its own (the test emulator's
    /// Entra ID token service) puts its authenticator in place of it (<see cref="SandboxHost(SandboxOptions, ICallerAuthenticator)"/>).
    /// </summary>
    public interface ICallerAuthenticator
    {
        /// <summary>Who presents <paramref name="bearerToken"/> (the text after "Bearer ", never empty), or why the service turns it away.</summary>
        Task<CallerAuthentication> AuthenticateAsync(string bearerToken);
    }

    /// <summary>What the service knows of a caller: who it is and the permissions its token grants.</summary>
    public sealed class SandboxCaller
    {
        /// <summary>The permission a read needs, unless the caller has <see cref="ReadWritePermission"/>.</summary>
        public const string ReadPermission = "CrossTenantContentMigration.Read.All";

        /// <summary>The permission every change needs.</summary>
        public const string ReadWritePermission = "CrossTenantContentMigration.ReadWrite.All";

        /// <summary>The least permission that reads a user of the directory (its basic profile: id, name, display name).</summary>
        public const string UserReadBasicPermission = "User.ReadBasic.All";

        /// <summary>Each of these lets a caller read a user of the directory (GET /users/{id | userPrincipalName}).</summary>
        public static IReadOnlyList<string> DirectoryReadPermissions { get; } = new[]
        {
            UserReadBasicPermission, "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All",
        };

        /// <summary>The caller's object id (a job's createdBy when the documented quirks are on).</summary>
        public string ObjectId { get; set; } = "";

        /// <summary>The signed-in user of a delegated token; null for an application.</summary>
        public string? Upn { get; set; }

        /// <summary>The application the token was issued to.</summary>
        public string? AppId { get; set; }

        /// <summary>Delegated and application permissions alike (names compared case-insensitively).</summary>
        public ISet<string> Permissions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>How a job's createdBy names the caller without the quirks: the user, else the application, else the object.</summary>
        internal string DisplayIdentity => Upn ?? AppId ?? ObjectId;
    }

    /// <summary>The answer of an <see cref="ICallerAuthenticator"/>: a caller, or the message of the 401.</summary>
    public sealed class CallerAuthentication
    {
        private CallerAuthentication(SandboxCaller? caller, string? failure)
        {
            Caller = caller;
            Failure = failure;
        }

        /// <summary>The caller when the token was accepted; null otherwise.</summary>
        public SandboxCaller? Caller { get; }

        /// <summary>Why the token was turned away (the 401's message); null when it was accepted.</summary>
        public string? Failure { get; }

        /// <summary>The token is good: this is who presents it.</summary>
        public static CallerAuthentication Accepted(SandboxCaller caller) =>
            new CallerAuthentication(caller ?? throw new ArgumentNullException(nameof(caller)), null);

        /// <summary>The token is turned away for this reason.</summary>
        public static CallerAuthentication Refused(string reason) =>
            new CallerAuthentication(null, string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("A reason is required.", nameof(reason)) : reason);
    }
}
