using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Database;

namespace Portal.Shared.Files;

public static class FileOwners
{
    /// <summary>Declares that the keys of files in <paramref name="area"/> are kept in <paramref name="column"/> of <paramref name="table"/> (schema-qualified).</summary>
    public static IServiceCollection AddFileOwner(this IServiceCollection services, string area, string table, string column) =>
        services.AddScoped<IFileOwner>(provider => new TableFileOwner(provider.GetRequiredService<IDbSession>(), area, table, column));

    private sealed class TableFileOwner(IDbSession db, string area, string table, string column) : IFileOwner
    {
        public string Area => area;

        public async Task<IReadOnlySet<string>> InUseAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            (await db.QueryAsync<string>($"select {column} from {table} where {column} = any(@keys)", new { keys = keys.ToArray() }, cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
    }
}
