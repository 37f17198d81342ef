using System.Globalization;
using Dapper;
using Portal.Appointments.Notices;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.MyAppointments;

/// <param name="Mode">in_person or virtual.</param>
internal sealed record MyAppointmentType(Guid Id, string NameEn, string NameFr, string Mode);

internal sealed record MyAppointmentProvider(Guid Id, string Name, string? Title);

internal sealed record MyAppointmentLocation(Guid Id, string Name, string? Address);

/// <summary>An earlier time offered for the appointment, kept for the patient until expiresAt.</summary>
/// <param name="Location">Where the offered time is; null for a virtual appointment.</param>
internal sealed record MyEarlierSlotOffer(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset ExpiresAt, MyAppointmentLocation? Location);

/// <param name="Location">Where to go; null for a virtual appointment.</param>
/// <param name="StartsAt">In the clinic's time zone, with the offset in force that day.</param>
/// <param name="Status">requested, booked, confirmed, arrived, in_room, completed, cancelled, no_show, rescheduled or declined; never one the clinic hides (S9).</param>
/// <param name="CanChange">The patient may move it to another time online now.</param>
/// <param name="CanCancel">The patient may cancel it online now.</param>
/// <param name="ChangeableUntil">When changing or cancelling online ends (the clinic's change window before startsAt); after it, the patient calls the clinic.</param>
/// <param name="WantsEarlierSlot">The patient asked to be offered an earlier time should one free up.</param>
/// <param name="EarlierSlotOffer">An earlier time offered now, to accept or decline before it expires; null for none.</param>
internal sealed record MyAppointmentView(
    Guid Id, MyAppointmentType Type, MyAppointmentProvider Provider, MyAppointmentLocation? Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string TimeZone, string Status, bool CanChange, bool CanCancel, DateTimeOffset ChangeableUntil, bool WantsEarlierSlot,
    MyEarlierSlotOffer? EarlierSlotOffer);

internal sealed record MyAppointmentList(IReadOnlyList<MyAppointmentView> Items);

/// <summary>What the signed-in patient may see of their own appointments: never another patient's, never a status the clinic hides (S9).</summary>
internal sealed class MyAppointmentViews(IDbSession db, ClinicContext clinic, IPortalSettings settings)
{
    private sealed record Row(
        Guid Id, Guid TypeId, string NameEn, string NameFr, string Mode, Guid ProviderId, string ProviderName, string? ProviderTitle, Guid? LocationId,
        string? LocationName, string? LocationAddress, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, int ChangeWindowMinutes,
        bool BookableOnline, bool WantsEarlierSlot, Guid? OfferId, DateTimeOffset? OfferStartsAt, DateTimeOffset? OfferEndsAt, DateTimeOffset? OfferExpiresAt,
        Guid? OfferLocationId, string? OfferLocationName, string? OfferLocationAddress);

    /// <summary>The patient's appointment <paramref name="id"/>; null when it is not theirs, not there or in a status the clinic hides.</summary>
    public async Task<MyAppointmentView?> FindAsync(Guid patientId, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await QueryAsync("a.id = @id", "a.id", new { id }, patientId, now, 1, cancellationToken)).SingleOrDefault();

    /// <summary>The appointment the patient has just booked or changed, as they now see it.</summary>
    public async Task<MyAppointmentView> ChangedAsync(Guid patientId, Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        await FindAsync(patientId, id, now, cancellationToken)
        ?? throw new InvalidOperationException($"Appointment {id} is not visible to its own patient after their change: its status is one the clinic hides.");

    /// <summary>Whether the clinic hides appointments in <paramref name="status"/> from its patients (S9).</summary>
    public async Task<bool> HidesAsync(string status, CancellationToken cancellationToken) =>
        ((await settings.GetAsync(clinic.ClinicId, cancellationToken))?.HiddenAppointmentStatuses ?? []).Contains(status, StringComparer.Ordinal);

    /// <summary>
    /// The appointment the patient has just booked, made from what the booking wrote rather than read back: a new booking is
    /// bookable online, and has no earlier-slot request or offer yet.
    /// </summary>
    public async Task<MyAppointmentView> BookedAsync(
        AppointmentFacts booked, Guid typeId, Guid providerId, Guid? locationId, int changeWindowMinutes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booked);
        if (await HidesAsync(booked.Status, cancellationToken))
        {
            throw new InvalidOperationException($"Appointment {booked.Id} is not visible to its own patient after their booking: its status is one the clinic hides.");
        }

        return View(
            new Row(
                booked.Id, typeId, booked.TypeNameEn, booked.TypeNameFr, booked.Mode, providerId, booked.ProviderName, booked.ProviderTitle, locationId,
                booked.LocationName, booked.LocationAddress, booked.StartsAt, booked.EndsAt, booked.Status, changeWindowMinutes, BookableOnline: true,
                WantsEarlierSlot: false, null, null, null, null, null, null, null),
            ClinicTime.Zone(clinic.Clinic.TimeZone),
            now);
    }

