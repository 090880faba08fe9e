using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Azure.Identity;
using Xunit;
using static CrossTenantMigration.Emulator.Tests.IdentityHost;

namespace CrossTenantMigration.Emulator.Tests
{
    /// <summary>
    /// Tests that set process-wide environment variables (EnvironmentCredential and ManagedIdentityCredential read them,
    /// and MSAL detects the managed-identity source from them on each new credential). They run alone, after the
    /// parallel collections, and restore every variable they touch.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class EnvironmentCollection
    {
        public const string Name = "Process environment";
    }

    /// <summary>Sets environment variables for the life of the scope; the previous values come back on dispose.</summary>
    internal sealed class EnvironmentScope : IDisposable
    {
        private static readonly string[] Managed =
        {
            "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
            "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE",
            "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET",
            "DEFAULT_IDENTITY_CLIENT_ID", "AZURE_POD_IDENTITY_AUTHORITY_HOST",
        };

        private readonly Dictionary<string, string?> _saved = new Dictionary<string, string?>();

        /// <summary>Clears every credential-related variable, then sets the given ones.</summary>
        public EnvironmentScope(params (string Name, string? Value)[] values)
        {
            foreach (var name in Managed)
            {
                _saved[name] = Environment.GetEnvironmentVariable(name);
                Environment.SetEnvironmentVariable(name, null);
            }

            foreach (var (name, value) in values)
            {
                if (!_saved.ContainsKey(name))
                {
                    _saved[name] = Environment.GetEnvironmentVariable(name);
                }

                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var kv in _saved)
            {
                Environment.SetEnvironmentVariable(kv.Key, kv.Value);
            }
        }
    }

    [Collection(EnvironmentCollection.Name)]
    public class EnvironmentCredentialTests : IClassFixture<IdentityHost>
    {
        private readonly IdentityHost _id;

        public EnvironmentCredentialTests(IdentityHost id) => _id = id;

        [Fact]
        public async Task EnvironmentCredential_with_a_client_secret_in_AZURE_variables()
        {
            string clientId = NewClientId();
            await _id.RegisterAsync(clientId, new JsonObject { ["secret"] = "env-secret", ["roles"] = new JsonArray(ReadWrite) });
            using (new EnvironmentScope(
                ("AZURE_TENANT_ID", _id.Tenant),
                ("AZURE_CLIENT_ID", clientId),
                ("AZURE_CLIENT_SECRET", "env-secret"),
                ("AZURE_AUTHORITY_HOST", _id.Authority.ToString())))
            {
                var credential = new EnvironmentCredential(new EnvironmentCredentialOptions { DisableInstanceDiscovery = true, Transport = _id.Transport });
                var token = await TokenAsync(credential);
                Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
                Assert.Equal(clientId, (string)Claims(token.Token)["appid"]!);
            }

            using (new EnvironmentScope(
                ("AZURE_TENANT_ID", _id.Tenant),
                ("AZURE_CLIENT_ID", clientId),
                ("AZURE_CLIENT_SECRET", "not-the-secret"),
                ("AZURE_AUTHORITY_HOST", _id.Authority.ToString())))
            {
                var credential = new EnvironmentCredential(new EnvironmentCredentialOptions { DisableInstanceDiscovery = true, Transport = _id.Transport });
                var e = await Assert.ThrowsAsync<AuthenticationFailedException>(() => TokenAsync(credential));
                Assert.Contains("AADSTS7000215", e.InnerException!.Message);
            }
        }

