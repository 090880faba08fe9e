using CrossTenantMigration.Protocol;

namespace CrossTenantMigration
{
    /// <summary>The connection that every cmdlet of the process uses, as with Connect-MgGraph.</summary>
    internal static class ModuleSession
    {
        private static MigrationClient? _current;

        public static MigrationClient? Current => _current;

        public static void Replace(MigrationClient? client)
        {
            var previous = System.Threading.Interlocked.Exchange(ref _current, client);
            previous?.Dispose();
        }
    }
}
