using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace CrossTenantMigration
{
    /// <summary>
    /// Makes the module's dependencies load from its Dependencies folder and never clash with other
    /// modules' copies. On PowerShell 7 the engine and everything it needs load into the module's own
    /// AssemblyLoadContext. On Windows PowerShell 5.1 an AssemblyResolve handler serves the same folder.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        // The assembly PowerShell's side asks for by name; everything else (the sandbox included) follows from it.
        private static readonly string[] BridgeAssemblies = { "CrossTenantMigration.Engine" };

        internal static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
        internal static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "Dependencies");
        private static readonly bool IsCoreClr = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader") != null
            || typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") != null;

        private static readonly object Gate = new object();
        private static bool _registered;
        private static DesktopResolver? _desktop;

        public void OnImport()
        {
            lock (Gate)
            {
                if (_registered) return;
                if (IsCoreClr)
                {
                    CoreClrResolver.Register(DependencyDirectory, BridgeAssemblies);
                    FirstCallWarmUp.Start();
                }
                else
                {
                    _desktop = new DesktopResolver(ModuleDirectory, DependencyDirectory);
                    AppDomain.CurrentDomain.AssemblyResolve += ResolveForDesktop;
                }
                _registered = true;
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            // The load context stays: assemblies cannot be unloaded, and a re-import must find them again.
            if (!IsCoreClr) lock (Gate) { AppDomain.CurrentDomain.AssemblyResolve -= ResolveForDesktop; _registered = false; }
        }

        // Windows PowerShell: the module's own assemblies get the copies it ships, whatever version
        // they ask for (a run-time binding redirect); nobody else does (see DesktopResolver).
        private static Assembly? ResolveForDesktop(object? sender, ResolveEventArgs args)
        {
            var path = _desktop?.PathFor(new AssemblyName(args.Name), args.RequestingAssembly);
            return path == null ? null : Assembly.LoadFrom(path);
        }
    }
}
