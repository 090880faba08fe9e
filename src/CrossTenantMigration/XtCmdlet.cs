using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Protocol;

namespace CrossTenantMigration.Commands
{
    /// <summary>
    /// The base of every cmdlet: runs engine work off the pipeline thread and brings its messages back
    /// to it (PowerShell's streams may only be written from there), and stops that work on Ctrl+C.
    /// </summary>
    public abstract class XtCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private BlockingCollection<Action>? _pipelineQueue;

        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();

        /// <summary>Runs <paramref name="work"/> on the thread pool while this thread writes what it reports.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var queue = new BlockingCollection<Action>();
            var log = new PipelineLog(queue, this);
            _pipelineQueue = queue;
            var task = Task.Run(async () =>
            {
                using (OperationLogScope.Begin(log))
                    return await work(_stopping.Token).ConfigureAwait(false);
            });
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
            try
            {
                foreach (var action in queue.GetConsumingEnumerable(_stopping.Token))
                    action();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                _pipelineQueue = null;
            }
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Run(Func<CancellationToken, Task> work) =>
            Run<bool>(async token => { await work(token).ConfigureAwait(false); return true; });

        /// <summary>From engine callbacks during <see cref="Run{T}"/>: do this on the pipeline thread.</summary>
        protected void OnPipelineThread(Action action)
        {
            var queue = _pipelineQueue;
            if (queue == null) throw new InvalidOperationException("Only during Run.");
            try { queue.Add(action); }
            catch (InvalidOperationException) { /* the work has ended; nothing is listening */ }
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
            private readonly BlockingCollection<Action> _queue;
            private readonly Cmdlet _cmdlet;

            public PipelineLog(BlockingCollection<Action> queue, Cmdlet cmdlet)
            {
                _queue = queue;
                _cmdlet = cmdlet;
            }

            public void Verbose(string message) => Post(() => _cmdlet.WriteVerbose(message));
            public void Warning(string message) => Post(() => _cmdlet.WriteWarning(message));
            public void Debug(string message) => Post(() => _cmdlet.WriteDebug(message));

            private void Post(Action write)
            {
                try { _queue.Add(write); }
                catch (InvalidOperationException) { /* the work has ended */ }
            }
        }
    }
}
