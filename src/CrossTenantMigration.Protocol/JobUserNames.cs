using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>The ids of a new job's users once their names are resolved, and what the command should warn of.</summary>
    public sealed class ResolvedJobUsers
    {
        public ResolvedJobUsers(IReadOnlyList<string> ids, int namesResolved, IReadOnlyList<string> warnings)
        {
            Ids = ids;
            NamesResolved = namesResolved;
            Warnings = warnings;
        }

        /// <summary>The users' object ids, in the input's order.</summary>
        public IReadOnlyList<string> Ids { get; }

        /// <summary>How many distinct names the directory resolved.</summary>
        public int NamesResolved { get; }

        /// <summary>Names beside ids that could not be checked: the ids stand.</summary>
        public IReadOnlyList<string> Warnings { get; }
    }

    /// <summary>
    /// Resolves the names of a new job's users before anything is created. A name that is a user's only key must
    /// resolve: every one that does not is named in one <see cref="UserPrincipalNameNotResolvedException"/>
    /// (PermissionDenied when the directory refused the token). A name beside an id only checks that id: a name of
    /// another user is a ConflictingResourceId, and a name the directory cannot answer for leaves the id as given, with
    /// a warning, so that a CSV file with both columns still makes its job with a token that may not read users.
    /// </summary>
    public static class JobUserNames
    {
        /// <summary>The most names a warning lists.</summary>
        public const int NamesListed = 20;

        /// <param name="users">The users as <see cref="JobUsers.Normalize"/> returned them.</param>
        /// <param name="concurrency">At most this many batches of lookups under way at once.</param>
        public static async Task<ResolvedJobUsers> ResolveAsync(DirectoryResolver directory, IReadOnlyList<UserInput> users, int concurrency, CancellationToken cancellationToken)
        {
            var names = JobUsers.NamesToResolve(users);
            var warnings = new List<string>();
            var resolved = new Dictionary<string, DirectoryUser>(StringComparer.OrdinalIgnoreCase);
            if (names.Count > 0)
            {
                var onlyKeys = users.Where(u => u.Id == null).Select(u => u.UserPrincipalName!).ToList();
                IReadOnlyDictionary<string, DirectoryLookup> lookups;
                try
                {
                    lookups = await directory.LookUpAsync(names, concurrency, cancellationToken).ConfigureAwait(false);
                }
                catch (ServiceException ex) when (onlyKeys.Count > 0)
                {
                    throw ex.WithMessage($"{ex.Message} No job was created: {onlyKeys.Count} user(s) were given by name alone.");
                }
                catch (ServiceException ex)
                {
                    warnings.Add($"The user principal names beside the ids could not be checked, and the ids were used as given: {ex.Message}");
                    lookups = new Dictionary<string, DirectoryLookup>();
                }
                DirectoryLookup Answer(string name) => lookups.TryGetValue(DirectoryResolver.KeyOf(name), out var lookup) ? lookup : DirectoryLookup.Failed(name, "not looked up");

                var unresolved = onlyKeys.Select(Answer).Where(l => l.Status != DirectoryLookupStatus.Found).ToList();
                if (unresolved.Count > 0) throw new UserPrincipalNameNotResolvedException(unresolved);

                foreach (var name in names)
                    if (Answer(name) is DirectoryLookup found && found.Status == DirectoryLookupStatus.Found) resolved[name] = found.User!;
                if (lookups.Count > 0) warnings.AddRange(Unchecked(users.Where(u => u.Id != null && u.UserPrincipalName != null).ToList(), Answer));
            }
            return new ResolvedJobUsers(JobUsers.ResolvedIds(users, resolved), resolved.Count, warnings);
        }

        /// <summary>The warnings for names beside ids that the directory did not resolve: each kind once.</summary>
        private static IEnumerable<string> Unchecked(IReadOnlyList<UserInput> checkedByName, Func<string, DirectoryLookup> answer)
        {
            var answers = checkedByName.Select(u => (User: u, Lookup: answer(u.UserPrincipalName!))).Where(a => a.Lookup.Status != DirectoryLookupStatus.Found).ToList();
            var refused = answers.FirstOrDefault(a => a.Lookup.Status == DirectoryLookupStatus.Refused).Lookup;
            if (refused != null)
                yield return $"The user principal names beside the ids could not be checked, and the ids were used as given: the directory refused to look them up ({refused.Reason}). " +
                    UserNaming.Capitalized(DirectoryPermissions.Advice);
            var notFound = answers.Where(a => a.Lookup.Status == DirectoryLookupStatus.NotFound).Select(a => a.User.Describe()).ToList();
            if (notFound.Count > 0)
                yield return $"{notFound.Count} name(s) beside an id are not in the target tenant's directory, and the ids were used as given: {Listed(notFound)}.";
            var failed = answers.Where(a => a.Lookup.Status == DirectoryLookupStatus.Failed).ToList();
            if (failed.Count > 0)
                yield return $"{failed.Count} name(s) beside an id could not be checked, and the ids were used as given: {Listed(failed.Select(a => a.Lookup.Describe()).ToList())}.";
        }

        private static string Listed(IReadOnlyList<string> items) =>
            string.Join(", ", items.Take(NamesListed)) + (items.Count > NamesListed ? $" and {items.Count - NamesListed} more" : "");
    }
}
