using System;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine
{
    /// <summary>
    /// A token connection whose network is a canned service in memory: the same factory, handlers, token
    /// reading and JSON reading as a real connection, with nothing sent anywhere. The module runs a
    /// list through it in the background at import, so that a session's first connection and first request
    /// do not wait for the engine to load and for their code to be compiled (see the README, Performance).
    /// </summary>
    public static class OfflineConnection
    {
        // Never reached: the canned service answers in its place.
        private static readonly Uri Endpoint = new Uri("https://offline.crosstenantmigration.invalid");

        public static Task<MigrationConnection> ConnectAsync(CancellationToken cancellationToken)
        {
            var token = new SecureString();
            foreach (var c in UnsignedToken()) token.AppendChar(c);
            token.MakeReadOnly();
            var options = new ConnectionOptions
            {
                SignInKind = SignInKind.AccessToken,
                Endpoint = Endpoint,
                AccessToken = token,
                MaxAttempts = 1,
                NetworkHandler = new CannedService(),
            };
            return MigrationTransportFactory.ConnectAsync(options, cancellationToken);
        }

        // A JWT of no value to anyone: unsigned, for no tenant; its claims are read as a real token's are.
        private static string UnsignedToken() =>
            Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." +
            Base64Url("{\"tid\":\"00000000-0000-0000-0000-000000000000\",\"scp\":\"CrossTenantContentMigration.Read.All\",\"exp\":4102444800}") + ".";

        private static string Base64Url(string json) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        /// <summary>The service's answer to a GET of this path: a list of one job, or not found.</summary>
        private static (HttpStatusCode Status, string Body) Answer(string path)
        {
            const string job = "{\"id\":\"00000000-0000-0000-0000-000000000001\",\"displayName\":\"offline\",\"jobType\":\"validate\"," +
                "\"status\":\"completed\",\"completeAfterDateTime\":\"2026-01-01T00:00:00Z\"," +
                "\"sourceTenantId\":\"00000000-0000-0000-0000-000000000000\",\"targetTenantId\":\"00000000-0000-0000-0000-000000000000\"," +
                "\"workloads\":[\"exchange\"],\"resourceType\":\"users\",\"resources\":[\"00000000-0000-0000-0000-000000000002\"]," +
                "\"exchangeSettings\":{\"targetDeliveryDomain\":\"contoso.mail.onmicrosoft.com\"}," +
                "\"createdDateTime\":\"2026-01-01T00:00:00Z\",\"lastUpdatedDateTime\":\"2026-01-01T00:00:00Z\"}";
            return path.EndsWith("/crossTenantMigrationJobs", StringComparison.Ordinal) ? (HttpStatusCode.OK, "{\"value\":[" + job + "]}")
                : (HttpStatusCode.NotFound, "{\"error\":{\"code\":\"notFound\",\"message\":\"Not found.\"}}");
        }

        /// <summary>
        /// The service's answer to a JSON batch of user lookups: a directory without users, so every request is
        /// answered not found.
        /// </summary>
        private static string BatchAnswer(string batch)
        {
            using var document = JsonDocument.Parse(batch);
            var answers = new StringBuilder("{\"responses\":[");
            var first = true;
            foreach (var request in document.RootElement.GetProperty("requests").EnumerateArray())
            {
                if (!first) answers.Append(',');
                first = false;
                answers.Append("{\"id\":").Append(request.GetProperty("id").GetRawText())
                    .Append(",\"status\":404,\"body\":{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"Not found.\"}}}");
            }
            return answers.Append("]}").ToString();
        }

        /// <summary>Takes the place of the network: answers as the service would, from memory.</summary>
        private sealed class CannedService : HttpMessageHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var path = request.RequestUri?.AbsolutePath ?? "";
                var (status, body) = request.Method == HttpMethod.Post && path.EndsWith("/$batch", StringComparison.Ordinal) && request.Content != null
                    ? (HttpStatusCode.OK, BatchAnswer(await request.Content.ReadAsStringAsync().ConfigureAwait(false)))
                    : Answer(path);
                return new HttpResponseMessage(status)
                {
                    RequestMessage = request,
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
            }
        }
    }
}
