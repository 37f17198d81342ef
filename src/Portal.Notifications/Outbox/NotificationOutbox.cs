using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Portal.Notifications.Templates;
using Portal.Shared.Database;
using Portal.Shared.Validation;

namespace Portal.Notifications.Outbox;

/// <summary>
/// Writes notifications to <c>notifications.outbox</c> through the caller's session, so they commit
/// or roll back with the change that caused them, and tells every host's dispatcher once they commit.
/// </summary>
internal sealed partial class NotificationOutbox(
    IDbSession db, TemplateCatalog templates, TemplateDataProtector protector, IOptions<DispatchOptions> options, TimeProvider clock)
    : INotificationOutbox
{
    public const string EnqueuedChannel = "notifications_enqueued";

    public Task<IReadOnlyList<Guid>> EnqueueAsync(NotificationRequest request, CancellationToken cancellationToken) =>
        EnqueueManyAsync([request], cancellationToken);

    public async Task<IReadOnlyList<Guid>> EnqueueManyAsync(IReadOnlyCollection<NotificationRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var now = clock.GetUtcNow();
        var rows = requests.SelectMany(request => RowsFor(request, now)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var inserted = await db.QueryAsync<Guid>(
            $"""
            with inserted as (
            insert into notifications.outbox
                (id, clinic_id, template_key, channel, recipient, language, data_protected, attachment_protected, deduplication_key, state,
                 quiet_hours_exempt, not_before, max_attempts, created_at, updated_at)
            select r.id, r.clinic_id, r.template_key, r.channel, r.recipient, r.language, r.data_protected, r.attachment_protected, r.deduplication_key,
                   'pending', r.exempt, r.not_before, @maxAttempts, @now, @now
            from unnest(@ids, @clinicIds, @templateKeys, @channels, @recipients, @languages, @data, @attachments, @keys, @exempt, @notBefore)
                as r(id, clinic_id, template_key, channel, recipient, language, data_protected, attachment_protected, deduplication_key, exempt, not_before)
            on conflict (deduplication_key, channel) do nothing
            returning id
            ),
            -- The dispatchers wake when the transaction commits, in the same round trip as the insert.
            notified as (select pg_notify('{EnqueuedChannel}', '') where exists (select from inserted))
            select id from inserted where (select count(*) from notified) >= 0
            """,
            new
            {
                ids = rows.Select(r => r.Id).ToArray(),
                clinicIds = rows.Select(r => r.ClinicId).ToArray(),
                templateKeys = rows.Select(r => r.TemplateKey).ToArray(),
                channels = rows.Select(r => r.Channel).ToArray(),
                recipients = rows.Select(r => r.Recipient).ToArray(),
                languages = rows.Select(r => r.Language).ToArray(),
                data = rows.Select(r => r.DataProtected).ToArray(),
                attachments = rows.Select(r => r.AttachmentProtected).ToArray(),
                keys = rows.Select(r => r.DeduplicationKey).ToArray(),
                exempt = rows.Select(r => r.Exempt).ToArray(),
                notBefore = rows.Select(r => r.NotBefore).ToArray(),
                maxAttempts = options.Value.MaxAttempts,
                now,
            },
            cancellationToken);
        return inserted;
    }

    public Task<int> WithdrawAsync(IReadOnlyCollection<string> deduplicationKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deduplicationKeys);
        return deduplicationKeys.Count == 0
            ? Task.FromResult(0)
            : db.ExecuteAsync(
                "delete from notifications.outbox where deduplication_key = any(@keys) and state in ('pending', 'held')",
                new { keys = deduplicationKeys.ToArray() },
                cancellationToken);
    }

    private IEnumerable<OutboxRow> RowsFor(NotificationRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = templates.Find(request.TemplateKey)
            ?? throw new ArgumentException($"There is no notification template '{request.TemplateKey}'.", nameof(request));
        if (!TemplateCatalog.Languages.Contains(request.Language))
        {
            throw new ArgumentException($"Notifications are written in en or fr, not '{request.Language}'.", nameof(request));
        }

        var given = request.Data.Keys.Order(StringComparer.Ordinal);
        if (!given.SequenceEqual(template.DataKeys.Order(StringComparer.Ordinal)))
        {
            throw new ArgumentException(
                $"Template {template.Key} takes exactly {string.Join(", ", template.DataKeys)}; it was given {string.Join(", ", request.Data.Keys)}.",
                nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.DeduplicationKey) || request.DeduplicationKey.Length > 300)
        {
            throw new ArgumentException("A deduplication key of 1 to 300 characters is required.", nameof(request));
        }

        if (request.Attachment is { } attached && (string.IsNullOrWhiteSpace(attached.FileName) || string.IsNullOrWhiteSpace(attached.ContentType)
            || attached.Content.Length is 0 or > NotificationAttachment.MaxBytes))
        {
            throw new ArgumentException($"An attachment needs a name, a type and 1 to {NotificationAttachment.MaxBytes} bytes.", nameof(request));
        }

        var data = protector.Protect(JsonSerializer.Serialize(request.Data));
        var notBefore = request.NotBefore ?? now;
        if (request.Channels.HasFlag(NotificationChannels.Email))
        {
            if (template.Email is null || !EmailAddresses.IsValid(request.Email))
            {
                throw new ArgumentException($"Template {template.Key} cannot be emailed to '{request.Email}'.", nameof(request));
            }

            var attachment = request.Attachment is { } file ? protector.ProtectAttachment(file) : null;
            yield return new OutboxRow(Guid.CreateVersion7(), request.ClinicId, template.Key, "email", EmailAddresses.Normalize(request.Email!),
                request.Language, data, attachment, request.DeduplicationKey, template.ExemptFromQuietHours, notBefore);
        }

        if (request.Channels.HasFlag(NotificationChannels.Sms))
        {
            if (template.Sms is null || request.Phone is null || !E164().IsMatch(request.Phone))
            {
                throw new ArgumentException($"Template {template.Key} cannot be sent by SMS to '{request.Phone}' (an E.164 number is needed).", nameof(request));
            }

            yield return new OutboxRow(Guid.CreateVersion7(), request.ClinicId, template.Key, "sms", request.Phone,
                request.Language, data, null, request.DeduplicationKey, template.ExemptFromQuietHours, notBefore);
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    private sealed record OutboxRow(
        Guid Id, Guid? ClinicId, string TemplateKey, string Channel, string Recipient, string Language,
        string DataProtected, string? AttachmentProtected, string DeduplicationKey, bool Exempt, DateTimeOffset NotBefore);
}

/// <summary>Template data is encrypted at rest: it may hold a passcode or a link token until it is sent.</summary>
internal sealed class TemplateDataProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Notifications.TemplateData.v1");

    public string Protect(string json) => _protector.Protect(json);

    public IReadOnlyDictionary<string, string> Unprotect(string protectedJson) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedJson))!;

    public string ProtectAttachment(NotificationAttachment attachment) => _protector.Protect(JsonSerializer.Serialize(attachment));

    public NotificationAttachment UnprotectAttachment(string protectedJson) =>
        JsonSerializer.Deserialize<NotificationAttachment>(_protector.Unprotect(protectedJson))!;
}
