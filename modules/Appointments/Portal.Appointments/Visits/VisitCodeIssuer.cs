using System.Globalization;
using Microsoft.Extensions.Options;
using Portal.Appointments.Notices;
using Portal.Notifications;
using Portal.Settings.Contracts;
using Portal.Shared;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Visits;

/// <summary>A code just issued for a visit: its room, and which issue it is (1 for the scheduled send, then one more per re-send).</summary>
internal sealed record IssuedVisitCode(Guid AppointmentId, Guid RoomId, int Issue);

/// <summary>
/// Issues a visit's access code and queues it to the patient's preferred channel with the room's link, in the caller's
/// transaction with the appointment locked: the code's hash and the notice commit together or not at all (R1).
/// </summary>
internal sealed class VisitCodeIssuer(
    IDbSession db, VisitCodes codes, AppointmentFactsReader reader, AppointmentNotices notices, INotificationOutbox outbox, IClinicDirectory clinics,
    IOptions<PortalOptions> portal)
{
    public static string NoticeKey(Guid appointmentId, int issue) =>
        string.Create(CultureInfo.InvariantCulture, $"{VisitTemplates.AccessCode}:{appointmentId}:{issue}");

    public static string RoomLink(Uri publicUrl, string clinicSlug, Guid roomId) =>
        $"{publicUrl.ToString().TrimEnd('/')}/{Uri.EscapeDataString(clinicSlug)}/visit/{roomId}";

    /// <summary>
    /// A new code for the appointment at <paramref name="startsAt"/>. Without <paramref name="resend"/>, only when no code went
    /// for that time yet (null otherwise): the scheduled send, once however many hosts try. A re-send always replaces the code,
    /// so the one before stops working, and clears its failed tries.
    /// </summary>
    public async Task<IssuedVisitCode?> IssueAsync(Guid clinicId, Guid appointmentId, DateTimeOffset startsAt, bool resend, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var roomId = await db.QuerySingleOrDefaultAsync<Guid?>(
            "select room_id from appointments.visit_codes where clinic_id = @clinicId and appointment_id = @appointmentId",
            new { clinicId, appointmentId },
            cancellationToken) ?? Guid.NewGuid();
        var code = VisitCodes.NewCode();
        var hash = await codes.HashAsync(roomId, code, cancellationToken);
        var issued = await db.QuerySingleOrDefaultAsync<IssuedVisitCode>(
            """
            insert into appointments.visit_codes (appointment_id, clinic_id, room_id, code_hash, issue, starts_at, sent_at, failed_attempts)
            values (@appointmentId, @clinicId, @roomId, @hash, 1, @startsAt, @now, 0)
            on conflict (appointment_id) do update set code_hash = excluded.code_hash, issue = visit_codes.issue + 1,
                starts_at = excluded.starts_at, sent_at = excluded.sent_at, failed_attempts = 0
            where @resend or visit_codes.starts_at <> excluded.starts_at
            returning appointment_id, room_id, issue
            """,
            new { appointmentId, clinicId, roomId, hash, startsAt = startsAt.ToUniversalTime(), now, resend },
            cancellationToken);
        if (issued is null)
        {
            return null;
        }

        if (await reader.ReadAsync(clinicId, appointmentId, cancellationToken) is { } facts
            && await clinics.FindByIdAsync(clinicId, cancellationToken) is { } clinic)
        {
            var order = new NoticeOrder(facts, VisitTemplates.AccessCode, NoticeKey(appointmentId, issued.Issue), null)
            {
                Extra = new Dictionary<string, string> { ["code"] = code, ["link"] = RoomLink(portal.Value.PublicUrl, clinic.Slug, issued.RoomId) },
            };
            await outbox.EnqueueManyAsync(await notices.RequestsAsync([order], cancellationToken), cancellationToken);
        }

        return issued;
    }
}
