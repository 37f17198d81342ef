namespace Portal.Notifications.Channels;

internal enum SendStatus
{
    /// <summary>The provider took it.</summary>
    Sent,

    /// <summary>It may work later: the provider is down, busy or timed out.</summary>
    Retry,

    /// <summary>It will never work: the address is refused, the country not allowed.</summary>
    Failed,
}

internal sealed record SendOutcome(SendStatus Status, string? Error = null, string? ProviderMessageId = null, string? ProviderStatus = null)
{
    public static SendOutcome Sent(string? providerMessageId, string providerStatus) => new(SendStatus.Sent, null, providerMessageId, providerStatus);

    public static SendOutcome Retry(string error) => new(SendStatus.Retry, error);

    public static SendOutcome Failed(string error) => new(SendStatus.Failed, error);
}
