using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Identity.Client;
using Xunit;
using static CrossTenantMigration.Emulator.Tests.IdentityHost;

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>The real Azure.Identity credentials (MSAL underneath) against the emulator's token service over HTTPS.</summary>
    public class TokenServiceCredentialTests : IClassFixture<IdentityHost>
    {
        private readonly IdentityHost _id;

        public TokenServiceCredentialTests(IdentityHost id) => _id = id;

        private T Configure<T>(T options)
            where T : TokenCredentialOptions
        {
            options.AuthorityHost = _id.Authority;
            options.Transport = _id.Transport;
            return options;
        }

        private static MsalServiceException Msal(Exception e)
        {
            var msal = e as MsalServiceException ?? e.InnerException as MsalServiceException;
            Assert.True(msal != null, "Expected an MsalServiceException inside: " + e);
            return msal!;
        }

        /// <summary>AAD's error JSON: error, error_description starting with AADSTS{code}, error_codes, timestamp, trace_id, correlation_id.</summary>
        private static void AssertAadError(MsalServiceException e, int status, string error, int code)
        {
            Assert.Equal(status, e.StatusCode);
            Assert.Equal(error, e.ErrorCode);
            Assert.Contains($"AADSTS{code}:", e.Message); // MSAL may put a hint first ("A configuration issue is preventing authentication ...")
            var body = JsonNode.Parse(e.ResponseBody)!.AsObject();
            Assert.Equal(error, (string)body["error"]!);
            Assert.StartsWith($"AADSTS{code}: ", (string)body["error_description"]!);
            Assert.Contains("Trace ID: ", (string)body["error_description"]!);
            Assert.Equal(code, (int)body["error_codes"]![0]!);
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", (string)body["timestamp"]!);
            Assert.True(Guid.TryParse((string?)body["trace_id"], out _));
            Assert.True(Guid.TryParse((string?)body["correlation_id"], out _));
        }

        [Fact]
        public async Task ClientSecretCredential_gets_an_application_token_that_the_graph_routes_accept()
        {
            string clientId = NewClientId();
            await _id.RegisterAsync(clientId, new JsonObject { ["secret"] = "s3cret", ["roles"] = new JsonArray(ReadWrite) });
            var credential = new ClientSecretCredential(_id.Tenant, clientId, "s3cret", Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = true }));

            var token = await TokenAsync(credential);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
            var claims = Claims(token.Token);
            Assert.Equal("https://graph.microsoft.com", (string)claims["aud"]!);
            Assert.Equal(_id.Tenant, (string)claims["tid"]!);
            Assert.Equal(clientId, (string)claims["appid"]!);
            Assert.Equal(clientId, (string)claims["azp"]!);
            Assert.Equal("app", (string)claims["idtyp"]!);
            Assert.Equal(ReadWrite, (string)claims["roles"]![0]!);
            Assert.Null(claims["scp"]);
            Assert.InRange(token.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));

            // MSAL serves the second call from its cache: one token request for this app
            var again = await TokenAsync(credential);
            Assert.Equal(token.Token, again.Token);
        }

        [Fact]
        public async Task Wrong_secret_unknown_client_unknown_tenant_and_a_non_default_scope_fail_in_AAD_shape()
        {
            string clientId = NewClientId();
            await _id.RegisterAsync(clientId, new JsonObject { ["secret"] = "right", ["roles"] = new JsonArray(ReadWrite) });
            var options = Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = true });

            var wrong = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(new ClientSecretCredential(_id.Tenant, clientId, "wrong", options)));
            AssertAadError(Msal(wrong), 401, "invalid_client", 7000215);

            var unknown = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(new ClientSecretCredential(_id.Tenant, NewClientId(), "right", options)));
            AssertAadError(Msal(unknown), 400, "unauthorized_client", 700016);

            var tenant = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(new ClientSecretCredential(Guid.NewGuid().ToString(), clientId, "right", options)));
            AssertAadError(Msal(tenant), 400, "invalid_request", 90002);

            var scope = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(new ClientSecretCredential(_id.Tenant, clientId, "right", options), "https://graph.microsoft.com/" + ReadWrite));
            AssertAadError(Msal(scope), 400, "invalid_scope", 1002012);

            var resource = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(new ClientSecretCredential(_id.Tenant, clientId, "right", options), "https://management.azure.com/.default"));
            AssertAadError(Msal(resource), 400, "invalid_resource", 500011);
        }

        [Fact]
        public async Task An_app_without_roles_gets_a_token_that_the_graph_routes_refuse_with_403()
        {
            string clientId = NewClientId();
            _id.Emulator.RegisterApp(clientId, new AppRegistration { Secret = "x" });
            var token = await TokenAsync(new ClientSecretCredential(_id.Tenant, clientId, "x", Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = true })));
            Assert.Equal(HttpStatusCode.Forbidden, await _id.ListJobsAsync(token.Token));
        }

        [Fact]
        public async Task ClientCertificateCredential_signs_an_assertion_that_is_checked_against_the_registered_certificate()
        {
            using var cert = NewAppCertificate();
            using var other = NewAppCertificate("not-registered");
            string clientId = NewClientId();
            await _id.RegisterAsync(clientId, new JsonObject { ["certificatePem"] = cert.ExportCertificatePem(), ["roles"] = new JsonArray(ReadWrite) });

            foreach (bool chain in new[] { false, true })
            {
                var credential = new ClientCertificateCredential(_id.Tenant, clientId, cert, Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = true, SendCertificateChain = chain }));
                var token = await TokenAsync(credential);
                Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
                Assert.Equal(clientId, (string)Claims(token.Token)["appid"]!);
            }

            var notRegistered = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(
                new ClientCertificateCredential(_id.Tenant, clientId, other, Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = true }))));
            AssertAadError(Msal(notRegistered), 401, "invalid_client", 700027);
            Assert.Contains("not registered", Msal(notRegistered).Message);
        }

        /// <summary>Assertions made by hand: a forged signature, an expired one, the wrong audience, the wrong subject.</summary>
        [Fact]
        public async Task Bad_client_assertions_are_rejected()
        {
            using var cert = NewAppCertificate();
            using var forger = NewAppCertificate("forger");
            string clientId = NewClientId();
            _id.Emulator.RegisterApp(clientId, new AppRegistration { CertificatePem = cert.ExportCertificatePem(), Roles = { ReadWrite } });
            string endpoint = _id.Authority + _id.Tenant + "/oauth2/v2.0/token";
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            async Task<JsonObject> Post(string assertion, HttpStatusCode expected)
            {
                var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["client_id"] = clientId,
                    ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ["client_assertion"] = assertion,
                    ["scope"] = Graph,
                    ["grant_type"] = "client_credentials",
                });
                return await TestService.ExpectAsync(await _id.Https.PostAsync(_id.Tenant + "/oauth2/v2.0/token", form), expected);
            }

            string Make(X509Certificate2 signer, X509Certificate2 named, string aud, string sub, long nbf, long exp, string alg = "PS256")
            {
                string header = B64(JsonString(new JsonObject { ["alg"] = alg, ["typ"] = "JWT", ["x5t#S256"] = B64(SHA256.HashData(named.RawData)) }));
                string payload = B64(JsonString(new JsonObject { ["aud"] = aud, ["iss"] = clientId, ["sub"] = sub, ["nbf"] = nbf, ["exp"] = exp, ["jti"] = Guid.NewGuid().ToString() }));
                using var key = signer.GetRSAPrivateKey()!;
                var padding = alg == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                byte[] sig = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, padding);
                return header + "." + payload + "." + B64(sig);
            }

            // a good one (RS256 this time), then each defect
            var ok = await Post(Make(cert, cert, endpoint, clientId, now, now + 600, "RS256"), HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync((string)ok["access_token"]!));

            var forged = await Post(Make(forger, cert, endpoint, clientId, now, now + 600), HttpStatusCode.Unauthorized);
            Assert.Equal(700027, (int)forged["error_codes"]![0]!);
            Assert.Contains("signature validation", (string)forged["error_description"]!);

            var expired = await Post(Make(cert, cert, endpoint, clientId, now - 3600, now - 1200), HttpStatusCode.Unauthorized);
            Assert.Equal(700024, (int)expired["error_codes"]![0]!);

            var audience = await Post(Make(cert, cert, "https://login.microsoftonline.com/" + _id.Tenant + "/oauth2/v2.0/token", clientId, now, now + 600), HttpStatusCode.Unauthorized);
            Assert.Equal(50027, (int)audience["error_codes"]![0]!);

            var subject = await Post(Make(cert, cert, endpoint, "someone-else", now, now + 600), HttpStatusCode.Unauthorized);
            Assert.Equal(700021, (int)subject["error_codes"]![0]!);

            var garbage = await Post("not.a.jwt", HttpStatusCode.Unauthorized);
            Assert.Equal("invalid_client", (string)garbage["error"]!);
        }

        private static string B64(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static byte[] JsonString(JsonObject o) => Encoding.UTF8.GetBytes(o.ToJsonString());

        [Fact]
        public async Task WorkloadIdentityCredential_exchanges_a_federated_token_from_the_admin_route()
        {
            string clientId = NewClientId();
            await _id.RegisterAsync(clientId, new JsonObject { ["roles"] = new JsonArray(ReadWrite), ["federatedSubject"] = "system:serviceaccount:migration:runner" });
            string dir = Directory.CreateTempSubdirectory("xtm-wi-").FullName;
            try
            {
                async Task<string> WriteToken(string subject, string file)
                {
                    var issued = await TestService.ExpectAsync(await _id.Admin.PostAsync("/_emulator/federated-token", TestService.Json(new JsonObject { ["subject"] = subject })), HttpStatusCode.OK);
                    string path = Path.Combine(dir, file);
                    await File.WriteAllTextAsync(path, (string)issued["token"]!);
                    return path;
                }

                string good = await WriteToken("system:serviceaccount:migration:runner", "good.jwt");
                var credential = new WorkloadIdentityCredential(Configure(new WorkloadIdentityCredentialOptions { TenantId = _id.Tenant, ClientId = clientId, TokenFilePath = good, DisableInstanceDiscovery = true }));
                var token = await TokenAsync(credential);
                Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
                Assert.Equal(clientId, (string)Claims(token.Token)["appid"]!);

                string wrongSubject = await WriteToken("system:serviceaccount:other:runner", "other.jwt");
                var e = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(
                    new WorkloadIdentityCredential(Configure(new WorkloadIdentityCredentialOptions { TenantId = _id.Tenant, ClientId = clientId, TokenFilePath = wrongSubject, DisableInstanceDiscovery = true }))));
                AssertAadError(Msal(e), 400, "invalid_request", 70021);

                // a token that did not come from the emulator
                string forgedPath = Path.Combine(dir, "forged.jwt");
                await File.WriteAllTextAsync(forgedPath, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6bWlncmF0aW9uOnJ1bm5lciJ9.c2ln");
                var forged = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(
                    new WorkloadIdentityCredential(Configure(new WorkloadIdentityCredentialOptions { TenantId = _id.Tenant, ClientId = clientId, TokenFilePath = forgedPath, DisableInstanceDiscovery = true }))));
                AssertAadError(Msal(forged), 400, "invalid_request", 50013);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public async Task DeviceCodeCredential_polls_until_the_code_is_approved_through_the_admin_route()
        {
            string clientId = NewClientId();
            const string user = "admin@fabrikam.onmicrosoft.com";
            await _id.RegisterAsync(clientId, new JsonObject { ["scopes"] = new JsonArray(ReadWrite), ["user"] = user });
            string? message = null;
            Task? approval = null;
            var credential = new DeviceCodeCredential(Configure(new DeviceCodeCredentialOptions
            {
                TenantId = _id.Tenant,
                ClientId = clientId,
                DisableInstanceDiscovery = true,
                DeviceCodeCallback = (info, _) =>
                {
                    message = info.Message;
                    Assert.Equal(MigrationServiceEmulator.DeviceLoginUri, info.VerificationUri.ToString().TrimEnd('/'));
                    approval = Task.Run(async () =>
                    {
                        await Task.Delay(1200); // let the client see authorization_pending first
                        var approved = await _id.Admin.PostAsync("/_emulator/devicecode/approve", TestService.Json(new JsonObject { ["userCode"] = info.UserCode }));
                        Assert.Equal(HttpStatusCode.NoContent, approved.StatusCode);
                    });
                    return Task.CompletedTask;
                },
            }));

            var token = await TokenAsync(credential);
            await approval!;
            Assert.Matches(@"^To sign in, use a web browser to open the page https://microsoft\.com/devicelogin and enter the code [A-Z0-9]{9} to authenticate\.$", message);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
            var claims = Claims(token.Token);
            Assert.Equal(ReadWrite, (string)claims["scp"]!);
            Assert.Equal(user, (string)claims["upn"]!);
            Assert.Equal("user", (string)claims["idtyp"]!);
            Assert.True(Guid.TryParse((string?)claims["oid"], out _));
            Assert.Equal(clientId, (string)claims["appid"]!);

            // the next call is served from MSAL's cache (the scope in the answer covers the .default request)
            var again = await TokenAsync(credential);
            Assert.Equal(token.Token, again.Token);

            // a specific scope the app has consent for works too; the code is spent
            var codes = _id.Emulator.GetDeviceCodes().Where(c => c.ClientId == clientId).ToList();
            Assert.Equal("redeemed", Assert.Single(codes).Status);
        }

        [Fact]
        public async Task Device_code_auto_approval_short_tokens_and_the_refresh_token_grant()
        {
            string clientId = NewClientId();
            await _id.RegisterAsync(clientId, new JsonObject
            {
                ["scopes"] = new JsonArray(ReadWrite),
                ["user"] = "admin@fabrikam.onmicrosoft.com",
                ["autoApproveSeconds"] = 0,
                ["tokenLifetimeSeconds"] = 3,
            });
            string? seen = null;
            var credential = new DeviceCodeCredential(Configure(new DeviceCodeCredentialOptions
            {
                TenantId = _id.Tenant,
                ClientId = clientId,
                DisableInstanceDiscovery = true,
                DeviceCodeCallback = (info, _) =>
                {
                    seen = info.Message;
                    return Task.CompletedTask;
                },
            }));

            var before = await _id.StatsAsync();
            var first = await TokenAsync(credential, "https://graph.microsoft.com/" + ReadWrite);
            Assert.NotNull(seen);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(first.Token));

            // the token expires in real seconds; the graph routes refuse it, MSAL renews it with the refresh token
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Equal(HttpStatusCode.Unauthorized, await _id.ListJobsAsync(first.Token));
            var second = await TokenAsync(credential, "https://graph.microsoft.com/" + ReadWrite);
            Assert.NotEqual(first.Token, second.Token);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(second.Token));

            var after = await _id.StatsAsync();
            long Grant(JsonObject s, string g) => (long?)s["tokenRequestsByGrant"]![g] ?? 0;
            Assert.True(Grant(after, "refresh_token") > Grant(before, "refresh_token"));
            Assert.True(Grant(after, "device_code") > Grant(before, "device_code"));
            Assert.True(Grant(after, "devicecode") > Grant(before, "devicecode"));
            Assert.Equal((long)before["total"]! + 3, (long)after["total"]!); // only the three Graph calls count in total

            // a permission without consent
            var denied = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(credential, "https://graph.microsoft.com/User.Read"));
            AssertAadError(Msal(denied), 400, "invalid_grant", 65001);
        }

        [Fact]
        public async Task Device_code_errors_pending_expired_declined_and_public_client_off()
        {
            string clientId = NewClientId();
            _id.Emulator.RegisterApp(clientId, new AppRegistration { Scopes = { ReadWrite }, User = "admin@fabrikam.onmicrosoft.com", DeviceCodeLifetime = TimeSpan.FromSeconds(2) });
            string path = _id.Tenant + "/oauth2/v2.0/";

            async Task<JsonObject> Code()
                => await TestService.ExpectAsync(await _id.Https.PostAsync(path + "devicecode", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = clientId, ["scope"] = Graph + " offline_access openid profile" })), HttpStatusCode.OK);

            async Task<JsonObject> Redeem(JsonObject code, HttpStatusCode expected)
                => await TestService.ExpectAsync(await _id.Https.PostAsync(path + "token", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["client_id"] = clientId,
                    ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code",
                    ["device_code"] = (string)code["device_code"]!,
                    ["scope"] = Graph + " offline_access openid profile",
                })), expected);

            var code = await Code();
            Assert.Equal(1, (int)code["interval"]!);
            Assert.Equal(2, (int)code["expires_in"]!);
            var pending = await Redeem(code, HttpStatusCode.BadRequest);
            Assert.Equal("authorization_pending", (string)pending["error"]!);
            Assert.Equal(70016, (int)pending["error_codes"]![0]!);
            await Task.Delay(2100);
            var expired = await Redeem(code, HttpStatusCode.BadRequest);
            Assert.Equal("expired_token", (string)expired["error"]!);
            Assert.Equal(70019, (int)expired["error_codes"]![0]!);
            Assert.Equal(HttpStatusCode.NotFound, (await _id.Admin.PostAsync("/_emulator/devicecode/approve", TestService.Json(new JsonObject { ["userCode"] = (string)code["user_code"]! }))).StatusCode);

            _id.Emulator.RegisterApp(clientId, new AppRegistration { Scopes = { ReadWrite }, User = "admin@fabrikam.onmicrosoft.com" });
            code = await Code();
            Assert.True(_id.Emulator.DenyDeviceCode((string)code["user_code"]!));
            Assert.Equal("authorization_declined", (string)(await Redeem(code, HttpStatusCode.BadRequest))["error"]!);

            code = await Code();
            Assert.True(_id.Emulator.ApproveDeviceCode(((string)code["user_code"]!).ToLowerInvariant()));
            var tokens = await Redeem(code, HttpStatusCode.OK);
            Assert.NotNull(tokens["refresh_token"]);
            Assert.NotNull(tokens["id_token"]);
            Assert.Equal("invalid_grant", (string)(await Redeem(code, HttpStatusCode.BadRequest))["error"]!);

            _id.Emulator.RegisterApp(clientId, new AppRegistration { Scopes = { ReadWrite } });
            var off = await TestService.ExpectAsync(await _id.Https.PostAsync(path + "devicecode", new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = clientId, ["scope"] = Graph })), HttpStatusCode.Unauthorized);
            Assert.Equal(7000218, (int)off["error_codes"]![0]!);
        }

        [Fact]
        public async Task Short_client_credential_tokens_expire_and_are_renewed()
        {
            string clientId = NewClientId();
            _id.Emulator.RegisterApp(clientId, new AppRegistration { Secret = "s", Roles = { ReadWrite }, TokenLifetime = TimeSpan.FromSeconds(3) });
            var credential = new ClientSecretCredential(_id.Tenant, clientId, "s", Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = true }));
            var first = await TokenAsync(credential);
            Assert.InRange(first.ExpiresOn, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(4));
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(first.Token));
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Equal(HttpStatusCode.Unauthorized, await _id.ListJobsAsync(first.Token));
            var renewed = await TokenAsync(credential);
            Assert.NotEqual(first.Token, renewed.Token);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(renewed.Token));
        }

        /// <summary>
        /// With instance discovery on, MSAL sends /common/discovery/instance to login.microsoftonline.com on the
        /// authority's port; a connect callback that sends every host to 127.0.0.1 lets the emulator answer it.
        /// </summary>
        [Fact]
        public async Task Instance_discovery_is_served_when_it_reaches_the_emulator()
        {
            string clientId = NewClientId();
            _id.Emulator.RegisterApp(clientId, new AppRegistration { Secret = "s", Roles = { ReadWrite } });
            var handler = TrustingHandler(_id.Host.Certificate!);
            var hosts = new List<string>();
            handler.ConnectCallback = async (context, cancel) =>
            {
                lock (hosts)
                {
                    hosts.Add(context.DnsEndPoint.Host);
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            };
            var options = new ClientSecretCredentialOptions { AuthorityHost = _id.Authority, DisableInstanceDiscovery = false, Transport = new HttpClientTransport(new HttpClient(handler)) };
            var before = await _id.StatsAsync();
            var token = await TokenAsync(new ClientSecretCredential(_id.Tenant, clientId, "s", options));
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
            Assert.Contains("login.microsoftonline.com", hosts);
            var after = await _id.StatsAsync();
            Assert.True((long)after["tokenRequestsByGrant"]!["metadata"]! > ((long?)before["tokenRequestsByGrant"]!["metadata"] ?? 0));
        }

        [Fact]
        public async Task Metadata_documents_and_admin_validation()
        {
            var config = await TestService.ExpectAsync(await _id.Https.GetAsync(_id.Tenant + "/v2.0/.well-known/openid-configuration"), HttpStatusCode.OK);
            Assert.Equal(_id.Authority + _id.Tenant + "/oauth2/v2.0/token", (string)config["token_endpoint"]!);
            Assert.Equal(_id.Authority + _id.Tenant + "/oauth2/v2.0/devicecode", (string)config["device_authorization_endpoint"]!);
            Assert.Equal(_id.Authority + _id.Tenant + "/v2.0", (string)config["issuer"]!);
            var common = await TestService.ExpectAsync(await _id.Https.GetAsync("organizations/v2.0/.well-known/openid-configuration"), HttpStatusCode.OK);
            Assert.Contains("{tenantid}", (string)common["issuer"]!);
            var keys = await TestService.ExpectAsync(await _id.Https.GetAsync(_id.Tenant + "/discovery/v2.0/keys"), HttpStatusCode.OK);
            Assert.NotNull(keys["keys"]);
            var discovery = await TestService.ExpectAsync(await _id.Https.GetAsync("common/discovery/instance?api-version=1.1&authorization_endpoint=" + Uri.EscapeDataString(_id.Authority + _id.Tenant + "/oauth2/v2.0/authorize")), HttpStatusCode.OK);
            Assert.Equal(_id.Authority + _id.Tenant + "/v2.0/.well-known/openid-configuration", (string)discovery["tenant_discovery_endpoint"]!);
            Assert.Equal(_id.Authority.Authority, (string)discovery["metadata"]![0]!["preferred_network"]!);

            var unknownGrant = await TestService.ExpectAsync(await _id.Https.PostAsync(_id.Tenant + "/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password" })), HttpStatusCode.BadRequest);
            Assert.Equal("unsupported_grant_type", (string)unknownGrant["error"]!);
            var noGrant = await TestService.ExpectAsync(await _id.Https.PostAsync(_id.Tenant + "/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>())), HttpStatusCode.BadRequest);
            Assert.Equal(900144, (int)noGrant["error_codes"]![0]!);

            string clientId = NewClientId();
            var badPem = await _id.Admin.PutAsync("/_emulator/apps/" + clientId, TestService.Json(new JsonObject { ["certificatePem"] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" }));
            Assert.Equal(HttpStatusCode.BadRequest, badPem.StatusCode);
            var unknownProperty = await _id.Admin.PutAsync("/_emulator/apps/" + clientId, TestService.Json(new JsonObject { ["password"] = "x" }));
            Assert.Equal(HttpStatusCode.BadRequest, unknownProperty.StatusCode);
            await _id.RegisterAsync(clientId, new JsonObject { ["secret"] = "x", ["roles"] = new JsonArray(ReadWrite), ["tokenLifetimeSeconds"] = 120 });
            var app = await TestService.ExpectAsync(await _id.Admin.GetAsync("/_emulator/apps/" + clientId), HttpStatusCode.OK);
            Assert.True((bool)app["hasSecret"]!);
            Assert.Equal(120, (double)app["tokenLifetimeSeconds"]!);
            Assert.Equal(HttpStatusCode.NoContent, (await _id.Admin.DeleteAsync("/_emulator/apps/" + clientId)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await _id.Admin.GetAsync("/_emulator/apps/" + clientId)).StatusCode);
            Assert.Null(_id.Emulator.GetApp(clientId));
        }
    }
}
