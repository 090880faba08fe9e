using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>
    /// The connected (target) tenant's directory, for the cmdlets that take or show user principal names: users looked
    /// up by name or object id in batches, and every user found remembered for the connection, so that a key is sent
    /// once and a user found by one key is known by the other. A key not found, refused or failed is asked again next
    /// time: the user may have been created, or the permission granted, since.
    /// </summary>
    public sealed class DirectoryResolver
    {
        private readonly IMigrationTransport _transport;
        private readonly ConcurrentDictionary<string, DirectoryUser> _found = new ConcurrentDictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);

        public DirectoryResolver(IMigrationTransport transport) => _transport = transport;

        /// <summary>How a key is compared and sent: an object id in its canonical form, a name trimmed (and compared in any case).</summary>
        public static string KeyOf(string idOrName)
        {
            var key = idOrName.Trim();
            return Guid.TryParse(key, out var id) ? id.ToString("D") : key;
        }

        /// <summary>How many keys (names and ids) the connection knows a user by.</summary>
        public int KnownKeys => _found.Count;

        /// <summary>
        /// The directory's answer for each key (a user principal name or an object id), by <see cref="KeyOf"/> in any
        /// case: from what the connection knows, else from one batched lookup of the rest, at most
        /// <paramref name="concurrency"/> batches at once. Only a failure of the whole lookup is a <see cref="ServiceException"/>.
        /// </summary>
        public async Task<IReadOnlyDictionary<string, DirectoryLookup>> LookUpAsync(IEnumerable<string> keys, int concurrency, CancellationToken cancellationToken)
        {
            var answers = new Dictionary<string, DirectoryLookup>(StringComparer.OrdinalIgnoreCase);
            var asked = new List<string>();
            foreach (var key in keys.Select(KeyOf).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (_found.TryGetValue(key, out var user)) answers[key] = DirectoryLookup.Found(key, user);
                else asked.Add(key);
            }
            if (asked.Count == 0) return answers;

            foreach (var lookup in await _transport.LookUpUsersAsync(asked, concurrency, cancellationToken).ConfigureAwait(false))
            {
                answers[lookup.Key] = lookup;
                if (lookup.User != null) Remember(lookup.User);
            }
            foreach (var key in asked)
                if (!answers.ContainsKey(key)) answers[key] = DirectoryLookup.Failed(key, "the directory's answer left it out");
            return answers;
        }

        private void Remember(DirectoryUser user)
        {
            _found[user.Id] = user;
            if (!string.IsNullOrWhiteSpace(user.UserPrincipalName)) _found[user.UserPrincipalName!.Trim()] = user;
        }
    }
}
