using System.Text.RegularExpressions;

namespace Portal.Shared.Files;

/// <summary>A stored file: its generated key, never a name a user chose (checklist F2).</summary>
public sealed record StoredFile(string Key, long Length, string Sha256);

/// <summary>
/// Where uploaded files live: outside the web root, under generated names, written and read as streams
/// so that no file, a video included, is ever held whole in memory.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Stores what <paramref name="content"/> holds from its position to its end under a new key in
    /// <paramref name="area"/> (e.g. <c>settings/background</c>), with its length and SHA-256 computed on the way.
    /// </summary>
    Task<StoredFile> SaveAsync(string area, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a stored file for reading (seekable, read piece by piece), or returns null when there is none under that key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes the file under <paramref name="key"/>; a key with no file is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Which implementation keeps the files.</summary>
public enum FileStoreKind
{
    /// <summary>In PostgreSQL, in chunks: every host sees every file, and the database backup holds them.</summary>
    Postgres,

    /// <summary>In a folder of this host: only for a single host, whose backup must include the folder.</summary>
    Disk,
}

/// <summary>
/// <c>Portal:Files</c>. <see cref="Store"/> is <c>Postgres</c> by default: files are kept in chunks in
/// <c>platform.files</c> and <c>platform.file_chunks</c>, so that several hosts behind a load balancer
/// serve every file and one database backup holds them all. <c>Disk</c> keeps them under
/// <see cref="Root"/> instead, which suits a single host only (another host would not see them).
/// </summary>
public sealed class FileStoreOptions
{
    /// <summary><c>Postgres</c> (the default) or <c>Disk</c>.</summary>
    public FileStoreKind Store { get; set; } = FileStoreKind.Postgres;

    /// <summary>With <c>Disk</c>, the folder files are kept in. Relative paths are taken from the host's content root.</summary>
    public string Root { get; set; } = ".data/files";
}

/// <summary>The one shape of keys every store issues: the area, then 32 hex digits.</summary>
internal static partial class FileKeys
{
    public static string New(string area)
    {
        if (!AreaPattern().IsMatch(area))
        {
            throw new ArgumentException($"'{area}' is not a valid storage area.", nameof(area));
        }

        return $"{area}/{Guid.NewGuid():N}";
    }

    public static void EnsureValid(string key)
    {
        if (key is null || !KeyPattern().IsMatch(key))
        {
            throw new ArgumentException("Not a key this store issued.", nameof(key));
        }
    }

    [GeneratedRegex("^[a-z0-9-]+(/[a-z0-9-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex AreaPattern();

    [GeneratedRegex("^[a-z0-9-]+(/[a-z0-9-]+)*/[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
