using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CrossTenantMigration.Engine.Http
{
    /// <summary>Reads an answer's body into memory, never more than a limit, and gives it back as the answer's content.</summary>
    internal static class BoundedBody
    {
        private const int ChunkSize = 16 * 1024;

        /// <summary>
        /// Replaces the content of <paramref name="response"/> with its bytes, read until the body ends.
        /// Returns false, having read at most <paramref name="limit"/> bytes and one chunk, when the body is
        /// larger than <paramref name="limit"/>; a Content-Length larger than it is refused before reading.
        /// </summary>
        public static async Task<bool> TryBufferAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
        {
            var content = response.Content;
            if (content == null) return true;
            var declared = content.Headers.ContentLength;
            if (declared > limit) return false;

            var body = new MemoryStream(declared is long length ? (int)length : 0);
            var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            // Not every platform's stream heeds the token while it waits for bytes; closing it ends the wait.
            using (cancellationToken.Register(() => stream.Dispose()))
            {
                try
                {
                    var chunk = new byte[ChunkSize];
                    int read;
                    while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        if (body.Length + read > limit) return false;
                        body.Write(chunk, 0, read);
                    }
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && !(ex is OperationCanceledException))
                {
                    throw new OperationCanceledException("The answer's body did not arrive in time.", ex, cancellationToken);
                }
                finally
                {
                    stream.Dispose();
                }
            }

            var buffered = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
            foreach (var header in content.Headers)
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            content.Dispose();
            response.Content = buffered;
            return true;
        }
    }
}
