using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.MyAppointments;

/// <param name="Mode">in_person or virtual.</param>
internal sealed record MyAppointmentType(Guid Id, string NameEn, string NameFr, string Mode);

internal sealed record MyAppointmentProvider(Guid Id, string Name, string? Title);

internal sealed record MyAppointmentLocation(Guid Id, string Name, string? Address);

/// <param name="Location">Where to go; null for a virtual appointment.</param>
/// <param name="StartsAt">In the clinic's time zone, with the offset in force that day.</param>
/// <param name="Status">requested, booked, confirmed, arrived, in_room, completed, cancelled, no_show, rescheduled or declined; never one the clinic hides (S9).</param>
/// <param name="CanChange">The patient may move it to another time online now.</param>
/// <param name="CanCancel">The patient may cancel it online now.</param>
/// <param name="ChangeableUntil">When changing or cancelling online ends (the clinic's change window before startsAt); after it, the patient calls the clinic.</param>
internal sealed record MyAppointmentView(
    Guid Id, MyAppointmentType Type, MyAppointmentProvider Provider, MyAppointmentLocation? Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string TimeZone, string Status, bool CanChange, bool CanCancel, DateTimeOffset ChangeableUntil);

internal sealed record MyAppointmentList(IReadOnlyList<MyAppointmentView> Items);

/// <summary>What the signed-in patient may see of their own appointments: never another patient's, never a status the clinic hides (S9).</summary>
internal sealed class MyAppointmentViews(IDbSession db, ClinicContext clinic, IPortalSettings settings)
{
    private sealed record Row(
        Guid Id, Guid TypeId, string NameEn, string NameFr, string Mode, Guid ProviderId, string ProviderName, string? ProviderTitle, Guid? LocationId,
        string? LocationName, string? LocationAddress, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, int ChangeWindowMinutes,
        bool BookableOnline);

    /// <param name="upcoming">True: still to come, soonest first; false: the rest, latest first; null: any (with <paramref name="id"/>).</param>
    public async Task<IReadOnlyList<MyAppointmentView>> ListAsync(
        Guid patientId, Guid? id, bool? upcoming, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var hidden = (await settings.GetAsync(clinic.ClinicId, cancellationToken))?.HiddenAppointmentStatuses ?? [];
        var rows = await db.QueryAsync<Row>(
            """
            select a.id, a.type_id, t.name_en, t.name_fr, t.mode, a.provider_id, p.name as provider_name, p.title as provider_title,
                   a.location_id, l.name as location_name, l.address as location_address, a.starts_at, a.ends_at, a.status,
                   coalesce(t.change_window_minutes, r.change_window_minutes, @defaultWindow) as change_window_minutes,
                   t.active and t.bookable_online as bookable_online
            from appointments.appointments a
            join appointments.appointment_types t on t.clinic_id = a.clinic_id and t.id = a.type_id
            left join appointments.booking_rules r on r.clinic_id = a.clinic_id
            join appointments.providers p on p.clinic_id = a.clinic_id and p.id = a.provider_id
            left join appointments.locations l on l.clinic_id = a.clinic_id and l.id = a.location_id
            where a.clinic_id = @ClinicId and a.patient_id = @patientId and a.status <> all(@hidden)
              and (@id::uuid is null or a.id = @id)
              and (@upcoming::boolean is null or @upcoming = (a.starts_at >= @now and a.status = any(@open)))
            order by case when @upcoming::boolean then a.starts_at end asc, a.starts_at desc, a.id
            limit @limit
            """,
            new
            {
                clinic.ClinicId, patientId, hidden = hidden.ToArray(), id, upcoming, now, open = AppointmentStatuses.Open.ToArray(), limit,
                defaultWindow = BookingRules.Defaults.ChangeWindowMinutes,
            },
            cancellationToken);
        var zone = ClinicTime.Zone(clinic.Clinic.TimeZone);
        return rows.Select(r =>
            {
                var changeableUntil = r.StartsAt.AddMinutes(-r.ChangeWindowMinutes);
                var inWindow = now < changeableUntil;
                return new MyAppointmentView(
                    r.Id, new MyAppointmentType(r.TypeId, r.NameEn, r.NameFr, r.Mode), new MyAppointmentProvider(r.ProviderId, r.ProviderName, r.ProviderTitle),
                    r.LocationId is { } location ? new MyAppointmentLocation(location, r.LocationName!, r.LocationAddress) : null,
                    ClinicTime.InZone(zone, r.StartsAt), ClinicTime.InZone(zone, r.EndsAt), clinic.Clinic.TimeZone, r.Status,
                    CanChange: inWindow && r.BookableOnline && Movable.Contains(r.Status, StringComparer.Ordinal),
                    CanCancel: inWindow && AppointmentStatuses.CanMove(r.Status, AppointmentStatusCodes.Cancelled),
                    ClinicTime.InZone(zone, changeableUntil));
            })
            .ToList();
    }

    /// <summary>Statuses of an appointment a patient may move to another time (under the clinic's rules).</summary>
    public static IReadOnlyList<string> Movable { get; } = BookingRules.Holding;
}
