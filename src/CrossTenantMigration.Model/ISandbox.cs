using System;
using System.Collections.Generic;
using System.Net.Http;

namespace CrossTenantMigration
{
    /// <summary>
    /// The emulated service that <c>Connect-XtMigration -Sandbox</c> talks to, in memory: what the engine connects
    /// with (its tenant, its handler, its tokens) and what a test steers. Nothing references its assembly: it is
    /// loaded by name (<see cref="SandboxAssembly"/>) only when a sandbox connection asks for it, so that a real
    /// connection never loads it.
    /// </summary>
    public interface ISandbox : ISandboxSteering
    {
        /// <summary>The tenant the emulated service belongs to (the migration target).</summary>
        string TenantId { get; }

        /// <summary>An in-memory handler (no sockets) that serves the Graph routes of the service.</summary>
        HttpMessageHandler CreateHandler();

        /// <summary>A bearer token with CrossTenantContentMigration.ReadWrite.All and User.ReadBasic.All that this sandbox accepts.</summary>
        SandboxToken IssueToken(TimeSpan lifetime);
    }

    /// <summary>
    /// What a test steers in the service a connection talks to: its settings, its clock and its counters. A
    /// connection offers it (<see cref="MigrationConnection.Steering"/>) only when its service can be steered.
    /// </summary>
    public interface ISandboxSteering
    {
        /// <summary>The sandbox's clock: real time plus every advance; job statuses move by it.</summary>
        DateTimeOffset Now { get; }

        /// <summary>Moves the sandbox's clock forward (never back).</summary>
        void AdvanceClock(TimeSpan by);

        /// <summary>The request counters since the sandbox started or was last reset.</summary>
        SandboxStatistics GetStatistics();

        /// <summary>Back to an empty service: no jobs, no directory users, counters at zero, settings and clock at their defaults.</summary>
        void Reset();

        /// <summary>The settings a test steers, as in effect now.</summary>
        SandboxSettings GetSettings();

        /// <summary>
        /// Applies the properties of <paramref name="change"/> that are set, all or none (after the status changes
        /// that fell due under the old settings), and returns the settings in effect. A <see cref="SandboxSettingsChange.Now"/>
        /// before the sandbox's clock is an <see cref="InputValidationException"/> (InvalidSandboxTime).
        /// </summary>
        SandboxSettings ChangeSettings(SandboxSettingsChange change);
    }

    /// <summary>Creates a sandbox; the sandbox assembly has one, named by <see cref="SandboxAssembly.FactoryTypeName"/>.</summary>
    public interface ISandboxFactory
    {
        /// <param name="stepDuration">How long each intermediate job status lasts.</param>
        ISandbox Create(TimeSpan stepDuration);
    }

    /// <summary>Where the sandbox lives, for loading it by name.</summary>
    public static class SandboxAssembly
    {
        public const string Name = "CrossTenantMigration.Sandbox";
        public const string FactoryTypeName = "CrossTenantMigration.Sandbox.SandboxFactory";
    }

    /// <summary>A token the sandbox issued.</summary>
    public sealed class SandboxToken
    {
        public SandboxToken(string accessToken, DateTimeOffset expiresOn)
        {
            AccessToken = accessToken;
            ExpiresOn = expiresOn;
        }

        public string AccessToken { get; }
        public DateTimeOffset ExpiresOn { get; }
    }

    /// <summary>What the sandbox has counted.</summary>
    public sealed class SandboxStatistics
    {
        /// <summary>Graph requests received.</summary>
        public long Requests { get; set; }
        /// <summary>Graph requests by HTTP method (upper case).</summary>
        public IReadOnlyDictionary<string, long> ByMethod { get; set; } = new Dictionary<string, long>();
        /// <summary>Jobs created (201 answers).</summary>
        public long Creates { get; set; }
        /// <summary>Jobs that exist now.</summary>
        public int Jobs { get; set; }
        /// <summary>Display names held by more than one job: always 0 unless a job was duplicated.</summary>
        public int DuplicateDisplayNames { get; set; }
        /// <summary>429 answers from throttling.</summary>
        public long Throttled { get; set; }
        /// <summary>Faults injected (503, 504, dropped connections, stalls, lost replies).</summary>
        public long FaultsInjected { get; set; }
        /// <summary>Requests for one user of the directory (GET /users/{id | userPrincipalName}), on their own or inside a JSON batch.</summary>
        public long UserLookups { get; set; }
        /// <summary>JSON batches received (POST /$batch); the requests inside them count in <see cref="UserLookups"/>, not in <see cref="Requests"/>.</summary>
        public long Batches { get; set; }
        /// <summary>Users in the sandbox's directory now.</summary>
        public int DirectoryUsers { get; set; }
    }
}
