using System.Text.Json;

namespace Portal.Bench.Bulk;

/// <summary>The bulk message as staff last read it from its own URL.</summary>
internal sealed record BulkView(string State, int Selected, int Sent, int Skipped, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Failure)
{
    public static BulkView From(JsonElement view) => new(
        view.GetProperty("state").GetString()!,
        view.GetProperty("selected").GetInt32(),
        view.GetProperty("sent").GetInt32(),
        view.GetProperty("skipped").GetInt32(),
        view.GetProperty("createdAt").GetDateTimeOffset(),
        view.GetProperty("startedAt").ValueKind == JsonValueKind.Null ? null : view.GetProperty("startedAt").GetDateTimeOffset(),
        view.GetProperty("finishedAt").ValueKind == JsonValueKind.Null ? null : view.GetProperty("finishedAt").GetDateTimeOffset(),
        view.GetProperty("failure").ValueKind == JsonValueKind.Null ? null : view.GetProperty("failure").GetString());

    /// <summary>From the row's creation to its last chunk's commit, by the host's clock.</summary>
    public TimeSpan? ServerTime => FinishedAt - CreatedAt;
}

/// <summary>
/// What one bulk message took, timed by this process from the moment it sent the start request:
/// <paramref name="Accepted"/> the 202, <paramref name="Queued"/> the first read that found it finished,
/// <paramref name="Delivered"/> the moment the SMTP server held as many emails as patients.
/// </summary>
internal sealed record BulkRun(
    Guid Id,
    BulkView View,
    TimeSpan Preview,
    DateTimeOffset StartedAt,
    TimeSpan Accepted,
    TimeSpan Queued,
    TimeSpan Delivered,
    TimeSpan HostCpuQueuing,
    TimeSpan HostCpuDelivering,
    IReadOnlyList<double> ChunkMilliseconds);
