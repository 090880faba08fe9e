using System;
using System.Text;
using CrossTenantMigration.Engine.Auth;
using Xunit;

namespace CrossTenantMigration.Engine.Tests
{
    public class TokenClaimsTests
    {
        private static string Jwt(string payloadJson)
        {
            static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return Part("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Part(payloadJson) + ".";
        }

        [Fact]
        public void Reads_a_delegated_token()
        {
            var claims = TokenClaims.TryRead(Jwt("{\"tid\":\"t1\",\"appid\":\"a1\",\"upn\":\"admin@contoso.com\",\"scp\":\"CrossTenantContentMigration.ReadWrite.All User.Read\",\"exp\":1800000000}"))!;
            Assert.Equal("t1", claims.TenantId);
            Assert.Equal("a1", claims.ClientId);
            Assert.Equal("admin@contoso.com", claims.Account);
            Assert.Equal(new[] { "CrossTenantContentMigration.ReadWrite.All", "User.Read" }, claims.Scopes);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1800000000), claims.ExpiresOn);
        }

        [Fact]
        public void Reads_an_application_token_with_roles()
        {
            var claims = TokenClaims.TryRead(Jwt("{\"tid\":\"t1\",\"azp\":\"a2\",\"roles\":[\"CrossTenantContentMigration.Read.All\",\"X\"]}"))!;
            Assert.Equal("a2", claims.ClientId);
            Assert.Null(claims.Account);
            Assert.Equal(new[] { "CrossTenantContentMigration.Read.All", "X" }, claims.Scopes);
            Assert.Null(claims.ExpiresOn);
        }

        [Theory]
        [InlineData("not a token")]
        [InlineData("a.b.c")]
        [InlineData("")]
        public void Is_null_for_what_is_not_a_JWT(string token) => Assert.Null(TokenClaims.TryRead(token));
    }
}
