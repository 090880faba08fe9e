using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace CrossTenantMigration
{
    /// <summary>
    /// PowerShell 7 only (never touched on Windows PowerShell, where the type does not exist).
    /// Loads the engine and every assembly it ships into one context of its own, whatever versions
    /// other modules have loaded into the default context. The framework's own assemblies stay shared
    /// unless the framework's copy is older than the one the module needs.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly string ModelAssemblyName = typeof(MigrationJob).Assembly.GetName().Name!;
        private readonly string _directory;
        private readonly Dictionary<string, string> _platformAssemblies;
        // The first call's warm-up and the pipeline thread may ask for the same assembly at once: one decides, once.
        private readonly Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);

        public DependencyLoadContext(string directory)
        {
            _directory = directory;
            _platformAssemblies = ReadTrustedPlatformAssemblies();
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name;
            if (string.IsNullOrEmpty(name)) return null;
            // The types shared with PowerShell's side must be the very same ones.
            if (name == ModelAssemblyName) return typeof(MigrationJob).Assembly;

            var path = Path.Combine(_directory, name + ".dll");
            if (!File.Exists(path)) return null;
            if (_platformAssemblies.TryGetValue(name!, out var platformPath) && PlatformIsRecentEnough(platformPath, assemblyName))
                return null;
            lock (_loaded)
            {
                if (!_loaded.TryGetValue(name!, out var assembly)) _loaded[name!] = assembly = LoadFromAssemblyPath(path);
                return assembly;
            }
        }

        private static bool PlatformIsRecentEnough(string platformPath, AssemblyName requested)
        {
            try
            {
                var platform = AssemblyName.GetAssemblyName(platformPath).Version;
                return requested.Version == null || (platform != null && platform >= requested.Version);
            }
            catch (Exception ex) when (ex is IOException || ex is BadImageFormatException)
            {
                return false;
            }
        }

        private static Dictionary<string, string> ReadTrustedPlatformAssemblies()
        {
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            return list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries)
                .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>Sends the default context's requests for the module's bridge assemblies to its own context.</summary>
    internal static class CoreClrResolver
    {
        public static void Register(string dependencyDirectory, IReadOnlyCollection<string> bridgeAssemblies)
        {
            // Made on the first request for the engine (the first call's warm-up or the first connection), not by the import.
            var context = new Lazy<DependencyLoadContext>(() => new DependencyLoadContext(dependencyDirectory));
            AssemblyLoadContext.Default.Resolving += (defaultContext, name) =>
                bridgeAssemblies.Contains(name.Name) ? context.Value.LoadFromAssemblyName(name) : null;
        }
    }
}
