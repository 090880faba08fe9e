using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>Made by name (<see cref="SandboxAssembly.FactoryTypeName"/>) when Connect-XtMigration -Sandbox asks for a sandbox.</summary>
    public sealed class SandboxFactory : ISandboxFactory
    {
        public ISandbox Create(TimeSpan stepDuration) => new MigrationSandbox(new SandboxOptions { StepDuration = stepDuration });
    }

    /// <summary>The in-memory transport: every request goes straight to the service.</summary>
    internal sealed class InMemoryHandler : HttpMessageHandler
    {
        private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _send;

        public InMemoryHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send) => _send = send;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => _send(request, cancellationToken);
    }
}
