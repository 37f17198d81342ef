using Microsoft.Extensions.Options;
using Portal.Appointments.Notices;
using Portal.Appointments.Scheduling;
using Portal.Notifications;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.EarlierSlots;

/// <summary>How long a patient has to answer an earlier-slot offer before it goes to the next one asking.</summary>
public sealed class EarlierSlotOptions
{
    /// <summary>Minutes, 5 to 1440; 30 by default.</summary>
    public int OfferMinutes { get; set; } = 30;

    public TimeSpan OfferTime => TimeSpan.FromMinutes(Math.Clamp(OfferMinutes, 5, 1440));
}

/// <summary>A freed time, as <c>appointments.freed_slots</c> holds it.</summary>
internal sealed record FreedSlot(
    Guid Id, Guid ClinicId, Guid ProviderId, Guid TypeId, Guid? LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string State);

/// <summary>
/// Earlier-slot offers: a time given up by a cancellation or a move goes, one patient at a time and oldest request first,
/// to those asking for an earlier time for an appointment of the same type with the same provider, if the clinic's rules
/// let them move into it online. Every step runs in the caller's transaction and takes no clinic from the request, so the
/// offers job uses it across clinics.
/// </summary>
internal sealed class EarlierSlotOffers(
    IDbSession db, ScheduleStore store, FreeSlots freeSlots, BookingRulesStore rulesStore, IClinicDirectory clinics, AppointmentFactsReader reader, AppointmentNotices notices,
    INotificationOutbox outbox, IOptions<EarlierSlotOptions> options)
{
    /// <summary>Statuses of an appointment whose patient may be offered an earlier time.</summary>
    public static IReadOnlyList<string> Offerable { get; } = [AppointmentStatusCodes.Booked, AppointmentStatusCodes.Confirmed];

    /// <summary>How many askers one freed time looks at, oldest first, before it is closed.</summary>
    private const int CandidatesPerTurn = 50;

    /// <summary>
    /// An appointment gave up its time (cancelled, or moved away): its own pending offers are withdrawn and passed on,
    /// and its old time, if still to come, is offered to the first asker.
    /// </summary>
    public async Task FreedAsync(
        Guid clinicId, Guid appointmentId, Guid typeId, Guid providerId, Guid? locationId, DateTimeOffset startsAt, DateTimeOffset endsAt, bool cancelled,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await WithdrawAsync(clinicId, appointmentId, now, cancellationToken);
        if (cancelled)
        {
            await db.ExecuteAsync(
                "delete from appointments.earlier_slot_requests where clinic_id = @clinicId and appointment_id = @appointmentId",
                new { clinicId, appointmentId },
                cancellationToken);
        }

        if (startsAt <= now)
        {
            return;
        }

        var id = Guid.CreateVersion7(now);
        await db.ExecuteAsync(
            """
            insert into appointments.freed_slots (id, clinic_id, provider_id, type_id, location_id, starts_at, ends_at, freed_at, state)
            values (@id, @clinicId, @providerId, @typeId, @locationId, @startsAt, @endsAt, @now, 'offering')
            """,
            new { id, clinicId, providerId, typeId, locationId, startsAt = startsAt.ToUniversalTime(), endsAt = endsAt.ToUniversalTime(), now },
            cancellationToken);
        await OfferNextAsync(clinicId, id, now, cancellationToken);
    }

    /// <summary>The appointment's pending offers end (withdrawn), each freed time going on to the next asker.</summary>
    public async Task WithdrawAsync(Guid clinicId, Guid appointmentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var freed = await db.QueryAsync<Guid>(
            """
            update appointments.earlier_slot_offers set state = 'withdrawn', decided_at = @now
            where clinic_id = @clinicId and appointment_id = @appointmentId and state = 'pending'
            returning freed_slot_id
            """,
            new { clinicId, appointmentId, now },
            cancellationToken);
        foreach (var slot in freed)
        {
            await OfferNextAsync(clinicId, slot, now, cancellationToken);
        }
    }

    /// <summary>
    /// Offers the freed time to the first asker not yet offered it whose appointment and rules allow it, or closes it when
    /// there is none, the time is no longer free or no longer in the provider's hours, or too near for the clinic's notice.
    /// Returns the new offer's id, if any.
    /// </summary>
    public async Task<Guid?> OfferNextAsync(Guid clinicId, Guid freedSlotId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slot = await db.QuerySingleOrDefaultAsync<FreedSlot>(
            """
            select id, clinic_id, provider_id, type_id, location_id, starts_at, ends_at, state
            from appointments.freed_slots where clinic_id = @clinicId and id = @freedSlotId
            for update
            """,
            new { clinicId, freedSlotId },
            cancellationToken);
        if (slot is null || slot.State != "offering"
            || await db.QuerySingleAsync<bool>(
                "select exists (select 1 from appointments.earlier_slot_offers where freed_slot_id = @freedSlotId and state = 'pending')",
                new { freedSlotId },
                cancellationToken))
        {
            return null;
        }

        var offer = await ChooseAsync(slot, now, cancellationToken);
        if (offer is null)
        {
            await db.ExecuteAsync("update appointments.freed_slots set state = 'closed' where id = @freedSlotId", new { freedSlotId }, cancellationToken);
            return null;
        }

        var (appointmentId, patientId, expiresAt, clinic) = offer.Value;
        var id = Guid.CreateVersion7(now);
        await db.ExecuteAsync(
            """
            insert into appointments.earlier_slot_offers (id, clinic_id, freed_slot_id, appointment_id, patient_id, offered_at, expires_at, state)
            values (@id, @clinicId, @freedSlotId, @appointmentId, @patientId, @now, @expiresAt, 'pending')
            """,
            new { id, clinicId, freedSlotId, appointmentId, patientId, now, expiresAt },
            cancellationToken);
        await NotifyAsync(id, slot, appointmentId, expiresAt, cancellationToken);
        return id;
    }

    /// <summary>The time may still be had: the clinic's provider still has it in their hours and no appointment holds it.</summary>
    public async Task<bool> StillFreeAsync(FreedSlot slot, AppointmentTypeRow type, TimeZoneInfo zone, Guid exceptAppointment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(type);
        var day = ClinicTime.LocalDate(zone, slot.StartsAt);
        var search = new SlotSearch(
            zone, day, day, TimeSpan.FromMinutes(type.DurationMinutes), TimeSpan.FromMinutes(type.BufferBeforeMinutes),
            TimeSpan.FromMinutes(type.BufferAfterMinutes), slot.StartsAt);
        return (await freeSlots.FindAsync(slot.ClinicId, [slot.ProviderId], search, exceptAppointment, cancellationToken))
            .Any(s => s.StartsAt == slot.StartsAt);
    }

    private sealed record Candidate(Guid AppointmentId, Guid PatientId, DateTimeOffset StartsAt);

    private async Task<(Guid AppointmentId, Guid PatientId, DateTimeOffset ExpiresAt, ClinicRef Clinic)?> ChooseAsync(
        FreedSlot slot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var type = await store.FindTypeAsync(slot.ClinicId, slot.TypeId, cancellationToken);
        var clinic = await clinics.FindByIdAsync(slot.ClinicId, cancellationToken);
        if (type is null || !type.Active || !type.BookableOnline || clinic is null
            || !(await store.ProvidersOfTypeAsync(slot.ClinicId, type.Id, cancellationToken)).Contains(slot.ProviderId))
        {
            return null;
        }

        // The patient's rules: the time must be far enough ahead for the clinic's notice and within how far ahead it books,
        // and the offer ends before the notice would refuse the move.
        var zone = ClinicTime.Zone(clinic.TimeZone);
        var rules = await rulesStore.ForTypeAsync(slot.ClinicId, type.Id, cancellationToken);
        var expiresAt = Min(now + options.Value.OfferTime, slot.StartsAt.AddMinutes(-rules.MinNoticeMinutes));
        if (rules.RefuseStart(zone, now, slot.StartsAt) is not null || expiresAt <= now)
        {
            return null;
        }

        var candidates = await db.QueryAsync<Candidate>(
            """
            select r.appointment_id, r.patient_id, a.starts_at
            from appointments.earlier_slot_requests r
            join appointments.appointments a on a.clinic_id = r.clinic_id and a.id = r.appointment_id
            where r.clinic_id = @ClinicId and a.type_id = @TypeId and a.provider_id = @ProviderId and a.status = any(@offerable)
              and a.starts_at > @StartsAt
              and not exists (select 1 from appointments.earlier_slot_offers o where o.freed_slot_id = @Id and o.appointment_id = r.appointment_id)
              and not exists (select 1 from appointments.earlier_slot_offers o where o.appointment_id = r.appointment_id and o.state = 'pending')
            order by r.created_at, r.appointment_id
            limit @limit
            """,
            new { slot.ClinicId, slot.TypeId, slot.ProviderId, offerable = Offerable.ToArray(), slot.StartsAt, slot.Id, limit = CandidatesPerTurn },
            cancellationToken);
        foreach (var candidate in candidates)
        {
            // Online, a patient changes an appointment only until the change window before it.
            if (!rules.StillChangeable(now, candidate.StartsAt))
            {
                continue;
            }

            // The asker's own appointment may hold part of the time with its buffers; moving frees it.
            if (!await StillFreeAsync(slot, type, zone, candidate.AppointmentId, cancellationToken))
            {
                return null;
            }

            return (candidate.AppointmentId, candidate.PatientId, expiresAt, clinic);
        }

        return null;
    }

    private async Task NotifyAsync(Guid offerId, FreedSlot slot, Guid appointmentId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(slot.ClinicId, appointmentId, cancellationToken) is not { } current)
        {
            return;
        }

        var place = await db.QuerySingleOrDefaultAsync<(string Name, string? Address)?>(
            "select name, address from appointments.locations where clinic_id = @ClinicId and id = @LocationId",
            new { slot.ClinicId, slot.LocationId },
            cancellationToken);
        var offered = current with
        {
            StartsAt = slot.StartsAt, EndsAt = slot.EndsAt, LocationName = place?.Name ?? current.LocationName,
            LocationAddress = place is { } p ? p.Address : current.LocationAddress,
        };
        var order = new NoticeOrder(
            offered, AppointmentTemplates.EarlierSlotOffered, AppointmentNotices.NoticeKey(AppointmentTemplates.EarlierSlotOffered, offerId, 0), null,
            current.StartsAt) { Until = expiresAt };
        await outbox.EnqueueManyAsync(await notices.RequestsAsync([order], cancellationToken), cancellationToken);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
