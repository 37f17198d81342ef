using Portal.Shared.Database;

namespace Portal.Appointments.Scheduling;

internal sealed record AppointmentTypeRow(
    Guid Id, string NameEn, string NameFr, int DurationMinutes, string Mode, bool BookableOnline, int BufferBeforeMinutes, int BufferAfterMinutes, bool Active)
{
    public bool IsVirtual => Mode == AppointmentModes.Virtual;
}

internal static class AppointmentModes
{
    public const string InPerson = "in_person";
    public const string Virtual = "virtual";

    public static IReadOnlyList<string> All { get; } = [InPerson, Virtual];
}

/// <summary>Reads what slots are made of: types and their providers, usual weeks, dated changes, and time already taken.</summary>
internal sealed class ScheduleStore(IDbSession db)
{
    public Task<AppointmentTypeRow?> FindTypeAsync(Guid clinicId, Guid typeId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<AppointmentTypeRow>(
            """
            select id, name_en, name_fr, duration_minutes, mode, bookable_online, buffer_before_minutes, buffer_after_minutes, active
            from appointments.appointment_types where clinic_id = @clinicId and id = @typeId
            """,
            new { clinicId, typeId },
            cancellationToken);

    /// <summary>The active providers who offer the type.</summary>
    public async Task<IReadOnlyList<Guid>> ProvidersOfTypeAsync(Guid clinicId, Guid typeId, CancellationToken cancellationToken) =>
        await db.QueryAsync<Guid>(
            """
            select tp.provider_id from appointments.type_providers tp
            join appointments.providers p on p.clinic_id = tp.clinic_id and p.id = tp.provider_id
            where tp.clinic_id = @clinicId and tp.type_id = @typeId and p.active
            order by tp.provider_id
            """,
            new { clinicId, typeId },
            cancellationToken);

    public async Task<IReadOnlyList<Slot>> FreeSlotsAsync(
        Guid clinicId, IReadOnlyList<Guid> providers, SlotSearch search, bool ignoreTaken, Guid? except, CancellationToken cancellationToken)
    {
        if (providers.Count == 0)
        {
            return [];
        }

        var ids = providers.ToArray();
        var weekly = await db.QueryAsync<WeeklyWindow>(
            """
            select w.provider_id, w.location_id, w.weekday::int as weekday, w.start_time as start, w.end_time as "end"
            from appointments.weekly_availability w
            join appointments.locations l on l.clinic_id = w.clinic_id and l.id = w.location_id
            where w.clinic_id = @clinicId and w.provider_id = any(@ids) and l.active
            """,
            new { clinicId, ids },
            cancellationToken);
        var changes = await db.QueryAsync<DatedChange>(
            """
            select e.provider_id, e.kind = 'extra' as extra, e.starts_on, e.ends_on, e.start_time as start, e.end_time as "end", e.location_id
            from appointments.availability_exceptions e
            left join appointments.locations l on l.clinic_id = e.clinic_id and l.id = e.location_id
            where e.clinic_id = @clinicId and e.provider_id = any(@ids) and e.starts_on <= @To and e.ends_on >= @From
              and (e.kind = 'unavailable' or l.active)
            """,
            new { clinicId, ids, search.From, search.To },
            cancellationToken);
        IReadOnlyList<BusyTime> busy = [];
        if (!ignoreTaken)
        {
            // Buffers are at most 4 hours and a day either side covers any offset change.
            var rangeFrom = ClinicTime.ToInstant(search.Zone, search.From, TimeOnly.MinValue, RepeatedTime.First).AddDays(-1);
            var rangeTo = ClinicTime.ToInstant(search.Zone, search.To.AddDays(2), TimeOnly.MinValue, RepeatedTime.First);
            // The starts_at bounds let the provider calendar index find the rows: an appointment reaching into the range
            // starts at most its longest length (8 h) and buffer (4 h) before it, and at most a buffer after it.
            busy = await db.QueryAsync<BusyTime>(
                """
                select provider_id, lower(occupied) as "from", upper(occupied) as "to"
                from appointments.appointments
                where clinic_id = @clinicId and provider_id = any(@ids)
                  and starts_at > @earliestStart and starts_at < @latestStart and occupied && tstzrange(@rangeFrom, @rangeTo)
                  and status <> all(@released) and (@except::uuid is null or id <> @except)
                """,
                new
                {
                    clinicId, ids, rangeFrom, rangeTo, earliestStart = rangeFrom.AddHours(-12), latestStart = rangeTo.AddHours(4),
                    released = AppointmentStatuses.Released.ToArray(), except,
                },
                cancellationToken);
        }

        return SlotFinder.Find(search, ids, weekly, changes, busy);
    }
}
