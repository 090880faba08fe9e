using System;

namespace CrossTenantMigration
{
    /// <summary>
    /// The log of the operation running on this async flow. A cmdlet opens a scope around its work,
    /// so that the HTTP pipeline, shared by every cmdlet of a session, reports to the cmdlet that is
    /// running now.
    /// </summary>
    public static class OperationLogScope
    {
        private static readonly AmbientValue<IOperationLog> CurrentLog = new AmbientValue<IOperationLog>();

        public static IOperationLog Current => CurrentLog.Value ?? NullOperationLog.Instance;

        public static IDisposable Begin(IOperationLog log) => CurrentLog.Begin(log);
    }
}
