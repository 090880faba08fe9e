using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace CrossTenantMigration.Model.Tests
{
    public class JobDefinitionRulesTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        private static JobDefinition Valid() => new JobDefinition
        {
            DisplayName = " wave-01 ",
            SourceTenantId = "12345678-1234-1234-1234-123456789012",
            CompleteAfterDateTime = Now.AddDays(14),
            Resources = new[] { "4DD550D9-9EA2-4E71-A16B-60B1D1C4F506", "63f15b55-f61a-49cb-a599-2e3d233afb2c" },
            Workloads = new[] { "exchange", "TEAMS", "Teams" },
            TargetDeliveryDomain = "fabrikam.onmicrosoft.com",
            SourceEndpoint = "EXOHandler",
        };

        private static InputError Broken(Action<JobDefinition> change)
        {
            var definition = Valid();
            change(definition);
            return Assert.Throws<InputValidationException>(() => JobDefinitionRules.Normalize(definition, Now)).Error;
        }

        [Fact]
        public void Normalizes_names_ids_and_workload_spelling()
        {
            var result = JobDefinitionRules.Normalize(Valid(), Now);
            Assert.Equal("wave-01", result.DisplayName);
            Assert.Equal(new[] { "4dd550d9-9ea2-4e71-a16b-60b1d1c4f506", "63f15b55-f61a-49cb-a599-2e3d233afb2c" }, result.Resources);
            Assert.Equal(new[] { "Exchange", "Teams" }, result.Workloads);
            Assert.Equal("Users", result.ResourceType);
            Assert.Equal(TimeSpan.Zero, result.CompleteAfterDateTime.Offset);
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        public void Display_name_must_not_be_blank(string name) =>
            Assert.Equal(ErrorIds.InvalidDisplayName, Broken(d => d.DisplayName = name).ErrorId);

        [Theory]
        [InlineData("contoso.onmicrosoft.com")]
        [InlineData("")]
        [InlineData("12345678-1234-1234-1234-12345678901")]
        public void Source_tenant_must_be_a_guid(string tenant)
        {
            var error = Broken(d => d.SourceTenantId = tenant);
            Assert.Equal(ErrorIds.InvalidSourceTenantId, error.ErrorId);
            Assert.Equal("SourceTenantId", error.ParameterName);
            Assert.Contains("-SourceTenantId", error.Message);
        }

        [Fact]
        public void Resources_must_number_one_to_two_thousand()
        {
            Assert.Equal(ErrorIds.InvalidResourceCount, Broken(d => d.Resources = Array.Empty<string>()).ErrorId);
            var tooMany = Broken(d => d.Resources = Enumerable.Range(0, 2001).Select(_ => Guid.NewGuid().ToString()).ToArray());
            Assert.Equal(ErrorIds.InvalidResourceCount, tooMany.ErrorId);
            Assert.Contains("-AutoSplit", tooMany.Message);
            var max = Valid();
            max.Resources = Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid().ToString()).ToArray();
            Assert.Equal(2000, JobDefinitionRules.Normalize(max, Now).Resources.Count);
        }

        [Fact]
        public void Resources_must_be_distinct_guids()
        {
            var id = Guid.NewGuid().ToString();
            Assert.Equal(ErrorIds.DuplicateResourceId, Broken(d => d.Resources = new[] { id, id.ToUpperInvariant() }).ErrorId);
            Assert.Equal(ErrorIds.InvalidResourceId, Broken(d => d.Resources = new[] { id, "alice@contoso.com" }).ErrorId);
            Assert.Contains("column", Broken(d => d.Resources = new[] { "@{UserPrincipalName=alice@contoso.com}" }).Message);
        }

        private static KeyValuePair<string, string?>[] Ids(params (string Name, string? Value)[] properties) =>
            properties.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)).ToArray();

        [Fact]
        public void Id_properties_that_name_different_users_are_a_conflict_naming_them()
        {
            const string first = "4dd550d9-9ea2-4e71-a16b-60b1d1c4f506", second = "63f15b55-f61a-49cb-a599-2e3d233afb2c";
            var error = Assert.Throws<InputValidationException>(() =>
                JobDefinitionRules.AgreedResourceId(Ids(("Id", first), ("ExternalDirectoryObjectId", second)), 7)).Error;
            Assert.Equal(ErrorIds.ConflictingResourceId, error.ErrorId);
            Assert.Equal("Resource", error.ParameterName);
            Assert.Contains($"Id '{first}'", error.Message);
            Assert.Contains($"ExternalDirectoryObjectId '{second}'", error.Message);
            Assert.Contains("Input object 7 ", error.Message);
        }

        [Theory]
        [InlineData("Id", "ObjectId")]
        [InlineData("ObjectId", "UserId")]
        [InlineData("Resource", "ExternalDirectoryObjectId")]
        public void Any_two_id_properties_that_disagree_are_a_conflict(string one, string other)
        {
            var ids = Ids((one, Guid.NewGuid().ToString()), (other, Guid.NewGuid().ToString()));
            Assert.Equal(ErrorIds.ConflictingResourceId,
                Assert.Throws<InputValidationException>(() => JobDefinitionRules.AgreedResourceId(ids, 1)).Error.ErrorId);
        }

        [Fact]
        public void A_third_id_property_that_disagrees_is_a_conflict_though_the_first_two_agree()
        {
            var id = Guid.NewGuid().ToString();
            var ids = Ids(("Id", id), ("ObjectId", id), ("UserId", Guid.NewGuid().ToString()));
            Assert.Equal(ErrorIds.ConflictingResourceId,
                Assert.Throws<InputValidationException>(() => JobDefinitionRules.AgreedResourceId(ids, 1)).Error.ErrorId);
        }

        [Theory]
        [InlineData("4dd550d9-9ea2-4e71-a16b-60b1d1c4f506", "4DD550D9-9EA2-4E71-A16B-60B1D1C4F506")]
        [InlineData("4dd550d9-9ea2-4e71-a16b-60b1d1c4f506", "{4dd550d9-9ea2-4e71-a16b-60b1d1c4f506}")]
        [InlineData("4dd550d9-9ea2-4e71-a16b-60b1d1c4f506", "4dd550d99ea24e71a16b60b1d1c4f506")]
        [InlineData("4dd550d9-9ea2-4e71-a16b-60b1d1c4f506", " 4dd550d9-9ea2-4e71-a16b-60b1d1c4f506 ")]
        public void The_same_user_in_two_formats_is_no_conflict(string one, string other) =>
            Assert.Equal(one, JobDefinitionRules.AgreedResourceId(Ids(("Id", one), ("ExternalDirectoryObjectId", other)), 1));

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData(null)]
        public void A_blank_id_beside_a_filled_one_is_no_conflict_and_the_filled_one_names_the_user(string? blank)
        {
            const string id = "63f15b55-f61a-49cb-a599-2e3d233afb2c";
            Assert.Equal(id, JobDefinitionRules.AgreedResourceId(Ids(("Id", blank), ("ExternalDirectoryObjectId", id)), 1));
            Assert.Equal(id, JobDefinitionRules.AgreedResourceId(Ids(("Id", id), ("ExternalDirectoryObjectId", blank)), 1));
        }

        [Fact]
        public void An_object_whose_id_properties_are_all_blank_names_no_user() =>
            Assert.Null(JobDefinitionRules.AgreedResourceId(Ids(("Id", ""), ("ObjectId", null)), 1));

        [Fact]
        public void Resource_type_must_be_users() =>
            Assert.Equal(ErrorIds.InvalidResourceType, Broken(d => d.ResourceType = "Groups").ErrorId);

        [Fact]
        public void Workloads_must_be_documented_names() =>
            Assert.Equal(ErrorIds.InvalidWorkload, Broken(d => d.Workloads = new[] { "SharePoint" }).ErrorId);

        [Fact]
        public void Exchange_needs_a_valid_delivery_domain()
        {
            Assert.Equal(ErrorIds.TargetDeliveryDomainRequired, Broken(d => d.TargetDeliveryDomain = null).ErrorId);
            Assert.Equal(ErrorIds.TargetDeliveryDomainRequired, Broken(d => { d.Workloads = Array.Empty<string>(); d.TargetDeliveryDomain = " "; }).ErrorId);
            Assert.Equal(ErrorIds.InvalidTargetDeliveryDomain, Broken(d => d.TargetDeliveryDomain = "fabrikam").ErrorId);
            Assert.Equal(ErrorIds.InvalidTargetDeliveryDomain, Broken(d => d.TargetDeliveryDomain = "-bad.example.com").ErrorId);
            var teamsOnly = Valid();
            teamsOnly.Workloads = new[] { "Teams" };
            teamsOnly.TargetDeliveryDomain = null;
            Assert.Null(JobDefinitionRules.Normalize(teamsOnly, Now).TargetDeliveryDomain);
        }

        [Fact]
        public void Cutover_must_be_in_the_future()
        {
            Assert.Equal(ErrorIds.CompleteAfterDateTimeNotInFuture, Broken(d => d.CompleteAfterDateTime = Now).ErrorId);
            Assert.Equal(ErrorIds.CompleteAfterDateTimeNotInFuture, Broken(d => d.CompleteAfterDateTime = Now.AddMinutes(-1)).ErrorId);
        }

        [Theory]
        [InlineData("validatepassed", "validatePassed")]
        [InlineData("CANCELLED", "cancelled")]
        public void Statuses_normalize_to_wire_spelling(string input, string expected)
        {
            Assert.Equal(expected, JobStatus.Normalize(input));
            Assert.True(InputRules.JobStatusName.Accepts(input));
        }

        [Fact]
        public void Unknown_status_is_refused_naming_the_statuses()
        {
            Assert.False(InputRules.JobStatusName.Accepts("canceled"));
            Assert.Contains("validatePassed", InputRules.JobStatusName.Explain("canceled"));
            Assert.False(InputRules.WorkloadStatusName.Accepts("done"));
        }

        [Fact]
        public void Meeting_is_reported_but_never_named_in_a_job()
        {
            Assert.Equal(ErrorIds.InvalidWorkload, Broken(d => d.Workloads = new[] { "Teams", "Meeting" }).ErrorId);
            Assert.Equal(new[] { "Exchange", "ODSP", "Teams" }, Workload.Requestable);
            Assert.Equal("Meeting", Workload.Normalize("meeting"));
        }

        [Theory]
        [InlineData("12345678-1234-1234-1234-123456789012", true)]
        [InlineData(" {12345678-1234-1234-1234-123456789012} ", true)]
        [InlineData("contoso.onmicrosoft.com", false)]
        [InlineData("", false)]
        [InlineData(null, false)]
        public void The_guid_rule_is_one_for_attributes_and_model(string? value, bool accepted)
        {
            Assert.Equal(accepted, InputRules.Guid.Accepts(value));
            Assert.Equal(accepted, JobDefinitionRules.IsGuid(value));
        }

        [Theory]
        [InlineData("fabrikam.onmicrosoft.com", true)]
        [InlineData("mail.fabrikam.co.uk", true)]
        [InlineData("fabrikam", false)]
        [InlineData("not a domain", false)]
        [InlineData("-fabrikam.com", false)]
        public void The_domain_rule(string value, bool accepted) => Assert.Equal(accepted, InputRules.DomainName.Accepts(value));

        [Fact]
        public void Omitting_the_workloads_sends_none_and_includes_Exchange()
        {
            var all = Valid();
            all.Workloads = Array.Empty<string>();
            var result = JobDefinitionRules.Normalize(all, Now);
            Assert.Empty(result.Workloads);
            Assert.True(result.IncludesExchange);
        }

        [Theory]
        [InlineData("https://graph.microsoft.com", "https://graph.microsoft.com/")]
        [InlineData("https://graph.microsoft.com/", "https://graph.microsoft.com/")]
        [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
        [InlineData("http://localhost:5000/", "http://localhost:5000/")]
        [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
        public void Endpoints_accepted(string endpoint, string expected) =>
            Assert.Equal(expected, ConnectionOptions.NormalizeEndpoint(new Uri(endpoint)).ToString());

        [Theory]
        [InlineData("http://graph.microsoft.com", ErrorIds.InsecureEndpoint)]
        [InlineData("http://10.0.0.5", ErrorIds.InsecureEndpoint)]
        [InlineData("ftp://graph.microsoft.com", ErrorIds.InvalidEndpoint)]
        [InlineData("https://graph.microsoft.com/beta", ErrorIds.InvalidEndpoint)]
        [InlineData("https://graph.microsoft.com/?x=1", ErrorIds.InvalidEndpoint)]
        public void Endpoints_refused(string endpoint, string errorId) =>
            Assert.Equal(errorId, Assert.Throws<InputValidationException>(() => ConnectionOptions.NormalizeEndpoint(new Uri(endpoint))).Error.ErrorId);
    }
}
