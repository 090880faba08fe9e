using System;
using System.Threading;

namespace CrossTenantMigration
{
    /// <summary>
    /// The log of the operation running on this async flow. A cmdlet opens a scope around its work,
    /// so that the HTTP pipeline, shared by every cmdlet of a session, reports to the cmdlet that is
    /// running now.
    /// </summary>
    public static class OperationLogScope
    {
        private static readonly AsyncLocal<IOperationLog?> CurrentLog = new AsyncLocal<IOperationLog?>();

        public static IOperationLog Current => CurrentLog.Value ?? NullOperationLog.Instance;

        public static IDisposable Begin(IOperationLog log)
        {
            var previous = CurrentLog.Value;
            CurrentLog.Value = log;
            return new Restore(previous);
        }

        private sealed class Restore : IDisposable
        {
            private readonly IOperationLog? _previous;
            public Restore(IOperationLog? previous) => _previous = previous;
            public void Dispose() => CurrentLog.Value = _previous;
        }
    }
}
