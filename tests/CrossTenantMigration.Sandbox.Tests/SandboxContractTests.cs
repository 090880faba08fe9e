using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;
using static CrossTenantMigration.Tests.ServiceClient;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>The sandbox as Connect-XtMigration -Sandbox reaches it: by name, through ISandbox only.</summary>
    public class SandboxContractTests
    {
        private static ISandbox LoadByName(TimeSpan step)
        {
            var assembly = Assembly.Load(new AssemblyName(SandboxAssembly.Name));
            var factory = (ISandboxFactory)Activator.CreateInstance(assembly.GetType(SandboxAssembly.FactoryTypeName, throwOnError: true)!)!;
            return factory.Create(step);
        }

        [Fact]
        public void The_names_the_engine_loads_by_are_this_assembly_and_its_factory()
        {
            Assert.Equal(SandboxAssembly.Name, typeof(SandboxFactory).Assembly.GetName().Name);
            Assert.Equal(SandboxAssembly.FactoryTypeName, typeof(SandboxFactory).FullName);
            Assert.IsType<MigrationSandbox>(LoadByName(TimeSpan.FromSeconds(1)));
        }

        [Fact]
        public void The_sandbox_references_no_test_infrastructure_and_no_sign_in_library()
        {
            var references = typeof(MigrationSandbox).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
            Assert.DoesNotContain(references, n => n.Contains("Emulator", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
            Assert.DoesNotContain(references, n => n.StartsWith("Azure.", StringComparison.Ordinal));
            Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.Identity.Client", StringComparison.Ordinal));
            Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal)); // its tokens are opaque
            Assert.Contains("CrossTenantMigration.Model", references);
        }

        [Fact]
        public void Its_public_types_are_the_factory_and_the_hosting_surface()
        {
            var exported = typeof(SandboxHost).Assembly.GetExportedTypes().Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(
                new[]
                {
                    "CallerAuthentication", "EmulatedConnectionDropException", "FailurePhase", "FaultKind", "FaultSettings", "FaultTarget",
                    "ICallerAuthenticator", "SandboxCaller", "SandboxClock", "SandboxFactory", "SandboxHost", "SandboxOptions",
                    "ThrottleSettings", "UserFailure",
                },
                exported);
        }

        [Fact]
        public async Task A_sandbox_made_by_name_serves_its_own_tokens_and_counts_and_resets()
        {
            var sandbox = LoadByName(TimeSpan.FromSeconds(1));
            var token = sandbox.IssueToken(TimeSpan.FromMinutes(5));
            Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6));
            Assert.Equal("87654321-4321-4321-4321-210987654321", sandbox.TenantId);

            using var client = new HttpClient(sandbox.CreateHandler()) { BaseAddress = new Uri("https://sandbox.crosstenantmigration.invalid/") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            await ExpectAsync(await client.GetAsync(Root), HttpStatusCode.OK);
            var created = await client.PostAsync(Root, Json(new TestService().JobBody("by-name")));
            await ExpectAsync(created, HttpStatusCode.Created);

            var stats = sandbox.GetStatistics();
            Assert.Equal(2, stats.Requests);
            Assert.Equal(1, stats.ByMethod["GET"]);
            Assert.Equal(1, stats.ByMethod["POST"]);
            Assert.Equal(1, stats.Creates);
            Assert.Equal(1, stats.Jobs);

            var before = sandbox.Now;
            sandbox.AdvanceClock(TimeSpan.FromDays(1));
            Assert.True(sandbox.Now - before >= TimeSpan.FromDays(1));

            sandbox.Reset();
            Assert.Equal(0, sandbox.GetStatistics().Jobs);
            Assert.True(sandbox.Now - DateTimeOffset.UtcNow < TimeSpan.FromHours(1));
            await ExpectAsync(await client.GetAsync(Root), HttpStatusCode.OK); // the token outlives the reset
        }

        [Fact]
        public async Task Changing_the_step_applies_the_transitions_due_under_the_old_one_first()
        {
            using var svc = new TestService(new SandboxOptions { StepDuration = TimeSpan.FromMinutes(1) });
            var job = await svc.CreateAsync("step-change");
            string id = (string)job["id"]!;
            await svc.ActionAsync(id, "validate");
            svc.Advance(TimeSpan.FromMinutes(1)); // one step due: validateProcessing
            svc.Sandbox.ChangeOptions(o => o.StepDuration = TimeSpan.FromHours(1));
            Assert.Equal("validateProcessing", await svc.StatusAsync(id));
            svc.Advance(TimeSpan.FromMinutes(59));
            Assert.Equal("validateProcessing", await svc.StatusAsync(id));
            svc.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal("validateInProgress", await svc.StatusAsync(id));
        }

        [Fact]
        public void A_failure_for_an_unknown_workload_is_refused()
        {
            var sandbox = new MigrationSandbox().Host;
            Assert.Throws<ArgumentException>(() => sandbox.SetUserFailure(NewUser(), new UserFailure { Workload = "Yammer" }));
            Assert.False(sandbox.ClearUserFailure(NewUser()));
        }
    }
}