        [Fact]
        public async Task EnvironmentCredential_with_a_certificate_file_in_AZURE_CLIENT_CERTIFICATE_PATH()
        {
            using var cert = NewAppCertificate();
            string clientId = NewClientId();
            _id.Emulator.RegisterApp(clientId, new AppRegistration { CertificatePem = cert.ExportCertificatePem(), Roles = { ReadWrite } });
            string path = Path.Combine(Path.GetTempPath(), "xtm-env-cert-" + Guid.NewGuid().ToString("N") + ".pem");
            using (var rsa = cert.GetRSAPrivateKey()!)
            {
                await File.WriteAllTextAsync(path, cert.ExportCertificatePem() + "\n" + rsa.ExportPkcs8PrivateKeyPem() + "\n");
            }

            try
            {
                using var env = new EnvironmentScope(
                    ("AZURE_TENANT_ID", _id.Tenant),
                    ("AZURE_CLIENT_ID", clientId),
                    ("AZURE_CLIENT_CERTIFICATE_PATH", path),
                    ("AZURE_AUTHORITY_HOST", _id.Authority.ToString()));
                var token = await TokenAsync(new EnvironmentCredential(new EnvironmentCredentialOptions { DisableInstanceDiscovery = true, Transport = _id.Transport }));
                Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public async Task WorkloadIdentityCredential_from_AZURE_FEDERATED_TOKEN_FILE_and_friends()
        {
            string clientId = NewClientId();
            _id.Emulator.RegisterApp(clientId, new AppRegistration { FederatedSubject = "repo:contoso/migration:environment:test", Roles = { ReadWrite } });
            string path = Path.Combine(Path.GetTempPath(), "xtm-federated-" + Guid.NewGuid().ToString("N") + ".jwt");
            await File.WriteAllTextAsync(path, _id.Emulator.IssueFederatedToken("repo:contoso/migration:environment:test").AccessToken);
            try
            {
                using var env = new EnvironmentScope(
                    ("AZURE_TENANT_ID", _id.Tenant),
                    ("AZURE_CLIENT_ID", clientId),
                    ("AZURE_FEDERATED_TOKEN_FILE", path),
                    ("AZURE_AUTHORITY_HOST", _id.Authority.ToString()));
                var token = await TokenAsync(new WorkloadIdentityCredential(new WorkloadIdentityCredentialOptions { DisableInstanceDiscovery = true, Transport = _id.Transport }));
                Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
                Assert.Equal(clientId, (string)Claims(token.Token)["appid"]!);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Collection(EnvironmentCollection.Name)]
    public class ManagedIdentityCredentialTests : IClassFixture<IdentityHost>
    {
        private readonly IdentityHost _id;

        public ManagedIdentityCredentialTests(IdentityHost id) => _id = id;

        private string MsiEndpoint => _id.Host.HttpUrl.GetLeftPart(UriPartial.Authority) + "/msi/token";

        /// <summary>
        /// MSAL keeps managed-identity tokens in one cache for the whole process, shared by every ManagedIdentityCredential,
        /// and treats a token as expired 5 minutes before its end: with lifetimes under 300 s every request reaches the emulator.
        /// </summary>
        private void Configure(string? secret = "identity-header-value", int lifetimeSeconds = 120)
            => _id.Emulator.ManagedIdentity = new ManagedIdentitySettings
            {
                Secret = secret,
                Roles = { ReadWrite },
                ClientIds = { "0c2e3f6a-1111-4c1d-9e55-6a7b8c9d0e1f" },
                TokenLifetime = TimeSpan.FromSeconds(lifetimeSeconds),
            };

        private ManagedIdentityCredential Credential(ManagedIdentityId id)
            => new ManagedIdentityCredential(new ManagedIdentityCredentialOptions(id) { Transport = _id.Transport });

        [Fact]
        public async Task App_service_style_system_and_user_assigned_identities()
        {
            Configure();
            using var env = new EnvironmentScope(("IDENTITY_ENDPOINT", MsiEndpoint), ("IDENTITY_HEADER", "identity-header-value"));
            var before = await _id.StatsAsync();

            var system = await TokenAsync(Credential(ManagedIdentityId.SystemAssigned));
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(system.Token));
            var claims = Claims(system.Token);
            Assert.Equal(MigrationServiceEmulator.DefaultSystemAssignedClientId, (string)claims["appid"]!);
            Assert.Equal(ReadWrite, (string)claims["roles"]![0]!);

            var user = await TokenAsync(Credential(ManagedIdentityId.FromUserAssignedClientId("0c2e3f6a-1111-4c1d-9e55-6a7b8c9d0e1f")));
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(user.Token));
            Assert.Equal("0c2e3f6a-1111-4c1d-9e55-6a7b8c9d0e1f", (string)Claims(user.Token)["appid"]!);

            var unknown = await Assert.ThrowsAnyAsync<Exception>(() => TokenAsync(Credential(ManagedIdentityId.FromUserAssignedClientId(Guid.NewGuid().ToString()))));
            Assert.Contains("No User Assigned or Delegated Managed Identity found", unknown.ToString());

            var after = await _id.StatsAsync();
            Assert.Equal(((long?)before["tokenRequestsByGrant"]!["managed_identity"] ?? 0) + 3, (long)after["tokenRequestsByGrant"]!["managed_identity"]!);
            Assert.Equal((long)before["total"]! + 2, (long)after["total"]!);
        }

        [Fact]
        public async Task App_service_style_with_a_wrong_identity_header_fails()
        {
            Configure();
            using var env = new EnvironmentScope(("IDENTITY_ENDPOINT", MsiEndpoint), ("IDENTITY_HEADER", "wrong"));
            var e = await Assert.ThrowsAnyAsync<Exception>(() => TokenAsync(Credential(ManagedIdentityId.SystemAssigned)));
            Assert.Contains("X-IDENTITY-HEADER header does not match", e.ToString());

            // and straight over HTTP: 401 with the header wrong, 400 with it missing
            var wrong = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, "/msi/token?api-version=2019-08-01&resource=https://graph.microsoft.com");
            wrong.Headers.Add("X-IDENTITY-HEADER", "wrong");
            Assert.Equal(HttpStatusCode.Unauthorized, (await _id.Admin.SendAsync(wrong)).StatusCode);
            var missing = await _id.Admin.GetAsync("/msi/token?api-version=2019-08-01&resource=https://graph.microsoft.com");
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            var body = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
            Assert.Equal(400, (int)body["statusCode"]!);
        }

        /// <summary>MSI_ENDPOINT alone: MSAL takes it for Cloud Shell (form POST, Metadata: true), system-assigned only.</summary>
        [Fact]
        public async Task Msi_endpoint_alone_is_cloud_shell_style()
        {
            Configure(secret: null, lifetimeSeconds: 3);
            using var env = new EnvironmentScope(("MSI_ENDPOINT", MsiEndpoint));
            var credential = Credential(ManagedIdentityId.SystemAssigned);
            var token = await TokenAsync(credential);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));

