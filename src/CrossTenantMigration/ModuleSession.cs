namespace CrossTenantMigration
{
    /// <summary>The connection that every cmdlet of the process uses, as with Connect-MgGraph.</summary>
    internal static class ModuleSession
    {
        private static IMigrationSession? _current;

        public static IMigrationSession? Current => _current;

        public static void Replace(IMigrationSession? session)
        {
            var previous = System.Threading.Interlocked.Exchange(ref _current, session);
            previous?.Dispose();
        }
    }
}
