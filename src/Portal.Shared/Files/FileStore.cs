using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Shared.Files;

/// <summary>A stored file: its generated key, never a name a user chose (checklist F2).</summary>
public sealed record StoredFile(string Key, long Length, string Sha256);

/// <summary>
/// Where uploaded files live: outside the web root, under generated names. The local implementation
/// writes to a folder; an S3-compatible store can replace it behind this interface.
/// </summary>
public interface IFileStore
{
    /// <summary>Stores <paramref name="content"/> under a new key in <paramref name="area"/> (e.g. <c>settings/background</c>).</summary>
    Task<StoredFile> SaveAsync(string area, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Opens a stored file, or returns null when there is none under that key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

public sealed class FileStoreOptions
{
    /// <summary>The folder files are kept in. Relative paths are taken from the host's content root.</summary>
    public string Root { get; set; } = ".data/files";
}

internal sealed partial class LocalFileStore(IOptions<FileStoreOptions> options) : IFileStore
{
    private readonly string _root = Path.GetFullPath(options.Value.Root);

    public async Task<StoredFile> SaveAsync(string area, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!AreaPattern().IsMatch(area))
        {
            throw new ArgumentException($"'{area}' is not a valid storage area.", nameof(area));
        }

        var key = $"{area}/{Guid.NewGuid():N}";
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".partial";
        await File.WriteAllBytesAsync(temporary, content.ToArray(), cancellationToken);
        File.Move(temporary, path);
        return new StoredFile(key, content.Length, Convert.ToHexStringLower(SHA256.HashData(content.Span)));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathFor(key));
        return Task.CompletedTask;
    }

    private string PathFor(string key)
    {
        if (!KeyPattern().IsMatch(key))
        {
            throw new ArgumentException("Not a key this store issued.", nameof(key));
        }

        return Path.Combine(_root, key);
    }

    [GeneratedRegex("^[a-z0-9-]+(/[a-z0-9-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex AreaPattern();

    [GeneratedRegex("^[a-z0-9-]+(/[a-z0-9-]+)*/[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
