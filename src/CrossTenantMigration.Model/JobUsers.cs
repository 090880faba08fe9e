using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration
{
    /// <summary>
    /// One user of a job as the input gave it: an object id, a user principal name, or both (a CSV row with both
    /// columns, whose name then checks its id).
    /// </summary>
    public sealed class UserInput
    {
        public UserInput(string? id, string? userPrincipalName = null, long inputObject = 0)
        {
            Id = id;
            UserPrincipalName = userPrincipalName;
            InputObject = inputObject;
        }

        public string? Id { get; }
        public string? UserPrincipalName { get; }

        /// <summary>Which piped object gave the user (from 1), or 0 for a value given by name.</summary>
        public long InputObject { get; }

        /// <summary>How an error names the user: where it came from and what it gave.</summary>
        public string Describe()
        {
            var given = UserPrincipalName != null && Id != null ? $"id '{Id}' and name '{UserPrincipalName}'"
                : UserPrincipalName != null ? $"-UserPrincipalName '{UserPrincipalName}'"
                : $"-Resource '{Id}'";
            return InputObject > 0 ? $"input object {InputObject} ({given})" : given;
        }

        public override string ToString() => Describe();
    }

    /// <summary>
    /// The rules of a job's users when they may be given by name: checked as given before anything is sent, then
    /// once the directory has resolved the names, before anything is created.
    /// </summary>
    public static class JobUsers
    {
        /// <summary>
        /// The rules of the users as given: 1 to 2,000 of them (more when they are to be split), each an id (a GUID)
        /// or a name (<see cref="InputRules.UserPrincipalName"/>), no id and no name twice (names in any case).
        /// Returns them with canonical ids and trimmed names.
        /// </summary>
        public static IReadOnlyList<UserInput> Normalize(IReadOnlyList<UserInput> users, bool allowMoreThanMax = false)
        {
            JobDefinitionRules.CheckResourceCount(users.Count, allowMoreThanMax);
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var result = new List<UserInput>(users.Count);
            foreach (var user in users)
            {
                // A blank name beside an id is no name; without an id it is the user's only key, and so an error (as a blank id is).
                var name = string.IsNullOrWhiteSpace(user.UserPrincipalName) && (user.UserPrincipalName == null || user.Id != null)
                    ? null : NormalizeUserPrincipalName(user.UserPrincipalName);
                var id = name != null && string.IsNullOrWhiteSpace(user.Id) ? null : JobDefinitionRules.CanonicalResourceId(user.Id);
                if (id != null && !ids.Add(id)) throw JobDefinitionRules.DuplicateResource(id);
                if (name != null && !names.Add(name))
                    throw JobDefinitionRules.Fail(ErrorIds.DuplicateResourceId, "UserPrincipalName",
                        $"The -UserPrincipalName parameter lists '{name}' more than once (names are not case-sensitive); each user may appear once in a job.", name);
                result.Add(new UserInput(id, name, user.InputObject));
            }
            return result;
        }

        /// <summary>A user principal name, trimmed, or an InvalidUserPrincipalName error naming the parameter.</summary>
        public static string NormalizeUserPrincipalName(string? value, string parameterName = "UserPrincipalName")
        {
            if (InputRules.UserPrincipalName.Accepts(value)) return value!.Trim();
            var hint = InputRules.Guid.Accepts(value) ? " It looks like an object id: give it to -Resource." : "";
            throw JobDefinitionRules.Fail(ErrorIds.InvalidUserPrincipalName, parameterName,
                $"The -{parameterName} parameter takes {InputRules.UserPrincipalName.Description}; '{value}' is not one.{hint} Nothing was sent.", value);
        }

        /// <summary>The names to look up, each once.</summary>
        public static IReadOnlyList<string> NamesToResolve(IReadOnlyList<UserInput> users) =>
            users.Where(u => u.UserPrincipalName != null).Select(u => u.UserPrincipalName!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>
        /// The job's user ids in the input's order, once the names are resolved: a name gives its user's id, and a
        /// name beside an id must give that same id (ConflictingResourceId). A user given twice, by an id and a name or
        /// by two names, is a DuplicateResourceId. A name missing from <paramref name="resolved"/> (keyed in any case)
        /// leaves its id as given: only a name beside an id may be missing, the caller has told the others.
        /// </summary>
        public static IReadOnlyList<string> ResolvedIds(IReadOnlyList<UserInput> users, IReadOnlyDictionary<string, DirectoryUser> resolved)
        {
            var firstGiven = new Dictionary<string, UserInput>(StringComparer.OrdinalIgnoreCase);
            var result = new List<string>(users.Count);
            foreach (var user in users)
            {
                var found = user.UserPrincipalName != null && resolved.TryGetValue(user.UserPrincipalName, out var u) ? u : null;
                if (found != null && user.Id != null && !string.Equals(found.Id, user.Id, StringComparison.OrdinalIgnoreCase))
                    throw new InputValidationException(new InputError(ErrorIds.ConflictingResourceId, "Resource",
                        $"{Capitalized(user.Describe())} gives two users: the directory knows '{user.UserPrincipalName}' as user '{found.Id}', not '{user.Id}'. " +
                        "The module cannot tell which user is meant: correct the row, or keep only its id or only its name. No job was created.", user));
                var id = found?.Id ?? user.Id
                    ?? throw new ArgumentException($"The name '{user.UserPrincipalName}' is not resolved.", nameof(resolved));
                if (firstGiven.TryGetValue(id, out var first))
                    throw JobDefinitionRules.Fail(ErrorIds.DuplicateResourceId, user.UserPrincipalName != null ? "UserPrincipalName" : "Resource",
                        $"User '{id}' is given more than once: as {first.Describe()} and as {user.Describe()}. Each user may appear once in a job. No job was created.", id);
                firstGiven[id] = user;
                result.Add(id);
            }
            return result;
        }

        private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
