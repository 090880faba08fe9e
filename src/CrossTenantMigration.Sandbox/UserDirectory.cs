using System;
using System.Collections.Generic;
using System.Linq;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>What is wrong with users given to the directory.</summary>
    internal enum DirectoryUserFault
    {
        InvalidId,
        InvalidUserPrincipalName,
        Duplicate,
    }

    /// <summary>Why users given to the directory were refused: nothing was added.</summary>
    internal sealed class DirectoryUserRejection
    {
        public DirectoryUserRejection(DirectoryUserFault fault, string message, object? value)
        {
            Fault = fault;
            Message = message;
            Value = value;
        }

        public DirectoryUserFault Fault { get; }

        /// <summary>What is wrong, naming the user by its position among those given (1 for the first).</summary>
        public string Message { get; }

        /// <summary>The user refused.</summary>
        public object? Value { get; }
    }

    /// <summary>
    /// The target tenant's directory as the sandbox keeps it, for GET /users/{id | userPrincipalName}: users by object
    /// id and by user principal name, the name compared without regard to case (as Entra ID does). Thread-safe.
    /// </summary>
    internal sealed class UserDirectory
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, SandboxDirectoryUser> _byId = new Dictionary<string, SandboxDirectoryUser>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, SandboxDirectoryUser> _byName = new Dictionary<string, SandboxDirectoryUser>(StringComparer.OrdinalIgnoreCase);

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _byId.Count;
                }
            }
        }

        /// <summary>
        /// What is wrong with <paramref name="users"/> taken on their own: an id that is not a GUID, a name that is not
        /// name@domain, an id or a name given twice. Null when nothing is.
        /// </summary>
        public static DirectoryUserRejection? Check(IReadOnlyList<SandboxDirectoryUser?> users)
        {
            var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < users.Count; i++)
            {
                int position = i + 1;
                var user = users[i];
                if (user == null)
                {
                    return new DirectoryUserRejection(DirectoryUserFault.InvalidId, $"user {position} is empty: give an object with an Id and a UserPrincipalName.", null);
                }

                if (!Guid.TryParse(user.Id?.Trim(), out var id))
                {
                    string what = string.IsNullOrWhiteSpace(user.Id) ? "has no Id" : $"has the Id '{user.Id}', which is not an object id (a GUID)";
                    return new DirectoryUserRejection(DirectoryUserFault.InvalidId, $"user {position} ({user.UserPrincipalName ?? "no name"}) {what}.", user);
                }

                if (!IsUserPrincipalName(user.UserPrincipalName))
                {
                    string what = string.IsNullOrWhiteSpace(user.UserPrincipalName)
                        ? "has no UserPrincipalName"
                        : $"has the UserPrincipalName '{user.UserPrincipalName}', which is not name@domain (such as adele.vance@fabrikam.com)";
                    return new DirectoryUserRejection(DirectoryUserFault.InvalidUserPrincipalName, $"user {position} ({user.Id}) {what}.", user);
                }

                string key = id.ToString("D");
                if (ids.TryGetValue(key, out int first))
                {
                    return new DirectoryUserRejection(DirectoryUserFault.Duplicate, $"users {first} and {position} have the same Id '{key}'.", user);
                }

                string name = user.UserPrincipalName!.Trim();
                if (names.TryGetValue(name, out first))
                {
                    return new DirectoryUserRejection(DirectoryUserFault.Duplicate,
                        $"users {first} and {position} have the same UserPrincipalName '{name}' (names are compared without regard to case).", user);
                }

                ids[key] = position;
                names[name] = position;
            }

            return null;
        }

        /// <summary>
        /// Adds <paramref name="users"/>, each replacing the user of its id, all or none: a rejection, and nothing
        /// added, when they are wrong on their own (<see cref="Check"/>) or a name is another user's.
        /// </summary>
        public DirectoryUserRejection? Add(IReadOnlyList<SandboxDirectoryUser?> users)
        {
            var rejection = Check(users);
            if (rejection != null)
            {
                return rejection;
            }

            var normalized = users.Select(u => new SandboxDirectoryUser(Guid.Parse(u!.Id!.Trim()).ToString("D"), u.UserPrincipalName!.Trim(), u.DisplayName)).ToList();
            lock (_gate)
            {
                for (int i = 0; i < normalized.Count; i++)
                {
                    var user = normalized[i];
                    if (_byName.TryGetValue(user.UserPrincipalName!, out var holder) && !string.Equals(holder.Id, user.Id, StringComparison.OrdinalIgnoreCase))
                    {
                        return new DirectoryUserRejection(DirectoryUserFault.Duplicate,
                            $"user {i + 1} ({user.Id}) has the UserPrincipalName '{user.UserPrincipalName}', which another user of the directory holds ({holder.Id}).", users[i]);
                    }
                }

                foreach (var user in normalized)
                {
                    if (_byId.TryGetValue(user.Id!, out var replaced))
                    {
                        _byName.Remove(replaced.UserPrincipalName!);
                    }

                    _byId[user.Id!] = user;
                    _byName[user.UserPrincipalName!] = user;
                }
            }

            return null;
        }

        /// <summary>The user whose object id (a GUID) or user principal name is <paramref name="key"/>; null when there is none.</summary>
        public SandboxDirectoryUser? Find(string key)
        {
            lock (_gate)
            {
                if (Guid.TryParse(key, out var id))
                {
                    return _byId.TryGetValue(id.ToString("D"), out var byId) ? byId : null;
                }

                return _byName.TryGetValue(key, out var byName) ? byName : null;
            }
        }

        /// <summary>Every user, by user principal name.</summary>
        public IReadOnlyList<SandboxDirectoryUser> List()
        {
            lock (_gate)
            {
                return _byId.Values.OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ToList();
            }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _byId.Clear();
                _byName.Clear();
            }
        }

        /// <summary>
        /// name@domain: one @, a name before it, a domain of dot-separated labels after it, no white space. The shape
        /// only, not every rule of Entra ID, so that a guest's name (…#EXT#@…) passes.
        /// </summary>
        private static bool IsUserPrincipalName(string? value)
        {
            string text = value?.Trim() ?? "";
            int at = text.IndexOf('@');
            if (at <= 0 || at != text.LastIndexOf('@') || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                return false;
            }

            var labels = text.Substring(at + 1).Split('.');
            return labels.Length >= 2 && labels.All(label => label.Length > 0);
        }
    }
}
