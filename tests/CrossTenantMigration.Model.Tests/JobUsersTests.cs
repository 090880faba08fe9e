using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace CrossTenantMigration.Model.Tests
{
    /// <summary>The rules of a job's users given by id or by name: as given, then once the names are resolved.</summary>
    public class JobUsersTests
    {
        private const string AdeleId = "4dd550d9-9ea2-4e71-a16b-60b1d1c4f506";
        private const string AlexId = "63f15b55-f61a-49cb-a599-2e3d233afb2c";

        private static InputError Broken(params UserInput[] users) =>
            Assert.Throws<InputValidationException>(() => JobUsers.Normalize(users)).Error;

        [Theory]
        [InlineData("adele.vance@contoso.com", true)]
        [InlineData(" adele@contoso.onmicrosoft.com ", true)]
        [InlineData("alice_fabrikam.com#EXT#@contoso.onmicrosoft.com", true)]
        [InlineData("o'neil+migration@sub.contoso.co.uk", true)]
        [InlineData("", false)]
        [InlineData("   ", false)]
        [InlineData(null, false)]
        [InlineData("adele", false)]
        [InlineData("@contoso.com", false)]
        [InlineData("adele@", false)]
        [InlineData("adele@contoso", false)]
        [InlineData("adele@contoso.", false)]
        [InlineData("adele@.contoso.com", false)]
        [InlineData("adele@contoso..com", false)]
        [InlineData("adele@alex@contoso.com", false)]
        [InlineData("adele vance@contoso.com", false)]
        [InlineData("adele@contoso.com\tx", false)]
        [InlineData(AdeleId, false)]
        public void The_user_principal_name_rule_is_a_plain_shape(string? value, bool accepted) =>
            Assert.Equal(accepted, InputRules.UserPrincipalName.Accepts(value));

        [Fact]
        public void Names_are_trimmed_ids_made_canonical_and_the_order_kept()
        {
            var users = JobUsers.Normalize(new[] { new UserInput(null, " adele@contoso.com "), new UserInput(AlexId.ToUpperInvariant()), new UserInput("{" + AdeleId + "}", "", 3) });

            Assert.Equal(new[] { "adele@contoso.com", null, null }, users.Select(u => u.UserPrincipalName));
            Assert.Equal(new[] { null, AlexId, AdeleId }, users.Select(u => u.Id));
            Assert.Equal(3, users[2].InputObject);
        }

        [Fact]
        public void A_bad_name_names_the_parameter_and_its_rule()
        {
            var error = Broken(new UserInput(AdeleId), new UserInput(null, "adele vance@contoso.com"));

            Assert.Equal(ErrorIds.InvalidUserPrincipalName, error.ErrorId);
            Assert.Equal("UserPrincipalName", error.ParameterName);
            Assert.Contains("-UserPrincipalName", error.Message);
            Assert.Contains("no white space, one @", error.Message);
            Assert.Contains("'adele vance@contoso.com'", error.Message);
        }

        [Fact]
        public void An_id_given_as_a_name_and_a_name_given_as_an_id_say_where_each_belongs()
        {
            Assert.Contains("give it to -Resource", Broken(new UserInput(null, AdeleId)).Message);
            var asId = Broken(new UserInput("adele@contoso.com"));
            Assert.Equal(ErrorIds.InvalidResourceId, asId.ErrorId);
            Assert.Contains("give it to -UserPrincipalName", asId.Message);
        }

        [Fact]
        public void A_blank_name_is_no_name_beside_an_id_and_an_error_alone()
        {
            Assert.Equal(AdeleId, Assert.Single(JobUsers.Normalize(new[] { new UserInput(AdeleId, "  ") })).Id);
            Assert.Equal(ErrorIds.InvalidUserPrincipalName, Broken(new UserInput(null, "")).ErrorId);
            Assert.Equal(ErrorIds.InvalidResourceId, Broken(new UserInput("", "")).ErrorId);
        }

        [Fact]
        public void The_same_name_twice_in_any_case_is_a_duplicate()
        {
            var error = Broken(new UserInput(null, "adele@contoso.com"), new UserInput(null, "ADELE@Contoso.com"));

            Assert.Equal(ErrorIds.DuplicateResourceId, error.ErrorId);
            Assert.Equal("UserPrincipalName", error.ParameterName);
            Assert.Equal(ErrorIds.DuplicateResourceId, Broken(new UserInput(AdeleId), new UserInput(AdeleId.ToUpperInvariant())).ErrorId);
        }

        [Fact]
        public void Names_count_toward_the_users_of_a_job()
        {
            Assert.Equal(ErrorIds.InvalidResourceCount, Broken().ErrorId);
            var tooMany = Enumerable.Range(0, 2001).Select(i => new UserInput(null, $"user{i}@contoso.com")).ToArray();
            Assert.Equal(ErrorIds.InvalidResourceCount, Broken(tooMany).ErrorId);
            Assert.Equal(2001, JobUsers.Normalize(tooMany, allowMoreThanMax: true).Count);
        }

        [Fact]
        public void Each_name_is_resolved_once()
        {
            var users = JobUsers.Normalize(new[] { new UserInput(null, "adele@contoso.com"), new UserInput(AlexId, "alex@contoso.com", 2), new UserInput(AdeleId) });

            Assert.Equal(new[] { "adele@contoso.com", "alex@contoso.com" }, JobUsers.NamesToResolve(users));
        }

        private static Dictionary<string, DirectoryUser> Directory(params DirectoryUser[] users) =>
            users.ToDictionary(u => u.UserPrincipalName!, StringComparer.OrdinalIgnoreCase);

        [Fact]
        public void Resolved_names_give_their_ids_in_the_inputs_order()
        {
            var users = JobUsers.Normalize(new[] { new UserInput(AlexId), new UserInput(null, "adele@contoso.com") });

            Assert.Equal(new[] { AlexId, AdeleId }, JobUsers.ResolvedIds(users, Directory(new DirectoryUser(AdeleId, "Adele@Contoso.com", "Adele"))));
        }

        [Fact]
        public void A_name_of_another_user_than_its_id_is_a_conflict_naming_both()
        {
            var users = JobUsers.Normalize(new[] { new UserInput(AlexId, "adele@contoso.com", 4) });

            var error = Assert.Throws<InputValidationException>(() => JobUsers.ResolvedIds(users, Directory(new DirectoryUser(AdeleId, "adele@contoso.com", null)))).Error;

            Assert.Equal(ErrorIds.ConflictingResourceId, error.ErrorId);
            Assert.Contains("Input object 4 ", error.Message);
            Assert.Contains(AlexId, error.Message);
            Assert.Contains(AdeleId, error.Message);
            Assert.Same(users[0], error.Value);
        }

        [Fact]
        public void A_user_given_by_id_and_by_name_is_a_duplicate_naming_both()
        {
            var users = JobUsers.Normalize(new[] { new UserInput(AdeleId), new UserInput(null, "adele@contoso.com") });

            var error = Assert.Throws<InputValidationException>(() => JobUsers.ResolvedIds(users, Directory(new DirectoryUser(AdeleId, "adele@contoso.com", null)))).Error;

            Assert.Equal(ErrorIds.DuplicateResourceId, error.ErrorId);
            Assert.Contains($"-Resource '{AdeleId}'", error.Message);
            Assert.Contains("-UserPrincipalName 'adele@contoso.com'", error.Message);
        }

        [Fact]
        public void A_name_beside_an_id_that_was_not_resolved_leaves_the_id()
        {
            var users = JobUsers.Normalize(new[] { new UserInput(AdeleId, "adele@contoso.com", 1) });

            Assert.Equal(new[] { AdeleId }, JobUsers.ResolvedIds(users, Directory()));
        }

        [Fact]
        public void The_settings_are_checked_without_the_users()
        {
            var settings = JobDefinitionRules.NormalizeSettings(new JobDefinition
            {
                DisplayName = " wave ",
                SourceTenantId = "12345678-1234-1234-1234-123456789012",
                CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(1),
                Workloads = new[] { "teams" },
            }, DateTimeOffset.UtcNow);

            Assert.Equal("wave", settings.DisplayName);
            Assert.Empty(settings.Resources);
            Assert.Throws<InputValidationException>(() => JobDefinitionRules.NormalizeSettings(new JobDefinition
            {
                DisplayName = "wave",
                SourceTenantId = "12345678-1234-1234-1234-123456789012",
                CompleteAfterDateTime = DateTimeOffset.UtcNow.AddDays(1),
            }, DateTimeOffset.UtcNow)); // Exchange without a delivery domain
        }

        [Fact]
        public void An_unresolved_names_error_lists_each_with_why_and_names_the_permission_when_refused()
        {
            var notFound = new UserPrincipalNameNotResolvedException(new[] { DirectoryLookup.NotFound("a@contoso.com"), DirectoryLookup.Failed("b@contoso.com", "HTTP 500") });
            Assert.Equal(ErrorIds.UserPrincipalNameNotResolved, notFound.ErrorId);
            Assert.Contains("'a@contoso.com' (not found), 'b@contoso.com' (failed: HTTP 500)", notFound.Message);

            var refused = new UserPrincipalNameNotResolvedException(new[] { DirectoryLookup.Refused("a@contoso.com", "HTTP 403") });
            Assert.Equal(ErrorIds.PermissionDenied, refused.ErrorId);
            Assert.StartsWith("The directory refused to look up users: the connection's token needs the Microsoft Graph permission User.ReadBasic.All (or User.Read.All)", refused.Message);

            var many = new UserPrincipalNameNotResolvedException(Enumerable.Range(0, 60).Select(i => DirectoryLookup.NotFound($"u{i}@contoso.com")).ToList());
            Assert.Contains("and 10 more", many.Message);
            Assert.Equal(60, ((IReadOnlyList<DirectoryLookup>)many.Target!).Count);
        }
    }
}
