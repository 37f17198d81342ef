namespace Portal.Messaging.Conversations;

internal static class MessageLimits
{
    /// <summary>Characters in a message body, stored as given (plain text with line breaks).</summary>
    public const int BodyMaxLength = 10_000;

    public const int SubjectMaxLength = 200;

    public const int PageMaxLimit = 100;

    public const int PageDefaultLimit = 25;

    public const int PageMaxOffset = 10_000;

    // The page sizes the portal and the admin app ask for, and the largest allowed.
    private static readonly int[] PageSizes = [20, PageDefaultLimit, 50, PageMaxLimit];

    /// <summary>
    /// How many rows a page of <paramref name="limit"/> reads: the smallest page size that holds it, and one more to tell whether
    /// there is a next page. The caller keeps the first <paramref name="limit"/>.
    /// </summary>
    public static int RowsToRead(int limit) => PageSizes.First(size => size >= limit) + 1;

    /// <summary>
    /// The limit and offset clause of a page, its limit written in the text from the sizes above and the offset left out on the
    /// first page: PostgreSQL then plans the statement once per connection, where a parameter limit is planned on every execution.
    /// A later page's offset is the parameter <c>@Offset</c>.
    /// </summary>
    public static string PageSql(int limit, int offset) => $"limit {RowsToRead(limit)}" + (offset == 0 ? string.Empty : " offset @Offset");

    /// <summary>Chart documents attached to one message.</summary>
    public const int AttachmentsMax = 10;
}
