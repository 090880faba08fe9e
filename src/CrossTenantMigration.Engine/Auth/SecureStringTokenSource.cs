using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine.Auth
{
    /// <summary>A token the user obtained elsewhere. Kept as a SecureString; read only to send it.</summary>
    internal sealed class SecureStringTokenSource : ITokenSource
    {
        private readonly SecureString _token;
        private readonly DateTimeOffset? _expiresOn;

        public SecureStringTokenSource(SecureString token, DateTimeOffset? expiresOn)
        {
            _token = token.Copy();
            _token.MakeReadOnly();
            _expiresOn = expiresOn;
        }

        public Task<AccessTokenValue> GetTokenAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new AccessTokenValue(Reveal(_token), _expiresOn));

        internal static string Reveal(SecureString value)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
                return Marshal.PtrToStringUni(pointer) ?? "";
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