            // short managed-identity tokens expire too, and the credential gets a fresh one
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            Assert.Equal(HttpStatusCode.Unauthorized, await _id.ListJobsAsync(token.Token));
            var renewed = await TokenAsync(credential);
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(renewed.Token));

            // MSAL itself refuses a user-assigned identity for this source
            await Assert.ThrowsAnyAsync<Exception>(() => TokenAsync(Credential(ManagedIdentityId.FromUserAssignedClientId("0c2e3f6a-1111-4c1d-9e55-6a7b8c9d0e1f"))));
        }

        /// <summary>MSI_ENDPOINT + MSI_SECRET: MSAL sends the 2017-09-01 request with a secret header (its "machine learning" source).</summary>
        [Fact]
        public async Task Msi_endpoint_with_msi_secret_is_the_2017_style()
        {
            Configure(secret: "msi-secret");
            using (new EnvironmentScope(("MSI_ENDPOINT", MsiEndpoint), ("MSI_SECRET", "msi-secret"), ("DEFAULT_IDENTITY_CLIENT_ID", MigrationServiceEmulator.DefaultSystemAssignedClientId)))
            {
                var user = await TokenAsync(Credential(ManagedIdentityId.FromUserAssignedClientId("0c2e3f6a-1111-4c1d-9e55-6a7b8c9d0e1f")));
                Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(user.Token));
                var system = await TokenAsync(Credential(ManagedIdentityId.SystemAssigned));
                Assert.Equal(MigrationServiceEmulator.DefaultSystemAssignedClientId, (string)Claims(system.Token)["appid"]!);
            }

            using (new EnvironmentScope(("MSI_ENDPOINT", MsiEndpoint), ("MSI_SECRET", "wrong")))
            {
                var e = await Assert.ThrowsAnyAsync<Exception>(() => TokenAsync(Credential(ManagedIdentityId.FromUserAssignedClientId("0c2e3f6a-1111-4c1d-9e55-6a7b8c9d0e1f"))));
                Assert.Contains("secret header does not match", e.ToString());
            }
        }

        /// <summary>IMDS, moved to the emulator with AZURE_POD_IDENTITY_AUTHORITY_HOST.</summary>
        [Fact]
        public async Task Imds_through_the_pod_identity_authority_host()
        {
            Configure();
            using var env = new EnvironmentScope(("AZURE_POD_IDENTITY_AUTHORITY_HOST", _id.Host.HttpUrl.GetLeftPart(UriPartial.Authority)));
            var token = await TokenAsync(Credential(ManagedIdentityId.FromUserAssignedClientId("0c2e3f6a-1111-4c1d-9e55-6a7b8c9d0e1f")));
            Assert.Equal(HttpStatusCode.OK, await _id.ListJobsAsync(token.Token));
            var e = await Assert.ThrowsAnyAsync<Exception>(() => TokenAsync(Credential(ManagedIdentityId.FromUserAssignedClientId(Guid.NewGuid().ToString()))));
            Assert.Contains("Identity not found", e.ToString());
        }
    }
}
