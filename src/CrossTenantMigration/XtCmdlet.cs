using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    /// <summary>
    /// The base of every cmdlet: lets engine work go on while the pipeline thread waits, and brings what it
    /// reports back to that thread (PowerShell's streams may only be written from there), and stops that
    /// work on Ctrl+C.
    /// Work may also go on in the background across input items (<see cref="Start{T}"/>): what it
    /// reports waits in the cmdlet's queue until the pipeline thread pumps it.
    /// </summary>
    public abstract class XtCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly BlockingCollection<Action> _pipeline = new BlockingCollection<Action>();
        private PipelineLog? _log;

        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        // PowerShell's steps, sealed so that every cmdlet's work goes through one place that can stop it cleanly.
        protected sealed override void BeginProcessing() => Guarded(OnBeginProcessing);
        protected sealed override void ProcessRecord() => Guarded(OnProcessRecord);
        protected sealed override void EndProcessing() => Guarded(OnEndProcessing);

        /// <summary>The cmdlet's BeginProcessing.</summary>
        protected virtual void OnBeginProcessing() { }

        /// <summary>The cmdlet's ProcessRecord.</summary>
        protected virtual void OnProcessRecord() { }

        /// <summary>The cmdlet's EndProcessing.</summary>
        protected virtual void OnEndProcessing() { }

        private static void Guarded(Action step) => step();

        public void Dispose()
        {
            _stopping.Dispose();
            _pipeline.Dispose();
        }

        /// <summary>Runs <paramref name="work"/> (see <see cref="Start{T}"/>) while this thread writes what it reports.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var task = Start(work);
            PumpUntil(task);
            return ResultOf(task);
        }

        protected void Run(Func<CancellationToken, Task> work) =>
            Run<bool>(async token => { await work(token).ConfigureAwait(false); return true; });

        /// <summary>
        /// Starts work that goes on in the background; what it reports is written when the pipeline thread pumps.
        /// The work begins on this thread and goes on on the thread pool from its first wait (a request on the
        /// network): no hop to the pool and back for each request. Without a synchronization context, so that
        /// nothing it awaits comes back to this thread, which is busy pumping.
        /// </summary>
        protected Task<T> Start<T>(Func<CancellationToken, Task<T>> work)
        {
            var log = _log ??= new PipelineLog(this);
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                using (OperationLogScope.Begin(log))
                    return work(_stopping.Token);
            }
            catch (Exception ex)
            {
                return Task.FromException<T>(ex);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
        }

        /// <summary>Runs <paramref name="work"/> once <paramref name="gate"/> lets it: a bound on the requests under way.</summary>
        protected static async Task<T> Bounded<T>(SemaphoreSlim gate, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await work(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>Does on the pipeline thread what background work has reported so far, without waiting.</summary>
        protected void Pump()
        {
            while (_pipeline.TryTake(out var action)) action();
        }

        /// <summary>Pumps what background work reports until <paramref name="task"/> has ended; Ctrl+C stops it.</summary>
        protected void PumpUntil(Task task)
        {
            if (!task.IsCompleted) task.ContinueWith(_ => Post(() => { }), TaskScheduler.Default); // wakes the pump
            try
            {
                while (!task.IsCompleted) _pipeline.Take(_stopping.Token)();
                Pump();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>The result of ended work; a cancellation by Ctrl+C stops the pipeline.</summary>
        protected T ResultOf<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>From engine callbacks: do this on the pipeline thread (at the next pump).</summary>
        protected void OnPipelineThread(Action action) => Post(action);

        private void Post(Action action)
        {
            try { _pipeline.Add(action); }
            catch (ObjectDisposedException) { /* the cmdlet has ended; nothing is listening */ }
            catch (InvalidOperationException) { }
        }

        /// <summary>The current connection, or a terminating NotConnected error.</summary>
        protected MigrationClient RequireClient() =>
            ModuleSession.Current ?? throw Terminate(new NotConnectedException());

        /// <summary>
        /// The cmdlet cannot go on: a terminating error. Written as <c>throw Terminate(...)</c> so that
        /// the compiler knows nothing follows.
        /// </summary>
        protected Exception Terminate(MigrationException exception, object? target = null)
        {
            ThrowTerminatingError(ErrorRecords.From(exception, target));
            return exception; // not reached: ThrowTerminatingError throws
        }

        /// <summary>One input item failed, the next may not: a non-terminating error.</summary>
        protected void Write(MigrationException exception, object? target = null) =>
            WriteError(ErrorRecords.From(exception, target));

        /// <summary>Runs the work for one input item; its failure is a non-terminating error, Ctrl+C still stops.</summary>
        protected void ForItem(object? target, Action action)
        {
            try
            {
                action();
            }
            catch (MigrationException ex)
            {
                Write(ex, target);
            }
        }

        /// <summary>Runs work that concerns the whole cmdlet; its failure is a terminating error.</summary>
        protected void ForAll(Action action)
        {
            try
            {
                action();
            }
            catch (MigrationException ex)
            {
                throw Terminate(ex);
            }
        }

        private sealed class PipelineLog : IOperationLog
        {
            private readonly XtCmdlet _cmdlet;

            public PipelineLog(XtCmdlet cmdlet)
            {
                _cmdlet = cmdlet;
                IsVerbose = ShowsVerbose(cmdlet);
            }

            // -Verbose, or else $VerbosePreference where the cmdlet runs: what WriteVerbose itself would decide.
            private static bool ShowsVerbose(PSCmdlet cmdlet)
            {
                if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out var bound))
                    return bound is SwitchParameter flag ? flag.IsPresent : LanguagePrimitives.IsTrue(bound);
                var preference = cmdlet.GetVariableValue("VerbosePreference", ActionPreference.SilentlyContinue);
                return !(preference is ActionPreference value) || (value != ActionPreference.SilentlyContinue && value != ActionPreference.Ignore);
            }

            public bool IsVerbose { get; }

            // Nothing is queued for the pipeline thread when it would not be shown (a request's line, on every request).
            public void Verbose(string message)
            {
                if (IsVerbose) _cmdlet.Post(() => _cmdlet.WriteVerbose(message));
            }
            public void Warning(string message) => _cmdlet.Post(() => _cmdlet.WriteWarning(message));
            public void Debug(string message) => _cmdlet.Post(() => _cmdlet.WriteDebug(message));
        }
    }
}
