namespace Portal.Shared.Database;

/// <summary>
/// The limit and offset of a page of rows, written so that PostgreSQL plans the statement once per connection: the limit is a number
/// in the text, taken from a few page sizes, and the first page has no offset. A limit or offset parameter makes PostgreSQL plan the
/// statement on every execution (ADR 25).
/// </summary>
public static class PageClause
{
    /// <summary>The largest page any list gives.</summary>
    public const int MaxLimit = 100;

    // The page sizes the portal and the admin app ask for, and the largest allowed.
    private static readonly int[] Sizes = [20, 25, 50, MaxLimit];

    /// <summary>
    /// How many rows a page of <paramref name="limit"/> (1 to <see cref="MaxLimit"/>) reads: the smallest page size that holds it, and
    /// one more to tell whether there is a next page. The caller keeps the first <paramref name="limit"/>.
    /// </summary>
    public static int RowsToRead(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        return Sizes.First(size => size >= limit) + 1;
    }

    /// <summary>The clause itself; a later page's offset is the statement's parameter <c>@Offset</c>.</summary>
    public static string Sql(int limit, int offset) => $"limit {RowsToRead(limit)}" + (offset == 0 ? string.Empty : " offset @Offset");
}
