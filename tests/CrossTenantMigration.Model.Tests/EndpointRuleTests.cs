using System;
using Xunit;

namespace CrossTenantMigration.Model.Tests
{
    /// <summary>The -Endpoint rule for what the endpoint must not carry: it is shown wherever the connection is.</summary>
    public class EndpointRuleTests
    {
        [Theory]
        [InlineData("https://admin:hunter2-secret@graph.microsoft.com", "hunter2-secret")]
        [InlineData("https://admin:hunter2-secret@graph.microsoft.com:8443/graph", "hunter2-secret")]
        [InlineData("https://hunter2-secret@graph.microsoft.com", "hunter2-secret")]
        [InlineData("http://admin:hunter2-secret@127.0.0.1:5000", "hunter2-secret")]
        public void An_endpoint_with_user_info_is_refused_without_the_password_in_the_message_or_target(string endpoint, string secret)
        {
            var refused = Assert.Throws<InputValidationException>(() => ConnectionOptions.NormalizeEndpoint(new Uri(endpoint)));

            Assert.Equal(ErrorIds.InvalidEndpoint, refused.ErrorId);
            Assert.Equal("Endpoint", refused.Error.ParameterName);
            Assert.DoesNotContain(secret, refused.Message);
            Assert.DoesNotContain(secret, refused.Error.Message);
            Assert.DoesNotContain(secret, refused.Target?.ToString() ?? "");
            Assert.DoesNotContain(secret, refused.Error.Value?.ToString() ?? "");
            Assert.Contains("user name or password", refused.Message);
            // The target still names the endpoint meant, so the user sees which one was refused.
            Assert.Equal(new Uri(endpoint).Host, Assert.IsType<Uri>(refused.Target).Host);
        }
    }
}
