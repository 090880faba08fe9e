using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Commands;
using Xunit;

namespace CrossTenantMigration.PowerShell.Tests
{
    /// <summary>A cmdlet built on XtCmdlet that exercises its bridge between engine threads and the pipeline thread.</summary>
    [Cmdlet("Invoke", "XtBridgeProbe")]
    public sealed class InvokeXtBridgeProbeCommand : XtCmdlet
    {
        internal static readonly ManualResetEventSlim Waiting = new ManualResetEventSlim();

        [Parameter(Mandatory = true)]
        public string Mode { get; set; } = "";

        protected override void OnProcessRecord()
        {
            var pipelineThread = Environment.CurrentManagedThreadId;
            switch (Mode)
            {
                case "log":
                    var startThread = 0;
                    var workThread = Run(async token =>
                    {
                        startThread = Environment.CurrentManagedThreadId;
                        OperationLogScope.Current.Verbose("verbose from the engine");
                        await Task.Yield();
                        OperationLogScope.Current.Warning("warning from the engine");
                        OnPipelineThread(() => WriteObject(Environment.CurrentManagedThreadId == pipelineThread));
                        return Environment.CurrentManagedThreadId;
                    });
                    WriteObject(startThread == pipelineThread);
                    WriteObject(workThread != pipelineThread);
                    break;
                case "item-errors":
                    foreach (var item in new[] { "a", "b" })
                        ForItem(item, () => throw new ServiceException(ErrorIds.JobNotFound, FailureKind.NotFound, $"{item} is gone"));
                    WriteObject("went on");
                    break;
                case "engine-failure":
                    ForItem("x", () => Run<int>(token => throw new ServiceException(ErrorIds.ServiceUnavailable, FailureKind.Unavailable, "from the engine thread")));
                    WriteObject("went on");
                    break;
                case "terminating":
                    ForAll(() => throw new ServiceException(ErrorIds.ServiceUnavailable, FailureKind.Unavailable, "the whole list failed"));
                    WriteObject("not reached");
                    break;
                case "wait-forever":
                    Run(async token =>
                    {
                        Waiting.Set();
                        await Task.Delay(Timeout.Infinite, token);
                    });
                    WriteObject("not reached");
                    break;
            }
        }
    }

    public class PipelineBridgeTests
    {
        private static System.Management.Automation.PowerShell Shell()
        {
            var state = InitialSessionState.CreateDefault2();
            state.Commands.Add(new SessionStateCmdletEntry("Invoke-XtBridgeProbe", typeof(InvokeXtBridgeProbeCommand), null));
            state.Commands.Add(new SessionStateCmdletEntry("Get-XtMigrationJob", typeof(GetXtMigrationJobCommand), null));
            state.Commands.Add(new SessionStateCmdletEntry("Disconnect-XtMigration", typeof(DisconnectXtMigrationCommand), null));
            return System.Management.Automation.PowerShell.Create(state);
        }

        [Fact]
        public void Engine_work_starts_on_the_pipeline_thread_goes_on_off_it_from_its_first_wait_and_its_messages_reach_the_streams()
        {
            using var ps = Shell();
            ps.AddCommand("Invoke-XtBridgeProbe").AddParameter("Mode", "log").AddParameter("Verbose");
            var output = ps.Invoke();
            // Written on the pipeline thread from the engine; the work's start on it (no hop to the pool); the rest off it.
            Assert.Equal(new object[] { true, true, true }, output.Select(o => o.BaseObject));
            Assert.Equal("verbose from the engine", Assert.Single(ps.Streams.Verbose).Message);
            Assert.Equal("warning from the engine", Assert.Single(ps.Streams.Warning).Message);
            Assert.False(ps.HadErrors);
        }

        [Theory]
        [InlineData("Continue", false, 0)]
        [InlineData("SilentlyContinue", true, 1)]
        [InlineData("Continue", null, 1)]
        [InlineData("SilentlyContinue", null, 0)]
        public void Engine_verbose_messages_follow_the_Verbose_switch_else_the_preference(string preference, bool? verboseSwitch, int expected)
        {
            using var ps = Shell();
            ps.Runspace.SessionStateProxy.SetVariable("VerbosePreference", Enum.Parse(typeof(ActionPreference), preference));
            ps.AddCommand("Invoke-XtBridgeProbe").AddParameter("Mode", "log");
            if (verboseSwitch.HasValue) ps.AddParameter("Verbose", new SwitchParameter(verboseSwitch.Value));
            ps.Invoke();
            Assert.Equal(expected, ps.Streams.Verbose.Count);
            Assert.Equal("warning from the engine", Assert.Single(ps.Streams.Warning).Message);
        }

