using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    public class ConcurrencyTests
    {
        [Fact]
        public async Task Fifty_parallel_creates_with_distinct_names_make_fifty_jobs()
        {
            using var svc = new TestService();
            var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => svc.PostAsync(Root, svc.JobBody($"parallel-{i}")))));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(50, stats.Jobs);
            Assert.Equal(50, stats.Creates);
            Assert.Equal(0, stats.DuplicateDisplayNames);
            Assert.Equal(50, responses.Select(r => r.Headers.Location).Distinct().Count());
        }

        [Fact]
        public async Task Parallel_creates_with_the_same_name_make_exactly_one_job()
        {
            using var svc = new TestService();
            var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => svc.PostAsync(Root, svc.JobBody("same-name")))));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(39, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            var stats = svc.Sandbox.GetStatistics();
            Assert.Equal(1, stats.Jobs);
            Assert.Equal(0, stats.DuplicateDisplayNames);
        }

        [Fact]
        public async Task Parallel_mixed_traffic_keeps_the_state_consistent()
        {
            using var svc = new TestService();
            var jobs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => svc.CreateAsync($"mixed-{i}")));
            var work = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            {
                string id = (string)jobs[(i / 4) % jobs.Length]["id"]!;
                switch (i % 4)
                {
                    case 0: return (await svc.Client.PostAsync($"{Root}/{id}/validate", null)).StatusCode;
                    case 1: return (await svc.Client.GetAsync($"{Root}/{id}/users")).StatusCode;
                    case 2: return (await svc.Client.GetAsync(Root + "?$top=3")).StatusCode;
                    default: return (await svc.Client.GetAsync($"{Root}/{id}")).StatusCode;
                }
            })).ToArray();
            var codes = await Task.WhenAll(work);
            Assert.All(codes, c => Assert.True(c == HttpStatusCode.OK || c == HttpStatusCode.Conflict, c.ToString()));
            // each job accepted exactly one validate
            Assert.Equal(8, codes.Where((c, i) => i % 4 == 0 && c == HttpStatusCode.OK).Count());
            Assert.Equal(208, svc.Sandbox.GetStatistics().Requests);
        }
    }
}
