using System;
using System.Text;
using System.Text.Json;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>The service's JSON as the reference shows it, and the quirks of real answers.</summary>
    public class ServiceJsonTests
    {
        private static T Read<T>(string json, Func<JsonElement, T> read)
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }

        [Fact]
        public void Reads_a_job_as_the_reference_shows_it()
        {
            var job = Read(@"{""@odata.context"":""x"",""id"":""j1"",""displayName"":""wave-01"",""jobType"":""crossTenantMigration"",
                ""status"":""validatePassed"",""message"":null,""completeAfterDateTime"":""2026-12-15T17:00:00Z"",""sourceTenantId"":""s"",
                ""targetTenantId"":""t"",""exchangeSettings"":{""targetDeliveryDomain"":""fabrikam.onmicrosoft.com"",""sourceEndpoint"":""ep""},
                ""workloads"":[""Exchange"",""ODSP""],""resourceType"":""Users"",""resources"":[""u1"",""u2""],""createdBy"":""admin"",
                ""createdDateTime"":""2026-12-01T10:00:00.1234567Z"",""lastUpdatedDateTime"":""2026-12-01T11:00:00Z""}", ServiceJson.ReadJob);
            Assert.Equal("j1", job.Id);
            Assert.Equal("wave-01", job.DisplayName);
            Assert.Equal("validatePassed", job.Status);
            Assert.Null(job.Message);
            Assert.Equal(new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.Zero), job.CompleteAfterDateTime);
            Assert.Equal("fabrikam.onmicrosoft.com", job.ExchangeSettings!.TargetDeliveryDomain);
            Assert.Equal(new[] { "Exchange", "ODSP" }, job.Workloads);
            Assert.Equal(new[] { "u1", "u2" }, job.Resources);
            Assert.Equal(1234567, job.CreatedDateTime!.Value.Ticks % TimeSpan.TicksPerSecond);
        }

        [Fact]
        public void Tolerates_lower_case_workloads_and_resource_type_resources_echoed_empty_and_an_unknown_status()
        {
            var job = Read(@"{""id"":""j1"",""displayName"":""w"",""status"":""somethingNew"",""workloads"":[""exchange"",""teams"",""""],
                ""resourceType"":""users"",""resources"":[],""exchangeSettings"":null}", ServiceJson.ReadJob);
            Assert.Equal(new[] { "Exchange", "Teams" }, job.Workloads);
            Assert.Equal("Users", job.ResourceType);
            Assert.Empty(job.Resources);
            Assert.Equal("somethingNew", job.Status);
            Assert.Null(job.ExchangeSettings);
            Assert.Null(job.CompleteAfterDateTime);
        }

        [Fact]
        public void Reads_a_users_workloads_with_their_errors()
        {
            var user = Read(@"{""id"":""u1"",""taskType"":""crossTenantMigration"",""lastUpdatedDateTime"":""2026-12-01T11:00:00Z"",""currentStatus"":[
                {""service"":""exchange"",""status"":""failed"",""message"":""m"",""errors"":[{""code"":""E1"",""message"":""boom""}]},
                {""service"":""Meeting"",""status"":""completed"",""errors"":null}]}", json => ServiceJson.ReadUser("j1", json));
            Assert.Equal("j1", user.JobId);
            Assert.Equal(2, user.Workloads.Length);
            Assert.Equal("Exchange", user.Workloads[0].Workload);
            Assert.Equal("E1", user.Workloads[0].Errors[0].Code);
            Assert.Equal("Exchange", user.Workloads[0].Errors[0].Workload);
            Assert.Equal("Meeting", user.Workloads[1].Workload);
            Assert.Empty(user.Workloads[1].Errors);
        }

        [Fact]
        public void Reads_the_error_envelope_and_nothing_from_a_body_that_is_not_one()
        {
            var error = ServiceJson.ReadError(Encoding.UTF8.GetBytes(@"{""error"":{""code"":""nameAlreadyExists"",""message"":""Taken."",
                ""innerError"":{""request-id"":""r1"",""client-request-id"":""c1"",""date"":""2026-12-01T11:00:00""}}}"))!;
            Assert.Equal("nameAlreadyExists", error.Code);
            Assert.Equal("Taken.", error.Message);
            Assert.Equal("r1", error.RequestId);
            Assert.Equal("c1", error.ClientRequestId);
            Assert.Null(ServiceJson.ReadError(Encoding.UTF8.GetBytes("<html>Bad gateway</html>")));
            Assert.Null(ServiceJson.ReadError(Array.Empty<byte>()));
            Assert.Null(ServiceJson.ReadError(Encoding.UTF8.GetBytes(@"{""value"":[]}")));
        }

        [Fact]
        public void Writes_a_definition_without_workloads_when_none_are_chosen()
        {
            var definition = new JobDefinition
            {
                DisplayName = "wave-01", SourceTenantId = "s", CompleteAfterDateTime = new DateTimeOffset(2026, 12, 15, 18, 0, 0, TimeSpan.FromHours(1)),
                Resources = new[] { "u1" },
            };
            using (var document = JsonDocument.Parse(ServiceJson.WriteDefinition(definition)))
            {
                var root = document.RootElement;
                Assert.Equal("wave-01", root.GetProperty("displayName").GetString());
                Assert.Equal("2026-12-15T17:00:00.0000000Z", root.GetProperty("completeAfterDateTime").GetString());
                Assert.Equal("Users", root.GetProperty("resourceType").GetString());
                Assert.Equal("u1", root.GetProperty("resources")[0].GetString());
                Assert.False(root.TryGetProperty("workloads", out _));
                Assert.False(root.TryGetProperty("exchangeSettings", out _));
            }
            definition.Workloads = new[] { "Exchange" };
            definition.TargetDeliveryDomain = "fabrikam.onmicrosoft.com";
            using (var document = JsonDocument.Parse(ServiceJson.WriteDefinition(definition)))
            {
                Assert.Equal("Exchange", document.RootElement.GetProperty("workloads")[0].GetString());
                Assert.Equal("fabrikam.onmicrosoft.com", document.RootElement.GetProperty("exchangeSettings").GetProperty("targetDeliveryDomain").GetString());
                Assert.False(document.RootElement.GetProperty("exchangeSettings").TryGetProperty("sourceEndpoint", out _));
            }
        }
    }
}
