using System.Net.Http;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>
    /// Whether a request only reads: a GET, or a request marked so because its method says otherwise, such as a JSON
    /// batch of GETs, which is a POST. The one marker the handlers ask: the resilience handler resends such a request
    /// after a lost connection as it would a GET (it changes nothing), and the request gate does not note it as an
    /// action the service accepted.
    /// </summary>
    internal static class ReadOnlyRequest
    {
        public const string Property = "CrossTenantMigration.OnlyReads";

        public static void Mark(HttpRequestMessage request) => request.Properties[Property] = true;

        public static bool OnlyReads(HttpRequestMessage request) =>
            request.Method == HttpMethod.Get || (request.Properties.TryGetValue(Property, out var marked) && marked is bool yes && yes);
    }
}
