using System;
using CrossTenantMigration.Engine.Auth;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    /// <summary>How long each sign-in may take before it is abandoned: settings, checked without waiting for them.</summary>
    public class SignInSettingsTests
    {
        [Fact]
        public void A_managed_identity_outside_Azure_is_given_up_in_seconds_not_minutes()
        {
            var options = CredentialFactory.ManagedIdentityOptions(null);
            Assert.Equal(1, options.Retry.MaxRetries);
            Assert.Equal(TimeSpan.FromSeconds(5), options.Retry.NetworkTimeout);
            Assert.Equal(TimeSpan.FromSeconds(20), MigrationTransportFactory.DefaultSignInTimeout(SignInKind.ManagedIdentity));
        }

        [Fact]
        public void A_person_signing_in_has_a_quarter_of_an_hour_and_an_app_a_minute()
        {
            Assert.Equal(TimeSpan.FromMinutes(15), MigrationTransportFactory.DefaultSignInTimeout(SignInKind.DeviceCode));
            Assert.Equal(TimeSpan.FromMinutes(15), MigrationTransportFactory.DefaultSignInTimeout(SignInKind.Interactive));
            Assert.Equal(TimeSpan.FromMinutes(1), MigrationTransportFactory.DefaultSignInTimeout(SignInKind.ClientSecret));
        }
    }
}
