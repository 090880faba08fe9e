using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// The admin API under <c>/_emulator/</c>: no token needed, never counted, throttled or faulted. Errors use the
    /// Graph error envelope.
    /// </summary>
    internal sealed class AdminApi
    {
        private readonly MigrationServiceEmulator _emulator;
        private readonly AdminRouteTable _routes = new AdminRouteTable();

        public AdminApi(MigrationServiceEmulator emulator)
        {
            _emulator = emulator;
            new AdminServiceRoutes(emulator).Map(_routes);
            new AdminDirectoryRoutes(emulator).Map(_routes);
            new AdminIdentityRoutes(emulator).Map(_routes);
        }

        public EmulatorResponse Handle(EmulatorRequest ctx)
        {
            try
            {
                return _routes.Dispatch(ctx);
            }
            catch (AdminError e)
            {
                return e.ToResponse(ctx, _emulator.Clock.UtcNow);
            }
        }
    }

    /// <summary>Admin routes: fixed paths (case-insensitive) by method, and paths with one id segment.</summary>
    internal sealed class AdminRouteTable
    {
        private readonly Dictionary<string, Func<EmulatorRequest, EmulatorResponse>> _fixed = new Dictionary<string, Func<EmulatorRequest, EmulatorResponse>>(StringComparer.Ordinal);
        private readonly List<Pattern> _patterns = new List<Pattern>();

        public void Add(string method, string path, Func<EmulatorRequest, EmulatorResponse> handler) => _fixed.Add(method + " " + path, handler);

        /// <summary>A path like <c>apps/{id}</c>: the id keeps its case; another method is a 405 naming <paramref name="methods"/>.</summary>
        public void AddPattern(string template, string[] methods, Func<EmulatorRequest, string, EmulatorResponse> handler)
            => _patterns.Add(new Pattern(template.Split('/'), methods, handler));

        public EmulatorResponse Dispatch(EmulatorRequest ctx)
        {
            var segments = ctx.Segments.Skip(1).ToList();
            string path = string.Join("/", segments).ToLowerInvariant();
            if (_fixed.TryGetValue(ctx.Method + " " + path, out var handler))
            {
                return handler(ctx);
            }

            foreach (var pattern in _patterns)
            {
                string? id = pattern.Match(segments);
                if (id == null)
                {
                    continue;
                }

                if (!pattern.Methods.Contains(ctx.Method))
                {
                    throw AdminError.MethodNotAllowed($"The HTTP method '{ctx.Method}' is not allowed on this admin resource.", pattern.Methods);
                }

                return pattern.Handler(ctx, id);
            }

            throw AdminError.NotFound($"Unknown admin route '{ctx.Method} /{string.Join("/", ctx.Segments)}'.");
        }

        private sealed class Pattern
        {
            public Pattern(string[] parts, string[] methods, Func<EmulatorRequest, string, EmulatorResponse> handler)
            {
                Parts = parts;
                Methods = methods;
                Handler = handler;
            }

            public string[] Parts { get; }
            public string[] Methods { get; }
            public Func<EmulatorRequest, string, EmulatorResponse> Handler { get; }

            /// <summary>The id segment when the path fits the template, else null.</summary>
            public string? Match(List<string> segments)
            {
                if (segments.Count != Parts.Length)
                {
                    return null;
                }

                string? id = null;
                for (int i = 0; i < Parts.Length; i++)
                {
                    if (Parts[i] == "{id}")
                    {
                        id = segments[i];
                    }
                    else if (!string.Equals(Parts[i], segments[i], StringComparison.OrdinalIgnoreCase))
                    {
                        return null;
                    }
                }

                return id;
            }
        }
    }
}
