using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
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
        /// <summary>How long a stopping command waits for the requests already under way (the answers of actions).</summary>
        internal static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(5);
        // After the settle time, how long the work given up has to end (cancelled requests end at once).
        private static readonly TimeSpan AbandonTime = TimeSpan.FromSeconds(2);

        // Ends reads and waits at once when the command stops.
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        // Ends actions still under way once the settle time is over.
        private readonly CancellationTokenSource _abandon = new CancellationTokenSource();
        private readonly CommandStop _stop = new CommandStop();
        private readonly HashSet<BackgroundWork> _work = new HashSet<BackgroundWork>(); // under way, or ended having changed something
        private readonly BlockingCollection<Action> _pipeline = new BlockingCollection<Action>();
        private PipelineLog? _log;
        private bool _settled;
        private bool _outputClosed; // while stopping: the pipeline took no more output

        protected CancellationToken StopToken => _stopping.Token;

        // Ctrl+C, or PowerShell stopping the pipeline: nothing new is sent, and the pipeline thread stops pumping.
        protected override void StopProcessing()
        {
            _stop.Stop();
            _stopping.Cancel();
        }

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

        /// <summary>
        /// A step that ends by an exception (a terminating error, -ErrorAction Stop, Ctrl+C, a Select-Object -First
        /// further down) stops the command cleanly before the exception goes on: see <see cref="StopCleanly"/>.
        /// </summary>
        private void Guarded(Action step)
        {
            try
            {
                step();
            }
            catch
            {
                StopCleanly();
                throw;
            }
        }

        // The pipeline has ended. Work still running (the pipeline was stopped while another command ran) stops now.
        public void Dispose()
        {
            bool running;
            lock (_work) running = _work.Any(w => !w.Task.IsCompleted);
            if (running || _stop.IsStopped) StopCleanly();
            _stopping.Dispose();
            _abandon.Dispose();
            _pipeline.Dispose();
        }

        /// <summary>
        /// Stops the command's background work: no new request is sent from now on; the requests under way are
        /// given <see cref="SettleTime"/> to answer, then given up; each action the service accepted whose answer
        /// the cmdlet did not write is named in a warning. Nothing of the command runs once this returns.
        /// </summary>
        private void StopCleanly()
        {
            if (_settled) return;
            _settled = true;
            _stop.Stop();
            _stopping.Cancel();
            List<BackgroundWork> work;
            lock (_work) work = _work.ToList();
            var running = work.Select(w => w.Task).Where(t => !t.IsCompleted).ToArray();
            if (running.Length > 0)
            {
                var all = Task.WhenAll(running);
                DrainUntil(all, SettleTime);
                _abandon.Cancel();
                DrainUntil(all, AbandonTime);
            }
            foreach (var unwritten in work.Where(w => !w.Reported && w.Gate.HasAccepted))
                WarnEvenIfStopped($"The command stopped after the service accepted {unwritten.Description ?? string.Join(", ", unwritten.Gate.AcceptedActions)}; " +
                    "its answer was not written to the output. Look at the job with Get-XtMigrationJob before acting on it again.");
        }

        /// <summary>While background work ends, writes what it reports, as far as the pipeline still takes it.</summary>
        private void DrainUntil(Task task, TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            _ = task.ContinueWith(_ => Post(() => { }), TaskScheduler.Default); // wakes the wait below
            while (!task.IsCompleted)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return;
                if (_pipeline.TryTake(out var action, left)) TryWrite(action);
            }
            while (_pipeline.TryTake(out var rest)) TryWrite(rest);
        }

        /// <summary>A write while the command stops: dropped once the pipeline takes no more output.</summary>
        private void TryWrite(Action write)
        {
            if (_outputClosed) return;
            try { write(); }
            catch (PipelineStoppedException) { _outputClosed = true; }
            catch (ActionPreferenceStopException) { /* an error under -ErrorAction Stop: the command is stopping already */ }
            catch (Exception ex) when (ex is MigrationException || ex is InvalidOperationException) { }
        }

        /// <summary>A warning that reaches the user even when the pipeline has stopped (then through the host).</summary>
        private void WarnEvenIfStopped(string message)
        {
            if (!_outputClosed)
            {
                try { WriteWarning(message); return; }
                catch (PipelineStoppedException) { _outputClosed = true; }
                catch (ActionPreferenceStopException) { return; } // -WarningAction Stop: PowerShell has shown it
                catch (InvalidOperationException) { }
            }
            try { Host?.UI?.WriteWarningLine(message); }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is InvalidOperationException || ex is NotImplementedException) { }
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
        /// Starts work that only reads, in the background: when the command stops, it ends at once. What it reports
        /// is written when the pipeline thread pumps.
        /// </summary>
        protected Task<T> Start<T>(Func<CancellationToken, Task<T>> work) => Start(work, _stopping.Token, null);

        /// <summary>
        /// Starts an action in the background (it may change what the service holds): when the command stops, a
        /// request already under way is given <see cref="SettleTime"/> to answer, and if the service accepted it
        /// and the cmdlet has not written its answer (<see cref="Reported"/>), a warning names
        /// <paramref name="description"/>.
        /// </summary>
        protected Task<T> StartAction<T>(string description, Func<CancellationToken, Task<T>> work) => Start(work, _abandon.Token, description);

        /// <summary>The cmdlet has written the answer of this work (or its error): a stop need not name it.</summary>
        protected void Reported(Task task)
        {
            lock (_work)
                foreach (var w in _work)
                    if (ReferenceEquals(w.Task, task)) w.Reported = true;
        }

        /// <summary>
        /// The work begins on this thread and goes on on the thread pool from its first wait (a request on the
        /// network): no hop to the pool and back for each request. Without a synchronization context, so that
        /// nothing it awaits comes back to this thread, which is busy pumping. Nothing starts once the command stopped.
        /// </summary>
        private Task<T> Start<T>(Func<CancellationToken, Task<T>> work, CancellationToken token, string? description)
        {
            var log = _log ??= new PipelineLog(this);
            var gate = new RequestGate(_stop);
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            Task<T> task;
            try
            {
                using (OperationLogScope.Begin(log))
                using (RequestGate.Begin(gate))
                    task = work(token);
            }
            catch (Exception ex)
            {
                task = Task.FromException<T>(ex);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
            var entry = new BackgroundWork(task, gate, description);
            lock (_work) _work.Add(entry);
            // Work that has ended and changed nothing need not be kept for a stop to look at, nor its result held
            // (a report's jobs of 2,000 users each).
            task.ContinueWith(_ =>
            {
                if (!gate.HasAccepted) lock (_work) _work.Remove(entry);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return task;
        }

        private sealed class BackgroundWork
        {
            public BackgroundWork(Task task, RequestGate gate, string? description)
            {
                Task = task;
                Gate = gate;
                Description = description;
            }

            public Task Task { get; }
            public RequestGate Gate { get; }
            /// <summary>What an action does, for a warning; null for work that only reads (its requests name it then).</summary>
            public string? Description { get; }
            public bool Reported { get; set; }
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
