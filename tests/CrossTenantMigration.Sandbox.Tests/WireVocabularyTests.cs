using System.Linq;
using Xunit;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>
    /// The sandbox spells the service's enums on its own (WireJobStatus, WireServiceStatus, WireWorkload) so that it
    /// checks the client instead of echoing it; here the two vocabularies must agree, but for the one documented
    /// difference: the model leaves unknownFutureValue out, so that a job reporting it reads as a status it does not know.
    /// </summary>
    public class WireVocabularyTests
    {
        [Fact]
        public void The_model_knows_every_job_status_on_the_wire_but_unknownFutureValue()
        {
            Assert.Equal(WireJobStatus.All.Where(s => s != WireJobStatus.UnknownFutureValue), JobStatus.All);
            Assert.Equal(WireJobStatus.UnknownFutureValue, JobStatus.UnknownFutureValue);
            Assert.False(JobStatus.IsKnown(WireJobStatus.UnknownFutureValue));
        }

        [Fact]
        public void The_model_knows_every_workload_status_on_the_wire_but_unknownFutureValue()
        {
            Assert.Equal(WireServiceStatus.All.Where(s => s != WireServiceStatus.UnknownFutureValue), WorkloadStatus.All);
            Assert.Null(WorkloadStatus.Normalize(WireServiceStatus.UnknownFutureValue));
        }

        [Fact]
        public void The_workloads_are_the_same_on_both_sides()
        {
            Assert.Equal(WireWorkload.All, Workload.Reported);
            Assert.Equal(WireWorkload.Requestable, Workload.Requestable);
        }
    }
}
