using Portal.Shared.Database;

namespace Portal.Messaging.Conversations;

internal static class MessageLimits
{
    /// <summary>Characters in a message body, stored as given (plain text with line breaks).</summary>
    public const int BodyMaxLength = 10_000;

    public const int SubjectMaxLength = 200;

    public const int PageMaxLimit = PageClause.MaxLimit;

    public const int PageDefaultLimit = 25;

    public const int PageMaxOffset = 10_000;

    /// <summary>The limit and offset clause of a page (see <see cref="PageClause"/>); a later page's offset is the parameter <c>@Offset</c>.</summary>
    public static string PageSql(int limit, int offset) => PageClause.Sql(limit, offset);

    /// <summary>Chart documents attached to one message.</summary>
    public const int AttachmentsMax = 10;
}
