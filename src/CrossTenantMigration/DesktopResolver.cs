using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace CrossTenantMigration
{
    /// <summary>
    /// Windows PowerShell 5.1: decides which assembly requests the module's Dependencies folder answers.
    /// powershell.exe's configuration cannot carry binding redirects, so the module's own assemblies get
    /// the copy it ships whatever version they ask for. Nobody else does: another module asking for its own
    /// version of System.Memory, System.Text.Json or MSAL must not be handed the module's copy, unless the
    /// request names exactly that copy (same name, version and public key token).
    /// </summary>
    internal sealed class DesktopResolver
    {
        private readonly string _moduleDirectory;
        private readonly Dictionary<string, (string Path, AssemblyName Name)> _shipped;

        public DesktopResolver(string moduleDirectory, string dependencyDirectory)
        {
            _moduleDirectory = Normalize(moduleDirectory);
            _shipped = new Dictionary<string, (string, AssemblyName)>(StringComparer.OrdinalIgnoreCase);
            if (!Directory.Exists(dependencyDirectory)) return;
            foreach (var path in Directory.GetFiles(dependencyDirectory, "*.dll"))
            {
                try
                {
                    var name = AssemblyName.GetAssemblyName(path);
                    if (name.Name != null) _shipped[name.Name] = (path, name);
                }
                catch (Exception ex) when (ex is BadImageFormatException || ex is IOException)
                {
                    // Not an assembly: nothing to serve from it.
                }
            }
        }

        /// <summary>The file to load for this request, or null to leave it to others.</summary>
        public string? PathFor(AssemblyName requested, Assembly? requestingAssembly)
        {
            if (requested.Name == null || !_shipped.TryGetValue(requested.Name, out var copy)) return null;
            if (requestingAssembly != null) return IsOurs(requestingAssembly) ? copy.Path : null;
            return IsExactly(copy.Name, requested) ? copy.Path : null;
        }

        /// <summary>An assembly the module loaded: from its own folder or its Dependencies folder.</summary>
        private bool IsOurs(Assembly assembly)
        {
            string location;
            try { location = assembly.Location; }
            catch (NotSupportedException) { return false; } // dynamic assemblies have no file
            return !string.IsNullOrEmpty(location) && Normalize(Path.GetDirectoryName(location)!).StartsWith(_moduleDirectory, StringComparison.OrdinalIgnoreCase);
        }

        private static bool IsExactly(AssemblyName shipped, AssemblyName requested) =>
            requested.Version != null && requested.Version == shipped.Version &&
            PublicKeyToken(requested) == PublicKeyToken(shipped);

        private static string PublicKeyToken(AssemblyName name) =>
            BitConverter.ToString(name.GetPublicKeyToken() ?? Array.Empty<byte>());

        private static string Normalize(string directory) =>
            Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
    }
}
