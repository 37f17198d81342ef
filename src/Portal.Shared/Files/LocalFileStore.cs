using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Portal.Shared.Files;

/// <summary>Files in a folder of this host (<see cref="FileStoreKind.Disk"/>), for single-host installs.</summary>
internal sealed class LocalFileStore(IOptions<FileStoreOptions> options) : IFileStore
{
    private const int BufferSize = 64 * 1024;
    private readonly string _root = Path.GetFullPath(options.Value.Root);

    public async Task<StoredFile> SaveAsync(string area, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = FileKeys.New(area);
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    length += read;
                }
            }

            File.Move(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new StoredFile(key, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathFor(key));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string area, DateTimeOffset before, string? after, int limit, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, area);
        IReadOnlyList<string> keys = !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder)
                .Where(path => File.GetLastWriteTimeUtc(path) < before.UtcDateTime)
                .Select(path => $"{area}/{Path.GetFileName(path)}")
                .Where(key => FileKeys.IsIn(key, area) && (after is null || string.CompareOrdinal(key, after) > 0))
                .Order(StringComparer.Ordinal)
                .Take(limit)
                .ToList();
        return Task.FromResult(keys);
    }

    private string PathFor(string key)
    {
        FileKeys.EnsureValid(key);
        return Path.Combine(_root, key);
    }
}
