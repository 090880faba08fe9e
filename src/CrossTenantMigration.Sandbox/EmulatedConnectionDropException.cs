using System.IO;
using System.Net.Http;

namespace CrossTenantMigration.Sandbox
{
    /// <summary>
    /// Thrown by the sandbox's in-memory handler when a fault drops the connection. It is an
    /// <see cref="HttpRequestException"/> with an <see cref="IOException"/> inside, as a real connection reset is.
    /// </summary>
    public sealed class EmulatedConnectionDropException : HttpRequestException
    {
        /// <summary>Creates the exception.</summary>
        public EmulatedConnectionDropException(bool afterCommit)
            : base(
                "An error occurred while sending the request. The connection was closed by the remote host.",
                new IOException("Unable to read data from the transport connection: Connection reset by peer."))
        {
            AfterCommit = afterCommit;
        }

        /// <summary>True when the request's effect was committed before the drop.</summary>
        public bool AfterCommit { get; }
    }
}
