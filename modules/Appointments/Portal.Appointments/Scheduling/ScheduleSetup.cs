using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using Portal.Appointments.Reminders;
using Portal.Shared.Caching;

namespace Portal.Appointments.Scheduling;

/// <summary>An appointment type as slots and bookings need it: the type, its own booking rules, and its active providers in id order.</summary>
internal sealed record TypeSetup(AppointmentTypeRow Type, TypeBookingRules OwnRules, IReadOnlyList<Guid> Providers);

/// <summary>A provider as patients and notices name them.</summary>
internal sealed record ProviderName(Guid Id, string Name, string? Title);

/// <summary>A location as patients and notices see it.</summary>
internal sealed record Place(Guid Id, string Name, string? Address);

/// <summary>
/// What a clinic's free slots are made of, apart from the time appointments take: its types with their rules and providers,
/// the usual weeks at active locations, and dated changes (time off, and extra hours at active locations).
/// </summary>
internal sealed class ScheduleSetup(
    BookingRules clinicRules, IReadOnlyDictionary<Guid, TypeSetup> types, ILookup<Guid, WeeklyWindow> weekly, ILookup<Guid, DatedChange> changes,
    IReadOnlyDictionary<Guid, ProviderName> providers, IReadOnlyDictionary<Guid, Place> places, ReminderSettings reminders)
{
    public BookingRules ClinicRules => clinicRules;

    /// <summary>The clinic's reminder times and notice wording, kept with the set-up and dropped with it.</summary>
    public ReminderSettings Reminders => reminders;

    /// <summary>Any provider of the clinic, active or not.</summary>
    public ProviderName? Provider(Guid providerId) => providers.GetValueOrDefault(providerId);

    /// <summary>Any location of the clinic, active or not.</summary>
    public Place? Location(Guid locationId) => places.GetValueOrDefault(locationId);

    public TypeSetup? Type(Guid typeId) => types.GetValueOrDefault(typeId);

    /// <summary>The rules a patient meets for the type: the clinic's, with the type's own over them.</summary>
    public BookingRules RulesFor(TypeSetup type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.OwnRules.Over(clinicRules);
    }

    public IEnumerable<WeeklyWindow> WeeklyOf(IEnumerable<Guid> providers) => providers.SelectMany(p => weekly[p]);

    public IEnumerable<DatedChange> ChangesOf(IEnumerable<Guid> providers, DateOnly from, DateOnly to) =>
        providers.SelectMany(p => changes[p]).Where(c => c.StartsOn <= to && c.EndsOn >= from);
}

/// <summary>The set-up cache of this host; <c>appointments_setup_changed</c> drops a clinic from it (migration 0007).</summary>
internal sealed class ScheduleSetupCache(IMemoryCache cache) : ClinicCache(cache, TimeSpan.FromMinutes(5))
{
    public const string ChannelName = "appointments_setup_changed";
}

/// <summary>
/// Computed free slots of this host, by search; <c>appointments_taken_changed</c> and <c>appointments_setup_changed</c>
/// drop a clinic from it (migration 0007). The database still decides every booking (R5): a slot an instant out of date
/// is answered "that time was just taken".
/// </summary>
internal sealed class FreeSlotCache(IMemoryCache cache) : ClinicCache(cache, TimeSpan.FromMinutes(2))
{
    public const string ChannelName = "appointments_taken_changed";
}