    /// <param name="upcoming">True: still to come, soonest first; false: the rest, latest first.</param>
    public Task<IReadOnlyList<MyAppointmentView>> ListAsync(Guid patientId, bool upcoming, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        upcoming
            ? QueryAsync("a.starts_at >= @now and a.status = any(@open)", "a.starts_at, a.id", new { open = AppointmentStatuses.Open.ToArray() }, patientId, now, limit, cancellationToken)
            : QueryAsync(
                "not (a.starts_at >= @now and a.status = any(@open))", "a.starts_at desc, a.id", new { open = AppointmentStatuses.Open.ToArray() }, patientId, now, limit,
                cancellationToken);

    /// <summary>
    /// One statement per <paramref name="filter"/> and <paramref name="limit"/> (written into it), the rest in parameters, so that
    /// PostgreSQL plans it once per connection and keeps the plan: an optional filter ("@x is null or …") or a limit it cannot
    /// see would have it plan every execution anew.
    /// </summary>
    private async Task<IReadOnlyList<MyAppointmentView>> QueryAsync(
        string filter, string order, object filterValues, Guid patientId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var hidden = (await settings.GetAsync(clinic.ClinicId, cancellationToken))?.HiddenAppointmentStatuses ?? [];
        var parameters = new DynamicParameters(filterValues);
        parameters.AddDynamicParams(new
        {
            clinic.ClinicId, patientId, hidden = hidden.ToArray(), now,
            defaultWindow = BookingRules.Defaults.ChangeWindowMinutes,
        });
        var rows = await db.QueryAsync<Row>(
            $"""
            select a.id, a.type_id, t.name_en, t.name_fr, t.mode, a.provider_id, p.name as provider_name, p.title as provider_title,
                   a.location_id, l.name as location_name, l.address as location_address, a.starts_at, a.ends_at, a.status,
                   coalesce(t.change_window_minutes, r.change_window_minutes, @defaultWindow) as change_window_minutes,
                   t.active and t.bookable_online as bookable_online,
                   exists (select 1 from appointments.earlier_slot_requests q where q.clinic_id = a.clinic_id and q.appointment_id = a.id) as wants_earlier_slot,
                   o.id as offer_id, o.starts_at as offer_starts_at, o.ends_at as offer_ends_at, o.expires_at as offer_expires_at,
                   o.location_id as offer_location_id, o.location_name as offer_location_name, o.location_address as offer_location_address
            from appointments.appointments a
            join appointments.appointment_types t on t.clinic_id = a.clinic_id and t.id = a.type_id
            left join appointments.booking_rules r on r.clinic_id = a.clinic_id
            join appointments.providers p on p.clinic_id = a.clinic_id and p.id = a.provider_id
            left join appointments.locations l on l.clinic_id = a.clinic_id and l.id = a.location_id
            left join lateral (
                select eo.id, f.starts_at, f.ends_at, eo.expires_at, ol.id as location_id, ol.name as location_name, ol.address as location_address
                from appointments.earlier_slot_offers eo
                join appointments.freed_slots f on f.clinic_id = eo.clinic_id and f.id = eo.freed_slot_id
                left join appointments.locations ol on ol.clinic_id = f.clinic_id and ol.id = f.location_id and t.mode <> 'virtual'
                where eo.clinic_id = a.clinic_id and eo.appointment_id = a.id and eo.state = 'pending' and eo.expires_at > @now
                  -- An offer whose time someone else has just taken is not shown; it ends with its expiry.
                  and not exists (
                      select 1 from appointments.appointments x
                      where x.provider_id = f.provider_id and x.id <> a.id and x.occupied && tstzrange(f.starts_at, f.ends_at)
                        and x.status not in {AppointmentStatuses.ReleasedSqlList})
                order by eo.offered_at desc
                limit 1) o on true
            where a.clinic_id = @ClinicId and a.patient_id = @patientId and a.status <> all(@hidden) and {filter}
            order by {order}
            limit {limit.ToString(CultureInfo.InvariantCulture)}
            """,
            parameters,
            cancellationToken);
        var zone = ClinicTime.Zone(clinic.Clinic.TimeZone);
        return rows.Select(r => View(r, zone, now)).ToList();
    }

    private MyAppointmentView View(Row r, TimeZoneInfo zone, DateTimeOffset now)
    {
        var changeableUntil = r.StartsAt.AddMinutes(-r.ChangeWindowMinutes);
        var inWindow = now < changeableUntil;
        return new MyAppointmentView(
            r.Id, new MyAppointmentType(r.TypeId, r.NameEn, r.NameFr, r.Mode), new MyAppointmentProvider(r.ProviderId, r.ProviderName, r.ProviderTitle),
            r.LocationId is { } location ? new MyAppointmentLocation(location, r.LocationName!, r.LocationAddress) : null,
            ClinicTime.InZone(zone, r.StartsAt), ClinicTime.InZone(zone, r.EndsAt), clinic.Clinic.TimeZone, r.Status,
            CanChange: inWindow && r.BookableOnline && Movable.Contains(r.Status, StringComparer.Ordinal),
            CanCancel: inWindow && AppointmentStatuses.CanMove(r.Status, AppointmentStatusCodes.Cancelled),
            ClinicTime.InZone(zone, changeableUntil),
            r.WantsEarlierSlot,
            r.OfferId is { } offer
                ? new MyEarlierSlotOffer(
                    offer, ClinicTime.InZone(zone, r.OfferStartsAt!.Value), ClinicTime.InZone(zone, r.OfferEndsAt!.Value),
                    ClinicTime.InZone(zone, r.OfferExpiresAt!.Value),
                    r.OfferLocationId is { } place ? new MyAppointmentLocation(place, r.OfferLocationName!, r.OfferLocationAddress) : null)
                : null);
    }

    /// <summary>Statuses of an appointment a patient may move to another time (under the clinic's rules).</summary>
    public static IReadOnlyList<string> Movable { get; } = BookingRules.Holding;
}
