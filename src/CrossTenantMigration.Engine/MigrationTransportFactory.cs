using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Engine.Auth;
using CrossTenantMigration.Engine.Http;

namespace CrossTenantMigration.Engine
{
    /// <summary>
    /// Connects: for a sign-in kind, its token source, the HTTP pipeline and the transport, and what the connection
    /// offers beside it (a sandbox's steering, how often a wait reads a job).
    /// </summary>
    public static class MigrationTransportFactory
    {
        /// <summary>The sandbox's service root: never resolved, since its requests go to the in-memory emulator.</summary>
        public const string SandboxEndpoint = "https://sandbox.crosstenantmigration.invalid";

        /// <summary>How often a wait reads a job of the real service, whose statuses change in minutes.</summary>
        internal static readonly TimeSpan ServicePollInterval = TimeSpan.FromSeconds(15);

        /// <summary>How often a wait reads a sandbox job: its statuses change a step (one second) at a time.</summary>
        internal static readonly TimeSpan SandboxPollInterval = TimeSpan.FromSeconds(1);

        /// <summary>How long each intermediate status of a sandbox job lasts unless a test steers it.</summary>
        private static readonly TimeSpan SandboxStep = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Connects. The Azure.Identity sign-ins get their first token here, so that a wrong secret,
        /// a missing managed identity or an abandoned device code fails now rather than at the first call.
        /// </summary>
        public static async Task<MigrationConnection> ConnectAsync(ConnectionOptions options, CancellationToken cancellationToken)
        {
            var session = Connect(options);
            if (session.Transport is RestMigrationTransport transport && IsAzureIdentitySignIn(options.SignInKind))
            {
                try
                {
                    var timeout = options.SignInTimeout ?? DefaultSignInTimeout(options.SignInKind);
                    using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    limit.CancelAfter(timeout);
                    AccessTokenValue token;
                    try
                    {
                        token = await transport.Tokens.GetTokenAsync(limit.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw SignInErrors.TimedOut(options.SignInKind, timeout);
                    }
                    var claims = TokenClaims.TryRead(token.Token);
                    transport.Context.TokenExpiresOn = token.ExpiresOn;
                    if (claims != null)
                    {
                        transport.Context.TenantId = claims.TenantId ?? transport.Context.TenantId;
                        transport.Context.ClientId = claims.ClientId ?? transport.Context.ClientId;
                        transport.Context.Account = claims.Account;
                        transport.Context.Scopes = claims.Scopes;
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    session.Dispose();
                    throw SignInErrors.Translate(ex, options.SignInKind);
                }
            }
            return session;
        }

        private static bool IsAzureIdentitySignIn(SignInKind kind) => kind != SignInKind.Sandbox && kind != SignInKind.AccessToken;

        // On its own, never inlined: a token or sandbox connection then never loads Azure.Core and its dependencies,
        // which the JIT would load to compile a method that names their types.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ITokenSource AzureIdentityTokens(ConnectionOptions options, out string[] scopes)
        {
            var (credential, credentialScopes) = CredentialFactory.Create(options, message => OperationLogScope.Current.Warning(message));
            scopes = credentialScopes;
            return new AzureIdentityTokenSource(credential, credentialScopes);
        }

        internal static TimeSpan DefaultSignInTimeout(SignInKind kind) =>
            kind == SignInKind.Interactive || kind == SignInKind.DeviceCode ? TimeSpan.FromMinutes(15)
            : kind == SignInKind.ManagedIdentity ? TimeSpan.FromSeconds(20)
            : TimeSpan.FromMinutes(1);

        public static MigrationConnection Connect(ConnectionOptions options)
        {
            var endpoint = ConnectionOptions.NormalizeEndpoint(options.Endpoint);
            var apiVersion = ConnectionOptions.ApiVersions.FirstOrDefault(v => string.Equals(v, options.ApiVersion, StringComparison.OrdinalIgnoreCase))
                ?? throw new InputValidationException(new InputError(ErrorIds.InvalidEndpoint, "ApiVersion",
                    $"The -ApiVersion parameter takes v1.0 or beta; '{options.ApiVersion}' is not one of them.", options.ApiVersion));

            HttpMessageHandler finalHandler;
            ITokenSource tokens;
            var context = new MigrationContext
            {
                Endpoint = endpoint,
                ApiVersion = apiVersion,
                SignInKind = options.SignInKind,
                ConnectedAt = DateTimeOffset.UtcNow,
            };
            ISandbox? sandbox = null;

            switch (options.SignInKind)
            {
                case SignInKind.Sandbox:
                    sandbox = options.Sandbox ?? SandboxLoader.Create(SandboxStep);
                    finalHandler = sandbox.CreateHandler();
                    tokens = new SandboxTokenSource(sandbox);
                    context.Endpoint = new Uri(SandboxEndpoint);
                    context.TenantId = sandbox.TenantId;
                    context.Account = "sandbox administrator";
                    context.Scopes = new[] { ServiceErrorTranslator.WritePermission, DirectoryPermissions.ReadBasic }; // as the sandbox administrator holds them
                    break;
                case SignInKind.AccessToken:
                    if (options.AccessToken == null || options.AccessToken.Length == 0)
                        throw new InputValidationException(new InputError(ErrorIds.InvalidAccessToken, "AccessToken",
                            "The -AccessToken parameter must hold a token (as a SecureString); it is empty."));
                    var token = SecureStringTokenSource.Reveal(options.AccessToken);
                    var claims = TokenClaims.TryRead(token);
                    token = "";
                    tokens = new SecureStringTokenSource(options.AccessToken, claims?.ExpiresOn);
                    finalHandler = options.NetworkHandler as HttpMessageHandler ?? CreateNetworkHandler();
                    if (claims != null)
                    {
                        context.TenantId = claims.TenantId;
                        context.ClientId = claims.ClientId;
                        context.Account = claims.Account;
                        context.Scopes = claims.Scopes;
                        context.TokenExpiresOn = claims.ExpiresOn;
                    }
                    break;
                default:
                    tokens = AzureIdentityTokens(options, out var scopes);
                    finalHandler = options.NetworkHandler as HttpMessageHandler ?? CreateNetworkHandler();
                    context.TenantId = options.TenantId;
                    context.ClientId = options.ClientId ?? (options.SignInKind == SignInKind.Interactive || options.SignInKind == SignInKind.DeviceCode
                        ? CredentialFactory.GraphCommandLineToolsClientId : null);
                    context.Scopes = scopes;
                    break;
            }

            var policy = new RetryPolicy
            {
                MaxAttempts = options.MaxAttempts,
                MaxRetryDelay = options.MaxRetryDelay,
                RequestTimeout = options.RequestTimeout,
            };
            var clock = new ServiceClock();
            var root = new ServiceRoot(context.Endpoint, apiVersion);
            var resilience = new ResilienceHandler(policy);
            var httpClient = CreateHttpClient(finalHandler, tokens, root, resilience, clock);
            var transport = new RestMigrationTransport(root, context, httpClient, resilience, clock, tokens);
            return sandbox != null
                ? new MigrationConnection(transport, SandboxPollInterval, steering: sandbox)
                : new MigrationConnection(transport, ServicePollInterval);
        }

        private static HttpMessageHandler CreateNetworkHandler() => new HttpClientHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };

        /// <summary>
        /// The pipeline every request goes through: the diagnostics (client-request-id, -Verbose), the
        /// retries (which never repeat an action of unknown outcome, and read each answer within its time
        /// and size limits), then the token, for the connection's own origin only, and the command's gate, on each attempt.
        /// </summary>
        private static HttpClient CreateHttpClient(HttpMessageHandler finalHandler, ITokenSource tokens, ServiceRoot root, ResilienceHandler resilience, ServiceClock clock)
        {
            resilience.InnerHandler = new AuthorizationHandler(tokens, root) { InnerHandler = new RequestGateHandler { InnerHandler = finalHandler } };
            var pipeline = new DiagnosticsHandler(clock) { InnerHandler = resilience };
            var client = new HttpClient(pipeline) { Timeout = Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.UserAgent.Add(UserAgent);
            return client;
        }

        private static readonly System.Net.Http.Headers.ProductInfoHeaderValue UserAgent =
            new System.Net.Http.Headers.ProductInfoHeaderValue("CrossTenantMigration", typeof(MigrationTransportFactory).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
    }
}
