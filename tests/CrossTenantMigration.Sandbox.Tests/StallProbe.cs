using System;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>Stands in for the wait of a stall: tells how long the sandbox asked to wait, and lets the test end the wait.</summary>
    internal sealed class StallProbe
    {
        private readonly TaskCompletionSource<TimeSpan> _started = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public StallProbe(SandboxHost sandbox)
        {
            sandbox.StallDelay = (duration, cancellationToken) =>
            {
                _started.TrySetResult(duration);
                return _release.Task.WaitAsync(cancellationToken);
            };
        }

        /// <summary>The duration of the first stall, once a request is stalled (fails the test after 30 s without one).</summary>
        public Task<TimeSpan> Started => _started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Release() => _release.TrySetResult();
    }
}
