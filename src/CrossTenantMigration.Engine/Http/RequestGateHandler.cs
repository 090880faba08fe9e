using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>
    /// The last step before the network, on each attempt: nothing is sent for a command that has stopped (a retry
    /// included), and each action the service accepts is noted for the command's work (see <see cref="RequestGate"/>):
    /// every request but those that only read (see <see cref="ReadOnlyRequest"/>).
    /// </summary>
    internal sealed class RequestGateHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var gate = RequestGate.Current;
            gate?.ThrowIfClosed(request.Method.Method, request.RequestUri);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (gate != null && !ReadOnlyRequest.OnlyReads(request) && response.IsSuccessStatusCode)
                gate.Accepted(request.Method.Method, request.RequestUri);
            return response;
        }
    }
}
