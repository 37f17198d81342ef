using Dapper;
using Npgsql;
using Portal.TestKit.Peers;

namespace Portal.Bench.Bulk;

/// <summary>What the database holds after the run: what the bulk message queued and what dispatch made of it.</summary>
internal sealed record StoredCounts(long Conversations, long Messages, long Links, long Notifications, long NotificationsSent, long NotificationsFailed, long RecipientsSent, long RecipientsSkipped);

/// <summary>Every patient's email arrived exactly once, to them only, without the message's subject or body.</summary>
internal sealed record BulkChecks(
    int Received,
    int Missing,
    int Duplicated,
    int Unexpected,
    int Leaking,
    int WithLink,
    DateTimeOffset? FirstReceivedAt,
    DateTimeOffset? LastReceivedAt,
    StoredCounts Stored,
    int Expected)
{
    public bool AllDelivered => Received == Expected && Missing == 0 && Duplicated == 0 && Unexpected == 0 && Leaking == 0 && WithLink == Expected
        && Stored.NotificationsSent == Expected && Stored.NotificationsFailed == 0;

    public static async Task<BulkChecks> RunAsync(
        string connectionString, Guid clinicId, Guid bulkId, IReadOnlyDictionary<string, Guid> expected, IReadOnlyList<ReceivedEmail> emails, string subject, string body)
    {
        var byRecipient = emails.SelectMany(e => e.Recipients).GroupBy(r => r, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var leaking = emails.Count(e => Contains(e.Subject, subject, body) || Contains(e.TextBody, subject, body) || Contains(e.HtmlBody, subject, body));
        var withLink = emails.Count(e => e.TextBody?.Contains("/bench/m/", StringComparison.Ordinal) == true);
        await using var connection = new NpgsqlConnection(connectionString);
        var stored = await connection.QuerySingleAsync<StoredCounts>(
            """
            select (select count(*) from messaging.conversations where clinic_id = @clinicId) as conversations,
                   (select count(*) from messaging.messages where clinic_id = @clinicId) as messages,
                   (select count(*) from identity.patient_links where clinic_id = @clinicId) as links,
                   count(*) as notifications,
                   count(*) filter (where state = 'sent') as notificationssent,
                   count(*) filter (where state = 'failed') as notificationsfailed,
                   (select count(*) from messaging.bulk_message_recipients where bulk_message_id = @bulkId and state = 'sent') as recipientssent,
                   (select count(*) from messaging.bulk_message_recipients where bulk_message_id = @bulkId and state = 'skipped') as recipientsskipped
            from notifications.outbox where clinic_id = @clinicId and template_key = 'messaging.new-message'
            """,
            new { clinicId, bulkId });
        return new BulkChecks(
            emails.Count,
            expected.Keys.Count(e => !byRecipient.ContainsKey(e)),
            byRecipient.Count(r => r.Value > 1),
            byRecipient.Keys.Count(r => !expected.ContainsKey(r)),
            leaking,
            withLink,
            emails.Count > 0 ? emails.Min(e => e.ReceivedAt) : null,
            emails.Count > 0 ? emails.Max(e => e.ReceivedAt) : null,
            stored,
            expected.Count);
    }

    private static bool Contains(string? text, string subject, string body) =>
        text is not null && (text.Contains(subject, StringComparison.OrdinalIgnoreCase) || text.Contains(body, StringComparison.OrdinalIgnoreCase));
}