/// <summary>Reads a clinic's <see cref="ScheduleSetup"/> in one round trip, on its own connection, and keeps it in <see cref="ScheduleSetupCache"/>.</summary>
internal sealed class ScheduleSetups(NpgsqlDataSource dataSource, ScheduleSetupCache cache)
{
    private const string Sql =
        """
        select min_notice_minutes, book_ahead_days, change_window_minutes, max_upcoming, booking_mode, null::int as max_upcoming_of_type
        from appointments.booking_rules where clinic_id = @clinicId;

        select id, name_en, name_fr, duration_minutes, mode, bookable_online, buffer_before_minutes, buffer_after_minutes, active,
               min_notice_minutes as own_min_notice_minutes, book_ahead_days as own_book_ahead_days,
               change_window_minutes as own_change_window_minutes, max_upcoming as own_max_upcoming, booking_mode as own_booking_mode
        from appointments.appointment_types where clinic_id = @clinicId;

        select tp.type_id, tp.provider_id from appointments.type_providers tp
        join appointments.providers p on p.clinic_id = tp.clinic_id and p.id = tp.provider_id
        where tp.clinic_id = @clinicId and p.active
        order by tp.type_id, tp.provider_id;

        select w.provider_id, w.location_id, w.weekday::int as weekday, w.start_time as start, w.end_time as "end"
        from appointments.weekly_availability w
        join appointments.locations l on l.clinic_id = w.clinic_id and l.id = w.location_id
        where w.clinic_id = @clinicId and l.active;

        select e.provider_id, e.kind = 'extra' as extra, e.starts_on, e.ends_on, e.start_time as start, e.end_time as "end", e.location_id
        from appointments.availability_exceptions e
        left join appointments.locations l on l.clinic_id = e.clinic_id and l.id = e.location_id
        where e.clinic_id = @clinicId and (e.kind = 'unavailable' or l.active);

        select id, name, title from appointments.providers where clinic_id = @clinicId;

        select id, name, address from appointments.locations where clinic_id = @clinicId;

        select offsets_minutes, name_type from appointments.reminder_settings where clinic_id = @clinicId;
        """;

    public ValueTask<ScheduleSetup> ForClinicAsync(Guid clinicId, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync(clinicId, "setup", ct => LoadAsync(clinicId, ct), cancellationToken);

    private async Task<ScheduleSetup> LoadAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(Sql, new { clinicId }, cancellationToken: cancellationToken));
        var clinicRules = await results.ReadSingleOrDefaultAsync<BookingRules>() ?? BookingRules.Defaults;
        var types = (await results.ReadAsync<TypeRow>()).ToList();
        var providers = (await results.ReadAsync<(Guid TypeId, Guid ProviderId)>()).ToLookup(r => r.TypeId, r => r.ProviderId);
        var weekly = (await results.ReadAsync<WeeklyWindow>()).ToLookup(w => w.ProviderId);
        var changes = (await results.ReadAsync<DatedChange>()).ToLookup(c => c.ProviderId);
        var names = (await results.ReadAsync<ProviderName>()).ToDictionary(p => p.Id);
        var places = (await results.ReadAsync<Place>()).ToDictionary(p => p.Id);
        var reminders = await results.ReadSingleOrDefaultAsync<ReminderSettingsRow>();
        return new ScheduleSetup(
            clinicRules,
            types.ToDictionary(t => t.Id, t => new TypeSetup(
                new AppointmentTypeRow(
                    t.Id, t.NameEn, t.NameFr, t.DurationMinutes, t.Mode, t.BookableOnline, t.BufferBeforeMinutes, t.BufferAfterMinutes, t.Active),
                new TypeBookingRules(t.OwnMinNoticeMinutes, t.OwnBookAheadDays, t.OwnChangeWindowMinutes, t.OwnMaxUpcoming, t.OwnBookingMode),
                providers[t.Id].ToArray())),
            weekly,
            changes,
            names,
            places,
            reminders is null ? ReminderSettings.Default : new ReminderSettings(reminders.OffsetsMinutes, reminders.NameType, false));
    }

    private sealed class ReminderSettingsRow
    {
        public int[] OffsetsMinutes { get; init; } = [];

        public bool NameType { get; init; }
    }

    private sealed record TypeRow(
        Guid Id, string NameEn, string NameFr, int DurationMinutes, string Mode, bool BookableOnline, int BufferBeforeMinutes, int BufferAfterMinutes,
        bool Active, int? OwnMinNoticeMinutes, int? OwnBookAheadDays, int? OwnChangeWindowMinutes, int? OwnMaxUpcoming, string? OwnBookingMode);
}
