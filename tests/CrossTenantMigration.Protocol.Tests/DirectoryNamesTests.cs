using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Protocol.Tests
{
    /// <summary>
    /// Names in and out through the directory: the connection's cache, a new job's names resolved (or refused) before
    /// anything is created, and a command's users named without ever failing it.
    /// </summary>
    public class DirectoryNamesTests
    {
        private readonly FakeTransport _service = new FakeTransport();
        private readonly MigrationClient _client;
        private readonly CancellationToken _none = CancellationToken.None;

        public DirectoryNamesTests() => _client = new MigrationClient(new MigrationConnection(_service, TimeSpan.FromSeconds(15)));

        [Fact]
        public async Task A_key_found_once_is_not_sent_again_for_the_connection()
        {
            var adele = _service.AddDirectoryUser("adele@contoso.com");

            await _client.Directory.LookUpAsync(new[] { "adele@contoso.com" }, 4, _none);
            var again = await _client.Directory.LookUpAsync(new[] { "adele@contoso.com" }, 4, _none);

            Assert.Equal(1, _service.SendsOf("lookUp"));
            Assert.Equal(adele.Id, again["adele@contoso.com"].User!.Id);
        }

        [Fact]
        public async Task Names_are_compared_in_any_case_and_a_user_found_by_name_is_known_by_its_id()
        {
            var adele = _service.AddDirectoryUser("Adele.Vance@contoso.com");

            await _client.Directory.LookUpAsync(new[] { "ADELE.VANCE@CONTOSO.COM" }, 4, _none);
            var known = await _client.Directory.LookUpAsync(new[] { "adele.vance@contoso.com", adele.Id.ToUpperInvariant(), " " + adele.Id + " " }, 4, _none);

            Assert.Equal(1, _service.SendsOf("lookUp"));
            Assert.All(known.Values, l => Assert.Equal(adele.Id, l.User!.Id));
            Assert.True(known.ContainsKey("Adele.Vance@Contoso.com"));
        }

        [Fact]
        public async Task Only_the_keys_not_known_are_sent()
        {
            _service.AddDirectoryUser("a@contoso.com");
            _service.AddDirectoryUser("b@contoso.com");
            await _client.Directory.LookUpAsync(new[] { "a@contoso.com" }, 4, _none);

            await _client.Directory.LookUpAsync(new[] { "a@contoso.com", "b@contoso.com" }, 4, _none);

            Assert.Equal(new[] { "a@contoso.com", "b@contoso.com" }, _service.LookedUp);
        }

        [Fact]
        public async Task A_name_not_found_is_asked_again_since_the_user_may_have_been_created()
        {
            Assert.Equal(DirectoryLookupStatus.NotFound, (await _client.Directory.LookUpAsync(new[] { "new@contoso.com" }, 4, _none))["new@contoso.com"].Status);
            _service.AddDirectoryUser("new@contoso.com");

            Assert.Equal(DirectoryLookupStatus.Found, (await _client.Directory.LookUpAsync(new[] { "new@contoso.com" }, 4, _none))["new@contoso.com"].Status);
            Assert.Equal(2, _service.SendsOf("lookUp"));
        }

        [Fact]
        public async Task A_new_jobs_names_become_ids_in_the_inputs_order_beside_the_ids_given()
        {
            var adele = _service.AddDirectoryUser("adele@contoso.com");
            var alex = _service.AddDirectoryUser("alex@contoso.com");
            var given = Guid.NewGuid().ToString();
            var users = JobUsers.Normalize(new[] { new UserInput(null, " Adele@Contoso.com "), new UserInput(given), new UserInput(null, "alex@contoso.com") });

            var resolved = await _client.ResolveJobUsersAsync(users, 4, _none);

            Assert.Equal(new[] { adele.Id, given, alex.Id }, resolved.Ids);
            Assert.Empty(resolved.Warnings);
        }

        [Fact]
        public async Task Every_name_that_does_not_resolve_is_named_in_one_error()
        {
            _service.AddDirectoryUser("adele@contoso.com");
            var users = JobUsers.Normalize(new[] { new UserInput(null, "adele@contoso.com"), new UserInput(null, "nobody@contoso.com"), new UserInput(null, "typo@contoso.con") });

            var error = await Assert.ThrowsAsync<UserPrincipalNameNotResolvedException>(() => _client.ResolveJobUsersAsync(users, 4, _none));

            Assert.Equal(ErrorIds.UserPrincipalNameNotResolved, error.ErrorId);
            Assert.Equal(new[] { "nobody@contoso.com", "typo@contoso.con" }, error.Unresolved.Select(u => u.Key));
            Assert.Contains("'nobody@contoso.com' (not found)", error.Message);
            Assert.Contains("'typo@contoso.con' (not found)", error.Message);
            Assert.Contains("No job was created", error.Message);
            Assert.True(error.AllNotFound);
            Assert.Equal(0, _service.SendsOf("create"));
        }

        [Fact]
        public async Task A_token_that_may_not_read_users_is_told_the_permission_it_needs()
        {
            _service.DirectoryRefuses = true;
            var users = JobUsers.Normalize(new[] { new UserInput(null, "adele@contoso.com") });

            var error = await Assert.ThrowsAsync<UserPrincipalNameNotResolvedException>(() => _client.ResolveJobUsersAsync(users, 4, _none));

            Assert.Equal(ErrorIds.PermissionDenied, error.ErrorId);
            Assert.True(error.PermissionMissing);
            Assert.Contains("User.ReadBasic.All", error.Message);
            Assert.Contains("User.Read.All", error.Message);
            Assert.Contains("'adele@contoso.com' (refused: HTTP 403", error.Message);
        }

        [Fact]
        public async Task A_lookup_that_fails_whole_fails_a_job_of_names_with_the_services_error()
        {
            _service.FailReads("lookUp", 1);
            var users = JobUsers.Normalize(new[] { new UserInput(null, "adele@contoso.com") });

            var error = await Assert.ThrowsAsync<ServiceException>(() => _client.ResolveJobUsersAsync(users, 4, _none));

            Assert.Equal(ErrorIds.ServiceUnavailable, error.ErrorId);
            Assert.Contains("No job was created", error.Message);
        }

        [Fact]
        public async Task A_name_beside_the_id_of_another_user_is_a_conflict()
        {
            _service.AddDirectoryUser("adele@contoso.com");
            var users = JobUsers.Normalize(new[] { new UserInput(Guid.NewGuid().ToString(), "adele@contoso.com", 3) });

            var error = await Assert.ThrowsAsync<InputValidationException>(() => _client.ResolveJobUsersAsync(users, 4, _none));

            Assert.Equal(ErrorIds.ConflictingResourceId, error.ErrorId);
            Assert.Contains("Input object 3 ", error.Message);
        }

        [Fact]
        public async Task A_name_and_the_id_of_the_same_user_are_one_user_given_twice()
        {
            var adele = _service.AddDirectoryUser("adele@contoso.com");
            var users = JobUsers.Normalize(new[] { new UserInput(adele.Id.ToUpperInvariant()), new UserInput(null, "adele@contoso.com") });

            var error = await Assert.ThrowsAsync<InputValidationException>(() => _client.ResolveJobUsersAsync(users, 4, _none));

            Assert.Equal(ErrorIds.DuplicateResourceId, error.ErrorId);
            Assert.Contains("'adele@contoso.com'", error.Message);
        }

        [Fact]
        public async Task A_name_beside_its_own_id_checks_it_and_the_id_is_used()
        {
            var adele = _service.AddDirectoryUser("adele@contoso.com");
            var users = JobUsers.Normalize(new[] { new UserInput(adele.Id, "ADELE@contoso.com", 1) });

            var resolved = await _client.ResolveJobUsersAsync(users, 4, _none);

            Assert.Equal(new[] { adele.Id }, resolved.Ids);
            Assert.Empty(resolved.Warnings);
        }

        [Fact]
        public async Task Names_beside_ids_that_cannot_be_checked_leave_the_ids_with_a_warning()
        {
            var ids = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
            var users = JobUsers.Normalize(new[] { new UserInput(ids[0], "gone@contoso.com", 1), new UserInput(ids[1], "left@contoso.com", 2) });

            var notFound = await _client.ResolveJobUsersAsync(users, 4, _none);
            Assert.Equal(ids, notFound.Ids);
            Assert.Contains("2 name(s) beside an id are not in the target tenant's directory", Assert.Single(notFound.Warnings));

            _service.DirectoryRefuses = true;
            var refused = await _client.ResolveJobUsersAsync(users, 4, _none);
            Assert.Equal(ids, refused.Ids);
            Assert.Contains("User.ReadBasic.All", Assert.Single(refused.Warnings));

            _service.DirectoryRefuses = false;
            _service.FailReads("lookUp", 1);
            var failed = await _client.ResolveJobUsersAsync(users, 4, _none);
            Assert.Equal(ids, failed.Ids);
            Assert.Contains("could not be checked", Assert.Single(failed.Warnings));
        }

        [Fact]
        public async Task A_job_without_names_asks_the_directory_nothing()
        {
            var users = JobUsers.Normalize(new[] { new UserInput(Guid.NewGuid().ToString()) });

            await _client.ResolveJobUsersAsync(users, 4, _none);

            Assert.Equal(0, _service.SendsOf("lookUp"));
        }

        private static MigrationUser User(string id) => new MigrationUser { Id = id, JobId = "job" };

        [Fact]
        public async Task Naming_fills_in_the_users_the_directory_has_and_warns_once_of_the_others()
        {
            var adele = _service.AddDirectoryUser("adele@contoso.com", displayName: "Adele Vance");
            var gone = Guid.NewGuid().ToString();
            var users = new[] { User(adele.Id.ToUpperInvariant()), User(gone) };
            var naming = _client.NameUsers(4);

            await naming.NameAsync(users, _none);

            Assert.Equal("adele@contoso.com", users[0].UserPrincipalName);
            Assert.Equal("Adele Vance", users[0].DisplayName);
            Assert.Null(users[1].UserPrincipalName);
            Assert.Equal(gone, users[1].Id);
            var warning = Assert.Single(naming.Warnings());
            Assert.Contains("1 user(s) are not in the target tenant's directory", warning);
            Assert.Contains(gone, warning);
        }

        [Fact]
        public async Task Naming_refused_is_one_warning_naming_the_permission_and_nothing_more_is_asked()
        {
            _service.DirectoryRefuses = true;
            var naming = _client.NameUsers(4);

            await naming.NameAsync(new[] { User(Guid.NewGuid().ToString()) }, _none);
            await naming.NameAsync(new[] { User(Guid.NewGuid().ToString()) }, _none);

            Assert.Equal(1, _service.SendsOf("lookUp"));
            Assert.True(naming.Refused);
            Assert.Contains("User.ReadBasic.All", Assert.Single(naming.Warnings()));
        }

        [Fact]
        public async Task Naming_never_fails_the_command_when_the_lookup_fails()
        {
            _service.FailReads("lookUp", 1);
            var naming = _client.NameUsers(4);
            var users = new[] { User(Guid.NewGuid().ToString()) };

            await naming.NameAsync(users, _none);

            Assert.Null(users[0].UserPrincipalName);
            Assert.Contains("could not be looked up", Assert.Single(naming.Warnings()));
        }

        [Fact]
        public async Task A_jobs_users_are_handed_over_a_page_at_a_time_in_order_and_named()
        {
            var directoryUsers = Enumerable.Range(1, 5).Select(i => _service.AddDirectoryUser($"user{i}@contoso.com")).ToList();
            var job = _service.Add(JobStatus.Submitted, directoryUsers.Select(u => u.Id).ToArray());
            var pages = new List<IReadOnlyList<MigrationUser>>();

            await _client.ListNamedUsersAsync(job.Id, u => u.Id != directoryUsers[1].Id, _client.NameUsers(4), pages.Add, _none);

            // The fake lists two users a page; the one left out is not looked up.
            Assert.Equal(new[] { 1, 2, 1 }, pages.Select(p => p.Count));
            Assert.Equal(new[] { "user1@contoso.com", "user3@contoso.com", "user4@contoso.com", "user5@contoso.com" },
                pages.SelectMany(p => p).Select(u => u.UserPrincipalName));
            Assert.DoesNotContain(directoryUsers[1].Id, _service.LookedUp);
        }
    }
}
