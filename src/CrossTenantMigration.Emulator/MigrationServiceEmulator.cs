using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CrossTenantMigration.Sandbox;

namespace CrossTenantMigration.Emulator
{
    /// <summary>
    /// The sandbox's service (through its hosting surface, <see cref="SandboxHost"/>) plus what tests need around it: an
    /// Entra ID token service and managed-identity endpoints for the real Azure.Identity credentials, whose access
    /// tokens the Graph routes accept, and the admin API under <c>/_emulator/</c>. One handler serves all three; the
    /// emulator host serves the same over HTTP.
    /// </summary>
    public sealed class MigrationServiceEmulator : ISandbox
    {
        /// <summary>First path segment of the admin API.</summary>
        public const string AdminRoot = "_emulator";

        /// <summary>The <c>iss</c> of federated tokens issued by <see cref="IssueFederatedToken"/>.</summary>
        public const string FederatedTokenIssuer = FederatedTokens.Issuer;

        /// <summary>The default audience of federated tokens (what Entra ID expects from workload identities).</summary>
        public const string DefaultFederatedAudience = FederatedTokens.DefaultAudience;

        /// <summary>Client id of the system-assigned managed identity unless configured otherwise.</summary>
        public const string DefaultSystemAssignedClientId = "5f1c2a4e-9d7b-4c3e-8a61-2b0f7d9e4c15";

        /// <summary>The <c>verification_uri</c> of device codes (Microsoft's page; approval happens through the admin API).</summary>
        public const string DeviceLoginUri = TokenEndpoint.DeviceLoginUri;

        private readonly AdminApi _admin;
        private readonly AccessTokens _tokens;

        /// <summary>Creates an emulator with the given options (or the defaults).</summary>
        public MigrationServiceEmulator(EmulatorOptions? options = null)
        {
            Options = options ?? new EmulatorOptions();
            _tokens = new AccessTokens(Options);
            Sandbox = new SandboxHost(Options, _tokens);
            Identity = new IdentityService(Options, _tokens);
            _admin = new AdminApi(this);
        }

        /// <summary>The live options (the sandbox's).</summary>
        public EmulatorOptions Options { get; }

        /// <summary>The emulated Graph service behind the Graph routes.</summary>
        public SandboxHost Sandbox { get; }

        /// <summary>The virtual clock that drives job state.</summary>
        public SandboxClock Clock => Sandbox.Clock;

        /// <summary>429 injection; null turns it off. Setting it restarts its counters.</summary>
        public ThrottleSettings? Throttle
        {
            get => Sandbox.Throttle;
            set => Sandbox.Throttle = value;
        }

        /// <summary>Random fault injection; null turns it off. Setting it reseeds its random source.</summary>
        public FaultSettings? Faults
        {
            get => Sandbox.Faults;
            set => Sandbox.Faults = value;
        }

        /// <summary>The managed identities of the emulated resource; null (the default) means none is enabled.</summary>
        public ManagedIdentitySettings? ManagedIdentity
        {
            get => Identity.ManagedIdentity;
            set => Identity.ManagedIdentity = value;
        }

        string ISandbox.TenantId => Options.TargetTenantId;

        DateTimeOffset ISandboxSteering.Now => Clock.UtcNow;

        internal IdentityService Identity { get; }

        /// <summary>The next <paramref name="count"/> Graph requests (of that HTTP method when given) get the fault; see <see cref="SandboxHost.InjectFaults(FaultKind, int, string)"/>.</summary>
        public void InjectFaults(FaultKind kind, int count, string? method = null) => Sandbox.InjectFaults(kind, count, method);

        /// <summary>Drops the faults of <see cref="InjectFaults"/> that have not fired yet.</summary>
        public void ClearInjectedFaults() => Sandbox.ClearInjectedFaults();

        /// <summary>An in-memory handler (no sockets) for the Graph, token-service and admin routes.</summary>
        public HttpMessageHandler CreateHandler() => new InMemoryHandler(this);

        /// <summary>
        /// Handles one request: an admin route, a token-service or managed-identity route, else a Graph route of the
        /// sandbox. A dropped connection is thrown as <see cref="EmulatedConnectionDropException"/>.
        /// </summary>
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            var segments = EmulatorRequest.PathSegments(request.RequestUri);
            if (segments.Count > 0 && segments[0] == AdminRoot)
            {
                var read = await EmulatorRequest.ReadAsync(request, segments, cancellationToken).ConfigureAwait(false);
                return _admin.Handle(read).ToHttp(read, request);
            }

            var identity = Identity.Route(segments);
            if (identity != null)
            {
                var read = await EmulatorRequest.ReadAsync(request, segments, cancellationToken).ConfigureAwait(false);
                return (await identity(read).ConfigureAwait(false)).ToHttp(read, request);
            }

            return await Sandbox.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Issues an access token, signed by a key of this instance, that the Graph routes accept or refuse as it says.</summary>
        public IssuedToken IssueToken(TokenRequest request) => _tokens.Issue(request);

