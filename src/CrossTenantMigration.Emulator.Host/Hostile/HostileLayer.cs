using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrossTenantMigration.Emulator.Host.Hostile
{
    /// <summary>
    /// A service that answers what a test tells it to, between the client and the emulator (host option
    /// <c>--hostile true</c>): the rules of <see cref="HostileRule"/>, a <see cref="CaptureServer"/> where foreign links
    /// lead, and a count of the requests received. Its admin API under <c>/_hostile/</c> needs no token, is never
    /// counted and never ruled; nor is the emulator's own <c>/_emulator/</c>.
    /// </summary>
    public sealed class HostileLayer : IAsyncDisposable
    {
        public const string AdminRoot = "/_hostile";

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        private readonly HostileRuleSet _rules = new HostileRuleSet();
        private long _requests;
        private long _inFlight;

        private HostileLayer(CaptureServer capture) => Capture = capture;

        /// <summary>Where the <c>{capture}</c> and <c>{captureLoopback}</c> links lead.</summary>
        public CaptureServer Capture { get; }

        /// <summary>The rules in force, with their counts.</summary>
        public IReadOnlyList<HostileRule> Rules => _rules.Rules;

        /// <summary>Requests received, other than the admin APIs'.</summary>
        public long Requests => Interlocked.Read(ref _requests);

        /// <summary>Of those, the ones whose answer has not ended yet.</summary>
        public long InFlight => Interlocked.Read(ref _inFlight);

        /// <summary>Replaces every rule; throws <see cref="ArgumentException"/> naming a bad one (the rules in force then stay).</summary>
        public void SetRules(IReadOnlyList<HostileRule> rules) => _rules.Replace(rules);

        /// <summary>Starts the capture server; <see cref="Attach"/> then puts the layer in front of the emulator.</summary>
        public static async Task<HostileLayer> StartAsync(CancellationToken cancellationToken) =>
            new HostileLayer(await CaptureServer.StartAsync(cancellationToken).ConfigureAwait(false));

        public ValueTask DisposeAsync() => Capture.DisposeAsync();

        /// <summary>Maps the admin API and takes every request before it is forwarded to the emulator.</summary>
        internal void Attach(WebApplication app, MigrationServiceEmulator emulator)
        {
            app.MapGet(AdminRoot + "/rules", context => WriteJsonAsync(context, Rules));
            app.MapPut(AdminRoot + "/rules", PutRulesAsync);
            app.MapDelete(AdminRoot + "/rules", context =>
            {
                SetRules(Array.Empty<HostileRule>());
                return NoContentAsync(context);
            });
            app.MapGet(AdminRoot + "/capture", context => WriteJsonAsync(context, new CaptureReport(
                Capture.Url.GetLeftPart(UriPartial.Authority), Capture.LoopbackUrl.GetLeftPart(UriPartial.Authority), Capture.Requests)));
            app.MapDelete(AdminRoot + "/capture", context =>
            {
                Capture.Clear();
                return NoContentAsync(context);
            });
            app.MapGet(AdminRoot + "/requests", context => WriteJsonAsync(context, new RequestCounts(Requests, InFlight)));
            app.Use((context, next) => HandleAsync(context, next, emulator));
        }

        private async Task HandleAsync(HttpContext context, RequestDelegate next, MigrationServiceEmulator emulator)
        {
            if (context.GetEndpoint() != null || context.Request.Path.StartsWithSegments("/" + MigrationServiceEmulator.AdminRoot))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            Interlocked.Increment(ref _requests);
            Interlocked.Increment(ref _inFlight);
            try
            {
                Uri url = EmulatorHost.RequestUri(context);
                var rule = _rules.Take(context.Request.Method, url.PathAndQuery);
                switch (rule?.Action)
                {
                    case HostileAction.Status:
                        await HostileAnswers.WriteErrorAsync(context, rule.Status!.Value, rule.Code, rule.Message, rule.RetryAfterText).ConfigureAwait(false);
                        break;
                    case HostileAction.Gone:
                        await HostileAnswers.WriteErrorAsync(context, 404, "itemNotFound", $"The crossTenantMigrationJob with id '{rule.JobId}' was not found.", null).ConfigureAwait(false);
                        break;
                    case HostileAction.Oversized:
                        await HostileAnswers.WriteOversizedAsync(context, rule).ConfigureAwait(false);
                        break;
                    default:
                        await ForwardAsync(context, emulator, url, rule).ConfigureAwait(false);
                        break;
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private async Task ForwardAsync(HttpContext context, MigrationServiceEmulator emulator, Uri url, HostileRule? rule)
        {
            using var forwarded = await EmulatorHost.SendToEmulatorAsync(context, emulator).ConfigureAwait(false);
            if (forwarded == null) return;
            byte[] body = await forwarded.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            body = RewriteListPage(forwarded, body, url, rule);
            if (rule?.Action == HostileAction.Trickle)
            {
                await HostileAnswers.TrickleAsync(context, forwarded, body, rule).ConfigureAwait(false);
            }
            else
            {
                await EmulatorHost.WriteAnswerAsync(context, forwarded, body).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// A list page as the rule wants it (its nextLink or its items replaced), without the jobs that are gone. Any
        /// other answer is left as it is, and a nextLink or items rule does not count it.
        /// </summary>
        private byte[] RewriteListPage(HttpResponseMessage forwarded, byte[] body, Uri url, HostileRule? rule)
        {
            bool rewrites = rule?.Action is HostileAction.NextLink or HostileAction.Items;
            var page = forwarded.IsSuccessStatusCode ? ReadListPage(body) : null;
            if (page == null)
            {
                if (rewrites) _rules.Untake(rule!);
                return body;
            }

            bool changed = rewrites;
            if (rule?.Action == HostileAction.NextLink)
            {
                page["@odata.nextLink"] = ExpandLink(rule.NextLink!, url);
            }
            else if (rule?.Action == HostileAction.Items)
            {
                page["value"] = JsonNode.Parse(rule.Items!.Value.GetRawText());
            }

            var items = page["value"]!.AsArray();
            var gone = _rules.GoneFrom(items.Select(IdOf).OfType<string>());
            if (gone.Count > 0)
            {
                foreach (var item in items.Where(i => IdOf(i) is string id && gone.Contains(id)).ToList()) items.Remove(item);
                changed = true;
            }

            return changed ? Encoding.UTF8.GetBytes(page.ToJsonString(JsonOptions)) : body;
        }

        private static JsonObject? ReadListPage(byte[] body)
        {
            if (body.Length == 0 || body[0] != (byte)'{') return null;
            try
            {
                return JsonNode.Parse(body) is JsonObject page && page["value"] is JsonArray ? page : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string? IdOf(JsonNode? item) =>
            item is JsonObject job && job["id"] is JsonValue id && id.TryGetValue(out string? text) ? text : null;

        private string ExpandLink(string link, Uri url) => link
            .Replace("{self}", url.AbsoluteUri, StringComparison.Ordinal)
            .Replace("{origin}", url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("{pathAndQuery}", url.PathAndQuery, StringComparison.Ordinal)
            .Replace("{captureLoopback}", Capture.LoopbackUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("{capture}", Capture.Url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);

        private async Task PutRulesAsync(HttpContext context)
        {
            List<HostileRule>? rules;
            try
            {
                rules = await JsonSerializer.DeserializeAsync<List<HostileRule>>(context.Request.Body, JsonOptions, context.RequestAborted).ConfigureAwait(false);
                if (rules == null || rules.Contains(null!)) throw new ArgumentException("The body must be a JSON array of rules.");
                SetRules(rules);
            }
            catch (Exception e) when (e is JsonException || e is ArgumentException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await WriteJsonAsync(context, new { error = new { code = "invalidRequest", message = e.Message } }).ConfigureAwait(false);
                return;
            }

            await WriteJsonAsync(context, Rules).ConfigureAwait(false);
        }

        private static Task WriteJsonAsync<T>(HttpContext context, T value) =>
            context.Response.WriteAsJsonAsync(value, JsonOptions, context.RequestAborted);

        private static Task NoContentAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        private sealed record CaptureReport(string Url, string LoopbackUrl, IReadOnlyList<CapturedRequest> Requests)
        {
            public int Count => Requests.Count;
        }

        private sealed record RequestCounts(long Total, long InFlight);
    }
}
