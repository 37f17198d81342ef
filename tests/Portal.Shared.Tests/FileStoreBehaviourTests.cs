using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Files;
using Portal.Shared.Jobs;

namespace Portal.Shared.Tests;

/// <summary>The host, configured with one kind of file store, for the behaviour every store must have.</summary>
public abstract class FileStoreHostFixture(string store) : IAsyncLifetime
{
    private PortalApp? _app;

    public PortalApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public IFileStore Store => App.Services.GetRequiredService<IFileStore>();

    public async Task InitializeAsync()
    {
        var options = new PortalAppOptions();
        options.Settings["Portal:Files:Store"] = store;
        _app = await PortalApp.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class PostgresFileStoreHost() : FileStoreHostFixture("Postgres");

public sealed class DiskFileStoreHost() : FileStoreHostFixture("Disk");

/// <summary>What every file store does, whichever keeps the bytes.</summary>
public abstract class FileStoreBehaviourTests(FileStoreHostFixture host)
{
    /// <summary>Four full 256 KiB chunks and a partial fifth.</summary>
    protected const int LargeLength = (4 * 256 * 1024) + 12_345;

    protected IFileStore Store => host.Store;

    protected PortalApp App => host.App;

    [Fact]
    public async Task A_saved_file_reads_back_byte_for_byte_with_its_length_and_SHA_256()
    {
        var content = Bytes(10_000, seed: 1);

        var stored = await Store.SaveAsync("tests/round-trip", new MemoryStream(content), CancellationToken.None);

        stored.Key.ShouldStartWith("tests/round-trip/");
        stored.Key.ShouldMatch("^tests/round-trip/[0-9a-f]{32}$");
        stored.Length.ShouldBe(content.Length);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        (await ReadAllAsync(stored.Key, 4096)).ShouldBe(content);
    }

    [Fact]
    public async Task A_file_larger_than_several_chunks_is_streamed_in_and_out_and_can_be_read_from_any_offset()
    {
        var content = Bytes(LargeLength, seed: 2);

        var stored = await Store.SaveAsync("tests/large", new TrickleStream(content, 10_007), CancellationToken.None);

        stored.Length.ShouldBe(LargeLength);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(content)));
        (await ReadAllAsync(stored.Key, 70_001)).ShouldBe(content);
        await using var stream = (await Store.OpenReadAsync(stored.Key, CancellationToken.None)).ShouldNotBeNull();
        stream.CanSeek.ShouldBeTrue();
        stream.Length.ShouldBe(LargeLength);
        var across = (256 * 1024) - 100;
        stream.Seek(across, SeekOrigin.Begin);
        var window = new byte[300];
        await stream.ReadExactlyAsync(window);
        window.ShouldBe(content[across..(across + 300)]);
        stream.Seek(-5, SeekOrigin.End);
        var tail = new byte[10];
        (await stream.ReadAtLeastAsync(tail, 10, throwOnEndOfStream: false)).ShouldBe(5);
        tail[..5].ShouldBe(content[^5..]);
    }

    [Fact]
    public async Task A_file_read_synchronously_gives_the_same_bytes_as_read_asynchronously()
    {
        // Some readers (a PDF or ZIP library) read synchronously; the store's main connections do not run synchronous statements.
        var content = Bytes(LargeLength, seed: 5);
        var stored = await Store.SaveAsync("tests/sync", new MemoryStream(content), CancellationToken.None);

        await using var stream = (await Store.OpenReadAsync(stored.Key, CancellationToken.None)).ShouldNotBeNull();
        var copy = new MemoryStream();
        var buffer = new byte[70_001];
        int read;
#pragma warning disable CA1849 // Synchronous on purpose: this is what the test is about.
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, read);
        }
