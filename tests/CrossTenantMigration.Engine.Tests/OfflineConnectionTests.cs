using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>The offline connection the module warms its first call with: the real path, answered from memory.</summary>
    public class OfflineConnectionTests
    {
        [Fact]
        public async Task Lists_one_job_from_memory_through_a_token_connection_whose_claims_are_read()
        {
            using var connection = await OfflineConnection.ConnectAsync(CancellationToken.None);
            var transport = connection.Transport;

            Assert.Equal(SignInKind.AccessToken, transport.Context.SignInKind);
            Assert.Equal("offline.crosstenantmigration.invalid", transport.Context.Endpoint.Host);
            Assert.Equal("00000000-0000-0000-0000-000000000000", transport.Context.TenantId);
            Assert.NotNull(transport.Context.TokenExpiresOn);

            var job = Assert.Single(await transport.ListJobsAsync(CancellationToken.None));
            Assert.Equal("offline", job.DisplayName);
            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.Equal(new[] { "Exchange" }, job.Workloads);
            Assert.Equal("contoso.mail.onmicrosoft.com", job.ExchangeSettings?.TargetDeliveryDomain);
        }

        [Fact]
        public async Task Answers_anything_but_the_list_as_the_service_answers_a_job_it_does_not_hold()
        {
            using var connection = await OfflineConnection.ConnectAsync(CancellationToken.None);
            var transport = connection.Transport;

            var error = await Assert.ThrowsAsync<ServiceException>(() => transport.GetJobAsync(Guid.NewGuid().ToString(), CancellationToken.None));

            Assert.Equal(404, error.HttpStatus);
            Assert.Equal(ErrorIds.JobNotFound, error.ErrorId);
        }
    }
}
