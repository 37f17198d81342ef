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

    /// <summary>Up to <paramref name="limit"/> keys of files in <paramref name="area"/> stored before <paramref name="before"/>, in key order after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<string>> ListAsync(string area, DateTimeOffset before, string? after, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// A module that keeps files in one storage area says which of them it still names, so that a file
/// whose row never committed (the host died between the two) is found and deleted by <c>platform.orphan-files</c>.
/// </summary>
public interface IFileOwner
{
    /// <summary>The storage area the module saves into, e.g. <c>registration/documents</c>.</summary>
    string Area { get; }

    /// <summary>Which of <paramref name="keys"/> the module still names.</summary>
    Task<IReadOnlySet<string>> InUseAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);
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

    /// <summary>Whether <paramref name="key"/> is a key of <paramref name="area"/> itself, not of an area under it.</summary>
    public static bool IsIn(string key, string area) =>
        KeyPattern().IsMatch(key) && key.Length == area.Length + 33 && key.StartsWith(area + "/", StringComparison.Ordinal);

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