#pragma warning restore CA1849

        copy.ToArray().ShouldBe(content);
    }

    [Fact]
    public async Task An_empty_file_is_stored_and_reads_back_empty()
    {
        var stored = await Store.SaveAsync("tests/empty", new MemoryStream(), CancellationToken.None);

        stored.Length.ShouldBe(0);
        stored.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData([])));
        (await ReadAllAsync(stored.Key, 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_key_that_was_never_issued_opens_nothing()
    {
        (await Store.OpenReadAsync("tests/missing/" + Guid.NewGuid().ToString("N"), CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_deleted_file_is_gone_and_deleting_it_again_is_harmless()
    {
        var kept = await Store.SaveAsync("tests/delete", new MemoryStream(Bytes(300_000, seed: 3)), CancellationToken.None);
        var doomed = await Store.SaveAsync("tests/delete", new MemoryStream(Bytes(300_000, seed: 4)), CancellationToken.None);

        await Store.DeleteAsync(doomed.Key, CancellationToken.None);
        await Store.DeleteAsync(doomed.Key, CancellationToken.None);

        (await Store.OpenReadAsync(doomed.Key, CancellationToken.None)).ShouldBeNull();
        (await ReadAllAsync(kept.Key, 8192)).ShouldBe(Bytes(300_000, seed: 3));
    }

    [Fact]
    public async Task Listing_an_area_gives_its_own_files_stored_before_the_time_in_key_order_page_by_page()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(5);
        var saved = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            saved.Add((await Store.SaveAsync("tests/listed", new MemoryStream(Bytes(100, seed: 20 + i)), CancellationToken.None)).Key);
        }

        await Store.SaveAsync("tests/listed/nested", new MemoryStream(Bytes(100, seed: 30)), CancellationToken.None);
        await Store.SaveAsync("tests/listed-next", new MemoryStream(Bytes(100, seed: 31)), CancellationToken.None);
        saved.Sort(StringComparer.Ordinal);

        var first = await Store.ListAsync("tests/listed", before, null, 3, CancellationToken.None);
        var rest = await Store.ListAsync("tests/listed", before, first[^1], 3, CancellationToken.None);

        first.ShouldBe(saved[..3]);
        rest.ShouldBe(saved[3..]);
        (await Store.ListAsync("tests/listed", DateTimeOffset.UtcNow.AddHours(-1), null, 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stored_file_no_module_names_is_deleted_once_a_day_old_and_named_new_or_unowned_files_are_kept()
    {
        const string area = "settings/background";
        var orphan = await Store.SaveAsync(area, new MemoryStream(Bytes(200, seed: 40)), CancellationToken.None);
        var named = await Store.SaveAsync(area, new MemoryStream(Bytes(200, seed: 41)), CancellationToken.None);
        var unowned = await Store.SaveAsync("tests/unowned", new MemoryStream(Bytes(200, seed: 42)), CancellationToken.None);
        var clinic = await App.CreateClinicAsync();
        await App.ExecuteAsync(
            """
            insert into settings.background_images (id, clinic_id, storage_key, content_type, byte_length, width, height, sha256, uploaded_at)
            values (@id, @clinic, @key, 'image/png', 200, 1, 1, '', now())
            """,
            new { id = Guid.NewGuid(), clinic = clinic.Id, key = named.Key });

        await SweepOrphansAsync(TimeSpan.FromHours(23));
        (await ExistsAsync(orphan.Key)).ShouldBeTrue("a file younger than a day may still be waiting for its row");

        await SweepOrphansAsync(TimeSpan.FromHours(25));

        (await ExistsAsync(orphan.Key)).ShouldBeFalse();
        (await ExistsAsync(named.Key)).ShouldBeTrue();
        (await ExistsAsync(unowned.Key)).ShouldBeTrue();
    }

    private async Task<bool> ExistsAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, CancellationToken.None);
        return stream is not null;
    }

    private async Task SweepOrphansAsync(TimeSpan later)
    {
        var clock = new ManualClock();
        clock.Advance(later);
        var job = App.Services.GetRequiredService<JobCatalog>().Find("platform.orphan-files").ShouldNotBeNull();
        await using var scope = App.Services.CreateAsyncScope();
        var sweep = (IRecurringJob)ActivatorUtilities.CreateInstance(scope.ServiceProvider, job.JobType, clock);
        await sweep.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("tests/delete/../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("tests/UPPER/0123456789abcdef0123456789abcdef")]
    [InlineData("tests/0123456789abcdef")]
    [InlineData("")]
    public async Task A_key_the_store_did_not_issue_is_refused_for_reading_and_deleting(string key)
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.OpenReadAsync(key, CancellationToken.None));
        await Should.ThrowAsync<ArgumentException>(() => Store.DeleteAsync(key, CancellationToken.None));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("Tests")]
    [InlineData("tests/")]
    [InlineData("")]
    public async Task An_area_that_is_not_a_plain_path_is_refused(string area)
    {
        await Should.ThrowAsync<ArgumentException>(() => Store.SaveAsync(area, new MemoryStream([1, 2, 3]), CancellationToken.None));
    }

    protected static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected async Task<byte[]> ReadAllAsync(string key, int bufferSize)
    {
        await using var stream = (await Store.OpenReadAsync(key, CancellationToken.None)).ShouldNotBeNull();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, bufferSize);
        return copy.ToArray();
    }

    /// <summary>A forward-only source that hands out at most a few bytes per read, as a network body does.</summary>
    protected sealed class TrickleStream(byte[] content, int perRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public bool FailAtEnd { get; init; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= content.Length && FailAtEnd)
            {
                throw new IOException("The client went away.");
            }

            var n = Math.Min(Math.Min(count, perRead), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class PostgresFileStoreTests(PostgresFileStoreHost host) : FileStoreBehaviourTests(host), IClassFixture<PostgresFileStoreHost>
{
    [Fact]
    public async Task Files_are_kept_in_the_database_in_256_KiB_chunks()
    {
        var stored = await Store.SaveAsync("tests/chunks", new MemoryStream(Bytes(LargeLength, seed: 5)), CancellationToken.None);

        var chunks = await App.QueryAsync<int>(
            "select length(data) from platform.file_chunks where file_key = @Key order by chunk_number", new { stored.Key });
        chunks.ShouldBe([262_144, 262_144, 262_144, 262_144, 12_345]);
        (await App.QuerySingleAsync<(long, string)>("select byte_length, sha256 from platform.files where key = @Key", new { stored.Key }))
            .ShouldBe((stored.Length, stored.Sha256));
    }

    [Fact]
    public async Task An_upload_that_breaks_off_leaves_no_file_and_no_chunks()
    {
        var before = await App.QuerySingleAsync<long>("select count(*) from platform.file_chunks");

        await Should.ThrowAsync<IOException>(() =>
            Store.SaveAsync("tests/broken", new TrickleStream(Bytes(LargeLength, seed: 6), 50_000) { FailAtEnd = true }, CancellationToken.None));

        (await App.QuerySingleAsync<long>("select count(*) from platform.files where key like 'tests/broken/%'")).ShouldBe(0);
        (await App.QuerySingleAsync<long>("select count(*) from platform.file_chunks")).ShouldBe(before);
    }

    [Fact]
    public async Task Deleting_a_file_deletes_its_chunks()
    {
        var stored = await Store.SaveAsync("tests/cascade", new MemoryStream(Bytes(600_000, seed: 7)), CancellationToken.None);

        await Store.DeleteAsync(stored.Key, CancellationToken.None);

        (await App.QuerySingleAsync<long>("select count(*) from platform.file_chunks where file_key = @Key", new { stored.Key })).ShouldBe(0);
    }
}

public sealed class DiskFileStoreTests(DiskFileStoreHost host) : FileStoreBehaviourTests(host), IClassFixture<DiskFileStoreHost>
{
    [Fact]
    public async Task Files_are_kept_under_the_configured_folder_by_key()
    {
        var content = Bytes(1000, seed: 8);

        var stored = await Store.SaveAsync("tests/disk", new MemoryStream(content), CancellationToken.None);

        (await File.ReadAllBytesAsync(Path.Combine(App.FilesRoot, stored.Key))).ShouldBe(content);
    }
}
