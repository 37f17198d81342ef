namespace Portal.Messaging.Conversations;

internal static class MessageLimits
{
    /// <summary>Characters in a message body, stored as given (plain text with line breaks).</summary>
    public const int BodyMaxLength = 10_000;

    public const int SubjectMaxLength = 200;

    public const int PageMaxLimit = 100;

    public const int PageDefaultLimit = 25;

    public const int PageMaxOffset = 10_000;

    /// <summary>Chart documents attached to one message.</summary>
    public const int AttachmentsMax = 10;
}
