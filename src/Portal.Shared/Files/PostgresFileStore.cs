using System.Buffers;
using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

namespace Portal.Shared.Files;

/// <summary>
/// Files in PostgreSQL (<see cref="FileStoreKind.Postgres"/>, the default): one row per file in
/// <c>platform.files</c> and its content in <see cref="ChunkSize"/> rows of <c>platform.file_chunks</c>,
/// written in one transaction of its own, so a file is there whole or not at all, on every host.
/// Reads fetch one chunk at a time on a pooled connection, so a slow download holds no connection; a synchronous read
/// takes its chunk from <paramref name="synchronousSource"/>, since the main pool multiplexes (ADR 35).
/// </summary>
internal sealed class PostgresFileStore(NpgsqlDataSource dataSource, NpgsqlDataSource synchronousSource) : IFileStore
{
    /// <summary>256 KiB: big enough that a 500 MB video is 2,000 rows, small enough that a reader holds little.</summary>
    public const int ChunkSize = 256 * 1024;

    public async Task<StoredFile> SaveAsync(string area, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = FileKeys.New(area);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var file = new NpgsqlCommand(
                "insert into platform.files (key, byte_length, sha256, chunk_size) values ($1, 0, '', $2)", connection, transaction))
            {
                file.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                file.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ChunkSize });
                await file.ExecuteNonQueryAsync(cancellationToken);
            }

            long length = 0;
            await using (var chunk = new NpgsqlCommand(
                "insert into platform.file_chunks (file_key, chunk_number, data) values ($1, $2, $3)", connection, transaction))
            {
                var keyParameter = new NpgsqlParameter<string> { TypedValue = key };
                var index = new NpgsqlParameter<int>();
                var data = new NpgsqlParameter<ArraySegment<byte>> { NpgsqlDbType = NpgsqlDbType.Bytea };
                chunk.Parameters.Add(keyParameter);
                chunk.Parameters.Add(index);
                chunk.Parameters.Add(data);
                int read;
                while ((read = await content.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    data.TypedValue = new ArraySegment<byte>(buffer, 0, read);
                    await chunk.ExecuteNonQueryAsync(cancellationToken);
                    index.TypedValue++;
                    length += read;
                }
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            await using (var finish = new NpgsqlCommand(
                "update platform.files set byte_length = $2, sha256 = $3 where key = $1", connection, transaction))
            {
                finish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
                finish.Parameters.Add(new NpgsqlParameter<long> { TypedValue = length });
                finish.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
                await finish.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new StoredFile(key, length, sha256);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        FileKeys.EnsureValid(key);
        await using var command = dataSource.CreateCommand("select byte_length, chunk_size from platform.files where key = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new PostgresFileReadStream(dataSource, synchronousSource, key, reader.GetInt64(0), reader.GetInt32(1))
            : null;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        FileKeys.EnsureValid(key);
        await using var command = dataSource.CreateCommand("delete from platform.files where key = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string area, DateTimeOffset before, string? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select key from platform.files
            where starts_with(key, $1) and key collate "C" > $2 and created_at < $3
            order by key collate "C" limit $4
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = area + "/" });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after ?? "" });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetString(0);
            if (FileKeys.IsIn(key, area))
            {
                keys.Add(key);
            }
        }

        return keys;
    }
}

/// <summary>A stored file read one chunk at a time; seekable, so downloads can answer range requests.</summary>
internal sealed class PostgresFileReadStream(NpgsqlDataSource dataSource, NpgsqlDataSource synchronousSource, string key, long length, int chunkSize)
    : Stream
{
    private const string ChunkSql = "select data from platform.file_chunks where file_key = $1 and chunk_number = $2";
    private byte[] _chunk = [];
    private int _chunkIndex = -1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        var index = (int)(_position / chunkSize);
        if (index != _chunkIndex)
        {
            using var command = ChunkCommand(synchronousSource, index);
            Accept(index, command.ExecuteScalar());
        }

        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }

        var index = (int)(_position / chunkSize);
        if (index != _chunkIndex)
        {
            await using var command = ChunkCommand(dataSource, index);
            Accept(index, await command.ExecuteScalarAsync(cancellationToken));
        }

        return CopyOut(buffer.Span);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private NpgsqlCommand ChunkCommand(NpgsqlDataSource source, int index)
    {
        var command = source.CreateCommand(ChunkSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = index });
        return command;
    }

    private void Accept(int index, object? data)
    {
        var expected = (int)Math.Min(chunkSize, length - ((long)index * chunkSize));
        if (data is not byte[] bytes || bytes.Length != expected)
        {
            throw new IOException($"Stored file {key} is missing chunk {index} or it has the wrong length: it was deleted or damaged while being read.");
        }

        _chunk = bytes;
        _chunkIndex = index;
    }

    private int CopyOut(Span<byte> buffer)
    {
        var offset = (int)(_position - ((long)_chunkIndex * chunkSize));
        var count = Math.Min(buffer.Length, _chunk.Length - offset);
        _chunk.AsSpan(offset, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
