using System;
using System.Collections.Generic;
using System.Threading;

namespace CrossTenantMigration
{
    /// <summary>
    /// The requests of one piece of a command's work, on its async flow. Once the command stops, the gate is closed
    /// and nothing new is sent; every action (a request that is not a GET) the service accepted is noted, so that a
    /// command that stops before writing its answer can still name it. The HTTP pipeline, shared by every command of
    /// a session, asks the gate of the work that is running now.
    /// </summary>
    public sealed class RequestGate
    {
        private static readonly AmbientValue<RequestGate> CurrentGate = new AmbientValue<RequestGate>();
        private readonly CommandStop _stop;
        private readonly object _lock = new object();
        private List<string>? _accepted; // most work only reads: made at the first accepted action

        public RequestGate(CommandStop stop) => _stop = stop;

        /// <summary>The gate of the work on this async flow, or null outside any command's work.</summary>
        public static RequestGate? Current => CurrentGate.Value;

        /// <summary>Makes <paramref name="gate"/> the current one until the result is disposed.</summary>
        public static IDisposable Begin(RequestGate gate) => CurrentGate.Begin(gate);

        /// <summary>Throws <see cref="CommandStoppedException"/> when the command has stopped: the request is not sent.</summary>
        public void ThrowIfClosed(string method, Uri? uri)
        {
            if (_stop.IsStopped) throw new CommandStoppedException(method, uri);
        }

        /// <summary>The service accepted this action (a success answer to a request that is not a GET).</summary>
        public void Accepted(string method, Uri? uri)
        {
            lock (_lock) (_accepted ??= new List<string>()).Add($"{method} {uri?.GetLeftPart(UriPartial.Path)}");
        }

        /// <summary>Whether the service accepted any action of this work.</summary>
        public bool HasAccepted
        {
            get { lock (_lock) return _accepted != null; }
        }

        /// <summary>The actions the service accepted for this work, as "METHOD url".</summary>
        public IReadOnlyList<string> AcceptedActions
        {
            get { lock (_lock) return _accepted?.ToArray() ?? Array.Empty<string>(); }
        }
    }

    /// <summary>A request that was not sent because its command had stopped: not a failure of the service, never retried.</summary>
    public sealed class CommandStoppedException : OperationCanceledException
    {
        public CommandStoppedException(string method, Uri? uri)
            : base($"The command has stopped: {method} {uri?.GetLeftPart(UriPartial.Path)} was not sent.") { }
    }

    /// <summary>Whether a command has stopped: shared by the gates of all its work.</summary>
    public sealed class CommandStop
    {
        private int _stopped;

        public bool IsStopped => Volatile.Read(ref _stopped) != 0;

        /// <summary>Stops the command's sending; true the first time.</summary>
        public bool Stop() => Interlocked.Exchange(ref _stopped, 1) == 0;
    }
}
