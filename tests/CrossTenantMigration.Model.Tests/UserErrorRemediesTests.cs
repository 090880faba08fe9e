using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace CrossTenantMigration.Model.Tests
{
    public class UserErrorRemediesTests
    {
        private const string Page = UserErrorRemedies.PageUri;

        // The per-user codes on Microsoft's page (version of 15 December 2025), by the section that lists them.
        // A row such as "MMS-001/002" stands for two codes. The page also lists HTTP errors of requests, which are
        // not per-user errors, and identity-mapping messages, which have no code.
        private static readonly Dictionary<string, string[]> CodesOnThePage = new Dictionary<string, string[]>
        {
            ["#general-errors"] = new[] { "IM-003", "MIGR-001", "MIGR-002", "MIGR-003", "MIGR-004" },
            ["#cross-tenant-migration-service-errors"] = new[] { "CTM-001", "CTM-002", "CTM-100", "CTM-101", "CTM-102", "CTM-103", "CTM-104" },
            ["#exchange-mailbox-migration-errors"] = new[] { "EXCH-07", "EXCH-08", "EXCH-15" },
            ["#teams-chat-migration-errors"] = Enumerable.Range(1, 19).Select(n => $"CTTM-{n:000}").ToArray(),
            ["#teams-meeting-migration-errors"] = Enumerable.Range(1, 13).Select(n => $"MMS-{n:000}").Append("TMS-003").ToArray(),
            ["#onedrive-errors"] = new[]
            {
                "FeatureIsNotEnabled", "MnATrustNoSetupForPartner", "MnAReverseTrustNeedsRequiredPartnerRole",
                "MnATrustWrongCmdletUsage", "MnAOdbFailedToGetUrlForSourceUPN", "MnAOdbForSourceUPNDoesNotExist",
                "MnAOdbForSourceUPNDoesNotExistYet", "MnAIdentityMapEntryDoesNotExistsForSourceUPN",
                "MnAIdentityMapEntryTooManyForSourceUPN", "MnAIdentityMapEntryDoesNotMatchRequest", "MnAOdbUsersAreNotLicensed",
                "MnATargetUpnIsInvalid", "MnATargetDomainIsAlreadyInSourceSiteUsers", "MnATargetUserDoesNotExist",
                "MnATargetUserIsNotSpoEnabled", "MnAMoveJobWasNotCreated", "MnAMoveJobCreationFailed",
                "MnASiteMoveTargetUrlHasWriteConflict", "MnAOdbOwnerUrlMismatch", "MnATargetUrlNotValidForRename",
                "MnAFatalErrorAdminSiteCouldNotBeUsedAsMySiteHost", "MnABYOKEnabledOnSourceTenant", "MnAPartnersOnTheSameFarm",
                "MnATargetSideEnvironmentHasConditionsThatBlockTheMove", "MnASiteMoveIsInprogressOrFinished",
                "MnAPartnersFarmsAreIncompatible",
            },
        };

        public static IEnumerable<object[]> Entries() => UserErrorRemedies.All.Select(r => new object[] { r.Code! });

        [Fact]
        public void The_page_lists_74_per_user_codes_and_the_table_holds_at_least_as_many()
        {
            Assert.Equal(74, CodesOnThePage.Values.Sum(codes => codes.Length));
            Assert.True(UserErrorRemedies.All.Count >= 74, $"the table holds {UserErrorRemedies.All.Count} codes");
        }

        [Fact]
        public void Every_code_on_the_page_has_a_remedy_linked_to_its_section()
        {
            foreach (var section in CodesOnThePage)
                foreach (string code in section.Value)
                {
                    var remedy = UserErrorRemedies.For(code);
                    Assert.True(remedy.IsListed, $"{code} is not in the table");
                    Assert.Equal(code, remedy.Code);
                    Assert.Equal(Page + section.Key, remedy.HelpUri);
                }
        }

        [Theory]
        [MemberData(nameof(Entries))]
        public void Each_entry_has_a_short_remedy_an_area_and_a_learn_link(string code)
        {
            var remedy = UserErrorRemedies.For(code);

            Assert.False(string.IsNullOrWhiteSpace(remedy.Text));
            Assert.True(remedy.Text.Length <= 300, $"{code}: {remedy.Text.Length} characters");
            Assert.EndsWith(".", remedy.Text);
            int sentences = Regex.Matches(remedy.Text, @"[.!?](\s|$)").Count;
            Assert.InRange(sentences, 1, 2);

            Assert.Contains(remedy.Area, new[] { "identity", "migration", "batch", "exchange", "teams", "meetings", "onedrive" });

            Assert.True(Uri.TryCreate(remedy.HelpUri, UriKind.Absolute, out var uri), remedy.HelpUri);
            Assert.Equal(Uri.UriSchemeHttps, uri!.Scheme);
            Assert.Equal("learn.microsoft.com", uri.Host);
            Assert.StartsWith(Page + "#", remedy.HelpUri);
        }

        [Fact]
        public void Codes_are_unique_without_regard_to_case()
        {
            var codes = UserErrorRemedies.All.Select(r => r.Code!).ToList();
            Assert.Equal(codes.Count, codes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Theory]
        [InlineData("EXCH-08", "exchange")]
        [InlineData("CTTM-003", "teams")]
        [InlineData("MIGR-002", "migration")]
        public void The_known_samples_resolve(string code, string area)
        {
            var remedy = UserErrorRemedies.For(code);
            Assert.True(remedy.IsListed);
            Assert.Equal(area, remedy.Area);
            Assert.DoesNotContain("no remedy", remedy.Text);
        }

        [Theory]
        [InlineData("exch-08")]
        [InlineData("  Exch-08 ")]
        [InlineData("EXCH-08\t")]
        public void Codes_match_without_regard_to_case_or_surrounding_spaces(string given)
        {
            var remedy = UserErrorRemedies.For(given);
            Assert.Same(UserErrorRemedies.For("EXCH-08"), remedy);
            Assert.Equal("EXCH-08", remedy.Code);
        }

        [Fact]
        public void An_unknown_code_gets_no_invented_remedy_and_the_page_link()
        {
            var remedy = UserErrorRemedies.For(" XYZ-999 ");

            Assert.False(remedy.IsListed);
            Assert.Equal("XYZ-999", remedy.Code);
            Assert.Null(remedy.Area);
            Assert.Equal("The module's list has no remedy for code XYZ-999; see Microsoft's list of orchestrated-migration errors.", remedy.Text);
            Assert.Equal(Page, remedy.HelpUri);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void An_error_without_a_code_says_so_and_links_the_page(string? code)
        {
            var remedy = UserErrorRemedies.For(code);

            Assert.False(remedy.IsListed);
            Assert.Null(remedy.Code);
            Assert.Contains("no code", remedy.Text);
            Assert.Equal(Page, remedy.HelpUri);
        }

        [Fact]
        public void A_user_error_derives_its_remedy_and_link_from_its_code()
        {
            var error = new MigrationUserError { Workload = Workload.Exchange, Code = "EXCH-08", Message = "Setup validation failed." };
            Assert.Equal(UserErrorRemedies.For("EXCH-08").Text, error.Remedy);
            Assert.Equal(Page + "#exchange-mailbox-migration-errors", error.HelpUri);

            error.Code = "ctm-102";
            Assert.Equal(UserErrorRemedies.For("CTM-102").Text, error.Remedy);
            Assert.Equal(Page + "#cross-tenant-migration-service-errors", error.HelpUri);
            Assert.Equal("Exchange: ctm-102 Setup validation failed.", error.ToString());

            error.Code = null;
            Assert.Contains("no code", error.Remedy);
            Assert.Equal(Page, error.HelpUri);
        }
    }
}
