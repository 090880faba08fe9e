using System;
using System.Buffers;
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

            var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            byte[] bytes;
            int length;
            // Not every platform's stream heeds the token while it waits for bytes; closing it ends the wait.
            using (cancellationToken.Register(() => stream.Dispose()))
            {
                try
                {
                    if (declared is long size)
                    {
                        // The usual answer: its length is known, so it is read straight into an array of that size.
                        bytes = new byte[size];
                        length = 0;
                        int read;
                        while (length < bytes.Length && (read = await stream.ReadAsync(bytes, length, bytes.Length - length, cancellationToken).ConfigureAwait(false)) > 0)
                            length += read;
                    }
                    else
                    {
                        var body = await ReadChunkedAsync(stream, limit, cancellationToken).ConfigureAwait(false);
                        if (body == null) return false;
                        bytes = body.GetBuffer();
                        length = (int)body.Length;
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

            // The callers read the bytes and, at most, the content type.
            var buffered = new ByteArrayContent(bytes, 0, length);
            buffered.Headers.ContentType = content.Headers.ContentType;
            content.Dispose();
            response.Content = buffered;
            return true;
        }

        /// <summary>A body of unknown length, a chunk at a time; null once it passes <paramref name="limit"/>.</summary>
        private static async Task<MemoryStream?> ReadChunkedAsync(Stream stream, int limit, CancellationToken cancellationToken)
        {
            var body = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, ChunkSize, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (body.Length + read > limit) return null;
                    body.Write(chunk, 0, read);
                }
                return body;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }
}
