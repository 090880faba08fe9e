using System;
using System.Globalization;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>
    /// The connection's own endpoint: the service root <c>{endpoint}/{apiVersion}</c> and its origin
    /// (scheme, host, port). The token goes only to this origin, and only links under this root are
    /// followed: a service, a proxy or a man in the middle cannot send the module elsewhere.
    /// </summary>
    internal sealed class ServiceRoot
    {
        private readonly Uri _root;
        private readonly string _pathPrefix; // the root's path and "/": what a followed link's path starts with

        public ServiceRoot(Uri endpoint, string apiVersion)
        {
            _root = new Uri(endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + apiVersion);
            _pathPrefix = _root.AbsolutePath + "/";
        }

        /// <summary>The root as the routes start, without a trailing slash, e.g. https://graph.microsoft.com/v1.0.</summary>
        public string Url => _root.AbsoluteUri;

        /// <summary>scheme://host:port of the connection's endpoint.</summary>
        public string Origin => OriginOf(_root);

        /// <summary>Whether a request for <paramref name="uri"/> goes to the connection's own origin, and so may carry its token.</summary>
        public bool IsOwnOrigin(Uri? uri) =>
            uri != null && uri.IsAbsoluteUri
            && string.Equals(uri.Scheme, _root.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, _root.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == _root.Port
            && uri.UserInfo.Length == 0;

        /// <summary>
        /// Reads a link the service handed back (a nextLink): it is followed only when it is an absolute
        /// http(s) address of the connection's own origin, under the service root (the same API version).
        /// </summary>
        /// <param name="refusal">Otherwise, where it points, in words that never hold its path or query.</param>
        public bool TryFollow(string link, out Uri uri, out string refusal)
        {
            refusal = "";
            if (!Uri.TryCreate(link, UriKind.Absolute, out uri!)
                // On Unix an absolute path parses as a file: URI; it is a relative link all the same.
                || !link.TrimStart().StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
            {
                refusal = "a relative or malformed address";
                return false;
            }
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            {
                refusal = $"a {uri.Scheme}: address";
                return false;
            }
            if (!IsOwnOrigin(uri))
            {
                refusal = uri.UserInfo.Length > 0 ? $"{OriginOf(uri)} with a user name" : OriginOf(uri);
                return false;
            }
            if (!uri.AbsolutePath.StartsWith(_pathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                refusal = $"another path of {OriginOf(uri)}";
                return false;
            }
            return true;
        }

        /// <summary>scheme://host:port, the port always given: never the user info, path or query.</summary>
        public static string OriginOf(Uri uri) =>
            uri.Scheme + "://" + uri.Host + (uri.Port >= 0 ? ":" + uri.Port.ToString(CultureInfo.InvariantCulture) : "");
    }
}
