using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Tasks;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// The sandbox's own bearer tokens: 32 random bytes each, base64url, that mean something only to the instance that
    /// issued them, which keeps who each names and until when (real time, not the sandbox's clock). Nothing is signed
    /// or parsed, so the shipped sandbox needs no token library.
    /// </summary>
    internal sealed class OpaqueTokens : ICallerAuthenticator
    {
        private const string Expired = "Lifetime validation failed, the token is expired.";
        private const string Unknown = "Invalid token: this sandbox did not issue it.";

        private readonly ConcurrentDictionary<string, Issued> _issued = new ConcurrentDictionary<string, Issued>(StringComparer.Ordinal);

        /// <summary>The administrator a sandbox connection signs in as: it may migrate, and read users by name.</summary>
        public static SandboxCaller Administrator()
        {
            var caller = new SandboxCaller
            {
                ObjectId = "a0d9fdb1-171f-4e2b-8a82-06775ad24790",
                Upn = "admin@contoso.onmicrosoft.com",
                AppId = "6731de76-14a6-49ae-97bc-6eba6914391e",
            };
            caller.Permissions.Add(SandboxCaller.ReadWritePermission);
            caller.Permissions.Add(SandboxCaller.UserReadBasicPermission);
            return caller;
        }

        /// <summary>A token for <paramref name="caller"/> that this instance accepts for <paramref name="lifetime"/> (zero or less: already expired).</summary>
        public SandboxToken Issue(SandboxCaller caller, TimeSpan lifetime)
        {
            if (caller == null) throw new ArgumentNullException(nameof(caller));
            var now = DateTimeOffset.UtcNow;
            ForgetExpired(now);
            var expiresOn = now + lifetime;
            string token = NewToken();
            _issued[token] = new Issued(caller, expiresOn);
            return new SandboxToken(token, expiresOn);
        }

        public Task<CallerAuthentication> AuthenticateAsync(string bearerToken)
        {
            if (!_issued.TryGetValue(bearerToken, out var issued))
            {
                return Task.FromResult(CallerAuthentication.Refused(Unknown));
            }

            return Task.FromResult(issued.ExpiresOn <= DateTimeOffset.UtcNow
                ? CallerAuthentication.Refused(Expired)
                : CallerAuthentication.Accepted(issued.Caller));
        }

        // Expired tokens stay known (and told apart from forged ones) for a day, then go.
        private void ForgetExpired(DateTimeOffset now)
        {
            foreach (var pair in _issued)
            {
                if (pair.Value.ExpiresOn < now - TimeSpan.FromDays(1))
                {
                    _issued.TryRemove(pair.Key, out _);
                }
            }
        }

        private static string NewToken()
        {
            var bytes = new byte[32];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            return Base64Url.Encode(bytes);
        }

        private sealed class Issued
        {
            public Issued(SandboxCaller caller, DateTimeOffset expiresOn)
            {
                Caller = caller;
                ExpiresOn = expiresOn;
            }

            public SandboxCaller Caller { get; }
            public DateTimeOffset ExpiresOn { get; }
        }
    }
}