        [Fact]
        public void Engine_work_never_waits_on_a_synchronization_context_of_the_hosts_pipeline_thread()
        {
            // A host whose pipeline thread has a synchronization context that nothing pumps while the pipeline
            // runs (a UI thread running the pipeline, say): a continuation of the work posted there would never
            // run, and the cmdlet would hang.
            object?[]? output = null;
            Exception? failure = null;
            var host = new Thread(() =>
            {
                try
                {
                    SynchronizationContext.SetSynchronizationContext(new UnpumpedContext());
                    var state = InitialSessionState.CreateDefault2();
                    state.Commands.Add(new SessionStateCmdletEntry("Invoke-XtBridgeProbe", typeof(InvokeXtBridgeProbeCommand), null));
                    using var runspace = RunspaceFactory.CreateRunspace(state);
                    runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
                    runspace.Open();
                    using var ps = System.Management.Automation.PowerShell.Create();
                    ps.Runspace = runspace;
                    ps.AddCommand("Invoke-XtBridgeProbe").AddParameter("Mode", "log");
                    output = ps.Invoke().Select(o => o.BaseObject).ToArray();
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
            }) { IsBackground = true };
            host.Start();
            Assert.True(host.Join(TimeSpan.FromMinutes(1)), "the cmdlet hung on the host's synchronization context");
            Assert.Null(failure);
            Assert.Equal(new object[] { true, true, true }, output);
        }

        /// <summary>A synchronization context that queues what is posted to it and never runs it.</summary>
        private sealed class UnpumpedContext : SynchronizationContext
        {
            public override void Post(SendOrPostCallback d, object? state) { }
            public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();
        }

        [Fact]
        public void A_failed_item_is_a_non_terminating_error_and_the_cmdlet_goes_on()
        {
            using var ps = Shell();
            ps.AddCommand("Invoke-XtBridgeProbe").AddParameter("Mode", "item-errors");
            var output = ps.Invoke();
            Assert.Equal("went on", Assert.Single(output).BaseObject);
            Assert.Equal(new[] { "a", "b" }, ps.Streams.Error.Select(e => (string)e.TargetObject));
            Assert.All(ps.Streams.Error, e => Assert.StartsWith(ErrorIds.JobNotFound + ",", e.FullyQualifiedErrorId));
            Assert.All(ps.Streams.Error, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
        }

        [Fact]
        public void A_failure_on_an_engine_thread_comes_back_as_the_items_error()
        {
            using var ps = Shell();
            ps.AddCommand("Invoke-XtBridgeProbe").AddParameter("Mode", "engine-failure");
            var output = ps.Invoke();
            Assert.Equal("went on", Assert.Single(output).BaseObject);
            var error = Assert.Single(ps.Streams.Error);
            Assert.Equal("from the engine thread", error.Exception.Message);
            Assert.StartsWith(ErrorIds.ServiceUnavailable + ",", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void A_failure_of_the_whole_cmdlet_is_terminating()
        {
            using var ps = Shell();
            ps.AddCommand("Invoke-XtBridgeProbe").AddParameter("Mode", "terminating");
            var thrown = Assert.ThrowsAny<RuntimeException>(() => ps.Invoke());
            Assert.StartsWith(ErrorIds.ServiceUnavailable + ",", thrown.ErrorRecord.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceUnavailable, thrown.ErrorRecord.CategoryInfo.Category);
        }

        [Fact]
        public void Not_connected_is_terminating_with_its_id()
        {
            using var ps = Shell();
            ps.AddCommand("Disconnect-XtMigration").Invoke();
            ps.Commands.Clear();
            ps.AddCommand("Get-XtMigrationJob");
            var thrown = Assert.ThrowsAny<RuntimeException>(() => ps.Invoke());
            Assert.Equal(ErrorIds.NotConnected + ",CrossTenantMigration.Commands.GetXtMigrationJobCommand", thrown.ErrorRecord.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, thrown.ErrorRecord.CategoryInfo.Category);
        }

        [Fact]
        public async Task Stopping_the_pipeline_cancels_the_engine_work()
        {
            using var ps = Shell();
            InvokeXtBridgeProbeCommand.Waiting.Reset();
            ps.AddCommand("Invoke-XtBridgeProbe").AddParameter("Mode", "wait-forever");
            var invocation = ps.BeginInvoke();
            Assert.True(InvokeXtBridgeProbeCommand.Waiting.Wait(TimeSpan.FromMinutes(1)), "the probe never started its work");
            await Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop);
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(invocation));
        }
    }
}
