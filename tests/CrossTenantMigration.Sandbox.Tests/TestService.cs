using System;
using System.Net.Http;
using CrossTenantMigration.Tests;

namespace CrossTenantMigration.Sandbox.Tests
{
    /// <summary>A sandbox and an HttpClient over its in-memory handler, with a token of the sandbox's own.</summary>
    internal sealed class TestService : ServiceClient
    {
        private readonly MigrationSandbox _sandbox;

        public TestService(SandboxOptions? options = null, SandboxCaller? caller = null)
            : this(new MigrationSandbox(options), caller)
        {
        }

        private TestService(MigrationSandbox sandbox, SandboxCaller? caller)
            : base(sandbox.CreateHandler(), sandbox.IssueToken(caller ?? Caller(), TimeSpan.FromHours(1)).AccessToken, sandbox.Host.Clock, sandbox.Host.Options)
        {
            _sandbox = sandbox;
        }

        /// <summary>The service: what a test steers and reads.</summary>
        public SandboxHost Sandbox => _sandbox.Host;

        /// <summary>The sandbox's administrator (who a sandbox connection signs in as), with what <paramref name="change"/> makes different.</summary>
        public static SandboxCaller Caller(Action<SandboxCaller>? change = null)
        {
            var caller = OpaqueTokens.Administrator();
            change?.Invoke(caller);
            return caller;
        }

        /// <summary>A handler of the same sandbox that sends no token of its own.</summary>
        public HttpMessageHandler CreateHandler() => _sandbox.CreateHandler();

        /// <summary>A token of this sandbox for <paramref name="caller"/>.</summary>
        public string IssueToken(SandboxCaller caller, TimeSpan lifetime) => _sandbox.IssueToken(caller, lifetime).AccessToken;
    }
}
