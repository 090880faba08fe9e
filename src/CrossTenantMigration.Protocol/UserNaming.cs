using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Protocol
{
    /// <summary>
    /// Fills in the names of one command's users (<see cref="MigrationUser.UserPrincipalName"/> and
    /// <see cref="MigrationUser.DisplayName"/>) from the directory, a page or a job at a time, and gathers what it could
    /// not fill in for the warnings the command gives once. Naming never fails the command: a user the directory does
    /// not have keeps its id, and once the directory refuses the token the command asks no more.
    /// </summary>
    public sealed class UserNaming
    {
        /// <summary>The most ids a warning lists.</summary>
        public const int IdsListed = 20;

        private readonly DirectoryResolver _directory;
        private readonly int _concurrency;
        // One lookup at a time, each of up to _concurrency batches: pages of several jobs named side by side stay within the bound.
        private readonly SemaphoreSlim _oneAtATime = new SemaphoreSlim(1);
        private readonly object _lock = new object();
        private readonly List<string> _notFound = new List<string>();
        private string? _refusal;
        private string? _failure;
        private int _failed;

        /// <param name="concurrency">At most this many batches of lookups under way at once, however many pages are named side by side.</param>
        public UserNaming(DirectoryResolver directory, int concurrency)
        {
            _directory = directory;
            _concurrency = Math.Max(1, concurrency);
        }

        /// <summary>Whether the directory refused the token: nothing more is asked.</summary>
        public bool Refused
        {
            get { lock (_lock) return _refusal != null; }
        }

        /// <summary>Fills in the names of <paramref name="users"/> that the directory has; only a cancellation ends it by an exception.</summary>
        public async Task NameAsync(IReadOnlyList<MigrationUser> users, CancellationToken cancellationToken)
        {
            if (users.Count == 0 || Refused) return;
            IReadOnlyDictionary<string, DirectoryLookup> lookups;
            await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Refused) return;
                lookups = await _directory.LookUpAsync(users.Select(u => u.Id), _concurrency, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException ex)
            {
                lock (_lock)
                {
                    _failure ??= ex.Message;
                    _failed += users.Count;
                }
                return;
            }
            finally
            {
                _oneAtATime.Release();
            }
            lock (_lock)
                foreach (var user in users)
                {
                    if (!lookups.TryGetValue(DirectoryResolver.KeyOf(user.Id), out var lookup)) continue;
                    switch (lookup.Status)
                    {
                        case DirectoryLookupStatus.Found:
                            user.UserPrincipalName = lookup.User!.UserPrincipalName;
                            user.DisplayName = lookup.User.DisplayName;
                            break;
                        case DirectoryLookupStatus.NotFound:
                            _notFound.Add(user.Id);
                            break;
                        case DirectoryLookupStatus.Refused:
                            _refusal ??= lookup.Reason;
                            break;
                        default:
                            _failure ??= lookup.Reason;
                            _failed++;
                            break;
                    }
                }
        }

        /// <summary>What could not be filled in, each kind told once: for the command's warnings once its users are named.</summary>
        public IReadOnlyList<string> Warnings()
        {
            lock (_lock)
            {
                var warnings = new List<string>();
                if (_refusal != null)
                    warnings.Add($"The users' names are not filled in, and they keep their ids: the directory refused to look them up ({_refusal}). {Capitalized(DirectoryPermissions.Advice)}");
                if (_notFound.Count > 0)
                {
                    var ids = string.Join(", ", _notFound.Take(IdsListed));
                    if (_notFound.Count > IdsListed) ids += $" and {_notFound.Count - IdsListed} more";
                    warnings.Add($"{_notFound.Count} user(s) are not in the target tenant's directory, so they keep their ids without a name: {ids}.");
                }
                if (_failed > 0)
                    warnings.Add($"The names of {_failed} user(s) could not be looked up, so they keep their ids without a name: {_failure}");
                return warnings;
            }
        }

        internal static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
