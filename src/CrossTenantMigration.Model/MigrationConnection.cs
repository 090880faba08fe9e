using System;

namespace CrossTenantMigration
{
    /// <summary>
    /// What connecting gives: the transport, and what this connection offers beside it. The engine's factory
    /// sets both, so a cmdlet asks the connection for what it needs instead of asking what it talks to.
    /// </summary>
    public sealed class MigrationConnection : IDisposable
    {
        public MigrationConnection(IMigrationTransport transport, TimeSpan defaultPollInterval, ISandboxSteering? steering = null)
        {
            Transport = transport ?? throw new ArgumentNullException(nameof(transport));
            if (defaultPollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(defaultPollInterval), defaultPollInterval, "The poll interval must be positive.");
            DefaultPollInterval = defaultPollInterval;
            Steering = steering;
        }

        public IMigrationTransport Transport { get; }

        /// <summary>How the transport is connected.</summary>
        public MigrationContext Context => Transport.Context;

        /// <summary>How often a wait reads a job unless told otherwise: as often as its service is likely to change it.</summary>
        public TimeSpan DefaultPollInterval { get; }

        /// <summary>The settings, clock and counters of a service that a test can steer; null when the service cannot be steered.</summary>
        public ISandboxSteering? Steering { get; }

        public void Dispose() => Transport.Dispose();
    }
}