        SandboxToken ISandbox.IssueToken(TimeSpan lifetime)
        {
            var issued = _tokens.Issue(new TokenRequest { Scopes = AccessTokens.DefaultScopes, Lifetime = lifetime });
            return new SandboxToken(issued.AccessToken, issued.ExpiresOn);
        }

        void ISandboxSteering.AdvanceClock(TimeSpan by) => Clock.Advance(by);

        /// <summary>The settings a test steers; see <see cref="MigrationSandbox.GetSettings"/>.</summary>
        public SandboxSettings GetSettings() => Sandbox.GetSettings();

        /// <summary>Changes the settings a test steers; see <see cref="MigrationSandbox.ChangeSettings"/>.</summary>
        public SandboxSettings ChangeSettings(SandboxSettingsChange change) => Sandbox.ChangeSettings(change);

        /// <summary>Registers a simulated failure for a user (in every job that contains the user).</summary>
        public void SetUserFailure(string userId, UserFailure failure) => Sandbox.SetUserFailure(userId, failure);

        /// <summary>Removes a failure registered with <see cref="SetUserFailure"/>. Returns false when there was none.</summary>
        public bool ClearUserFailure(string userId) => Sandbox.ClearUserFailure(userId);

        /// <summary>Adds users to the directory behind GET /users and JSON batches; see <see cref="SandboxHost.AddDirectoryUsers"/>.</summary>
        public void AddDirectoryUsers(IEnumerable<SandboxDirectoryUser> users) => Sandbox.AddDirectoryUsers(users);

        /// <summary>A snapshot of the Graph request counters (the admin routes and the token service never count there).</summary>
        public SandboxStatistics GetStatistics() => Sandbox.GetStatistics();

        /// <summary>A snapshot of the token service's request counters.</summary>
        public TokenServiceStatistics GetTokenServiceStatistics() => Identity.Counters.Snapshot();

        /// <summary>Zeroes the request counters (the token service's too).</summary>
        public void ResetStatistics()
        {
            Sandbox.ResetStatistics();
            Identity.Reset(countersOnly: true);
        }

        /// <summary>
        /// Back to an empty service: jobs, directory users, statistics (token counters too), user failures, throttling,
        /// faults, the clock offset, the steered options as the emulator was made with them, and the device codes issued. Options, the signing keys, app registrations, the managed
        /// identities and refresh tokens stay, so issued tokens and registrations stay valid.
        /// </summary>
        public void Reset()
        {
            Sandbox.Reset();
            Identity.Reset(countersOnly: false);
        }

        // ---------------------------------------------------------------- token service

        /// <summary>Registers (or replaces) an app with the token service. Throws <see cref="ArgumentException"/> for an unreadable certificate.</summary>
        public void RegisterApp(string clientId, AppRegistration registration) => Identity.Apps.Register(clientId, registration);

        /// <summary>Removes an app registration. Returns false when there was none.</summary>
        public bool RemoveApp(string clientId) => Identity.Apps.Remove(clientId);

        /// <summary>A copy of an app registration, or null.</summary>
        public AppRegistration? GetApp(string clientId) => Identity.Apps.Get(clientId)?.Registration.Clone();

        /// <summary>
        /// Issues a federated token (RS256, signed by a key of this instance) that the token endpoint accepts as a
        /// <c>client_assertion</c> for an app whose FederatedSubject, FederatedIssuer and FederatedAudience match.
        /// Write it to the file named by AZURE_FEDERATED_TOKEN_FILE for WorkloadIdentityCredential.
        /// </summary>
        public IssuedToken IssueFederatedToken(string subject, string? audience = null, TimeSpan? lifetime = null, string? issuer = null)
            => Identity.Federation.Issue(subject, audience, lifetime, issuer);

        /// <summary>Approves a pending device code by its user code (case-insensitive). Returns false when no usable code has it.</summary>
        public bool ApproveDeviceCode(string userCode) => Identity.DeviceCodes.Decide(userCode, DeviceCodeStatus.Approved);

        /// <summary>Declines a pending device code: the client then gets <c>authorization_declined</c>.</summary>
        public bool DenyDeviceCode(string userCode) => Identity.DeviceCodes.Decide(userCode, DeviceCodeStatus.Denied);

        /// <summary>The device codes issued so far (newest first), with their state.</summary>
        public IList<DeviceCodeInfo> GetDeviceCodes() => Identity.DeviceCodes.List();

        /// <summary>The in-memory transport: every request goes straight to <see cref="SendAsync"/>.</summary>
        private sealed class InMemoryHandler : HttpMessageHandler
        {
            private readonly MigrationServiceEmulator _emulator;

            public InMemoryHandler(MigrationServiceEmulator emulator) => _emulator = emulator;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                => _emulator.SendAsync(request, cancellationToken);
        }
    }
}
