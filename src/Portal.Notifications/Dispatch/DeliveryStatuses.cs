namespace Portal.Notifications.Dispatch;

/// <summary>
/// How far a message has got, as providers report it, ranked so that a report arriving late never
/// moves the status backwards (checklist W4): queued, then sending, then sent, then an end state.
/// </summary>
internal static class DeliveryStatuses
{
    private static readonly Dictionary<string, int> Ranks = new(StringComparer.Ordinal)
    {
        ["written"] = 1,
        ["accepted"] = 1,
        ["queued"] = 1,
        ["scheduled"] = 1,
        ["sending"] = 2,
        ["sent"] = 3,
        ["delivery_unknown"] = 3,
        ["delivered"] = 4,
        ["undelivered"] = 4,
        ["failed"] = 4,
        ["canceled"] = 4,
        ["read"] = 5,
    };

    public static bool IsKnown(string status) => Ranks.ContainsKey(status);

    public static int Rank(string? status) => status is not null && Ranks.TryGetValue(status, out var rank) ? rank : 0;
}
