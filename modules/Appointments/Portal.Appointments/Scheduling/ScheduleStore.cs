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

/// <summary>Reads appointment types and their providers as they are in the database now, and the time appointments take.</summary>
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

    /// <summary>
    /// The time the providers' appointments take (buffers included) around the clinic's days of <paramref name="search"/>,
    /// less <paramref name="except"/>'s.
    /// </summary>
    public async Task<IReadOnlyList<BusyTime>> BusyAsync(
        Guid clinicId, IReadOnlyList<Guid> providers, SlotSearch search, Guid? except, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var ids = providers.ToArray();
        // Buffers are at most 4 hours and a day either side covers any offset change.
        var rangeFrom = ClinicTime.ToInstant(search.Zone, search.From, TimeOnly.MinValue, RepeatedTime.First).AddDays(-1);
        var rangeTo = ClinicTime.ToInstant(search.Zone, search.To.AddDays(2), TimeOnly.MinValue, RepeatedTime.First);
        // The starts_at bounds let the provider calendar index find the rows: an appointment reaching into the range
        // starts at most its longest length (8 h) and buffer (4 h) before it, and at most a buffer after it.
        return await db.QueryAsync<BusyTime>(
            $"""
            select provider_id, lower(occupied) as "from", upper(occupied) as "to"
            from appointments.appointments
            where clinic_id = @clinicId and provider_id = any(@ids)
              and starts_at > @earliestStart and starts_at < @latestStart and occupied && tstzrange(@rangeFrom, @rangeTo)
              and status not in {AppointmentStatuses.ReleasedSqlList} and (@except::uuid is null or id <> @except)
            """,
            new
            {
                clinicId, ids, rangeFrom, rangeTo, earliestStart = rangeFrom.AddHours(-12), latestStart = rangeTo.AddHours(4),
                except,
            },
            cancellationToken);
    }
}
