using System;
using System.Reflection;

namespace CrossTenantMigration.Engine
{
    /// <summary>
    /// Loads the sandbox by name when a sandbox connection asks for it: the engine does not reference
    /// its assembly, so a token or credential connection never loads it.
    /// </summary>
    internal static class SandboxLoader
    {
        public static ISandbox Create(TimeSpan stepDuration)
        {
            // Assembly.Load resolves in the caller's load context: the module's own on PowerShell 7.
            var assembly = Assembly.Load(new AssemblyName(SandboxAssembly.Name));
            var factoryType = assembly.GetType(SandboxAssembly.FactoryTypeName, throwOnError: true)!;
            var factory = (ISandboxFactory)Activator.CreateInstance(factoryType)!;
            return factory.Create(stepDuration);
        }
    }
}
