using System;
using System.IO;
using System.Reflection;
using Xunit;

namespace CrossTenantMigration.PowerShell.Tests
{
    /// <summary>
    /// The Windows PowerShell resolver, driven with requests from the module's own assemblies and from
    /// foreign ones, over a module folder laid out as shipped (module/ and module/Dependencies/).
    /// </summary>
    public sealed class DesktopResolverTests : IDisposable
    {
        private readonly string _module = Path.Combine(Path.GetTempPath(), "xt-resolver-" + Guid.NewGuid().ToString("N"));
        private readonly string _dependencies;
        private readonly AssemblyName _shipped;

        public DesktopResolverTests()
        {
            _dependencies = Path.Combine(_module, "Dependencies");
            Directory.CreateDirectory(_dependencies);
            // A real, strong-named assembly stands for a dependency the module ships.
            var source = typeof(Xunit.Assert).Assembly.Location;
            File.Copy(source, Path.Combine(_dependencies, Path.GetFileName(source)));
            File.WriteAllText(Path.Combine(_dependencies, "notes.dll"), "not an assembly");
            _shipped = AssemblyName.GetAssemblyName(source);
        }

        public void Dispose() => Directory.Delete(_module, recursive: true);

        private DesktopResolver Resolver() => new DesktopResolver(_module, _dependencies);

        private AssemblyName Asked(Version version) => new AssemblyName(_shipped.FullName) { Version = version };

        /// <summary>An assembly loaded from the module's folder, as the module's own would be.</summary>
        private Assembly OwnAssembly()
        {
            var copy = Path.Combine(_module, "CrossTenantMigration.Model.dll");
            if (!File.Exists(copy)) File.Copy(typeof(MigrationJob).Assembly.Location, copy);
            return new FakeLocated(copy);
        }

        [Fact]
        public void Serves_the_modules_own_assemblies_whatever_version_they_ask_for()
        {
            var path = Resolver().PathFor(Asked(new Version(1, 0, 0, 0)), OwnAssembly());
            Assert.Equal(Path.Combine(_dependencies, Path.GetFileName(typeof(Xunit.Assert).Assembly.Location)), path);
        }

        [Fact]
        public void Never_hands_its_copy_to_another_modules_request()
        {
            var foreign = typeof(System.Management.Automation.PowerShell).Assembly;
            Assert.Null(Resolver().PathFor(Asked(new Version(1, 0, 0, 0)), foreign));
            Assert.Null(Resolver().PathFor(Asked(_shipped.Version!), foreign));
        }

        [Fact]
        public void Without_a_requester_serves_only_a_request_for_exactly_its_copy()
        {
            Assert.NotNull(Resolver().PathFor(Asked(_shipped.Version!), null));
            Assert.Null(Resolver().PathFor(Asked(new Version(_shipped.Version!.Major + 1, 0, 0, 0)), null));
            var otherKey = new AssemblyName(_shipped.Name!) { Version = _shipped.Version };
            otherKey.SetPublicKeyToken(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
            Assert.Null(Resolver().PathFor(otherKey, null));
        }

        [Fact]
        public void Knows_nothing_of_what_it_does_not_ship()
        {
            Assert.Null(Resolver().PathFor(new AssemblyName("System.Text.Json, Version=8.0.0.0"), OwnAssembly()));
            Assert.Null(Resolver().PathFor(new AssemblyName("notes"), OwnAssembly()));
        }

        [Fact]
        public void A_module_without_a_dependency_folder_serves_nothing()
        {
            var resolver = new DesktopResolver(_module, Path.Combine(_module, "missing"));
            Assert.Null(resolver.PathFor(Asked(_shipped.Version!), OwnAssembly()));
        }

        /// <summary>An assembly whose Location is a file in the module folder.</summary>
        private sealed class FakeLocated : Assembly
        {
            public FakeLocated(string location) => Location = location;
            public override string Location { get; }
        }
    }
}
