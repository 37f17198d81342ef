using System.Globalization;
using Npgsql;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Results;

namespace Portal.Appointments.Scheduling;

/// <summary>How a patient's online booking lands: booked at once, or requested for the clinic's staff to approve or decline.</summary>
internal static class BookingModes
{
    public const string Direct = "direct";
    public const string Request = "request";

    public static IReadOnlyList<string> All { get; } = [Direct, Request];
}

/// <summary>
/// X5: what a patient may do online for one appointment type, the clinic's rules with the type's own where it has them.
/// Staff are not bound by them.
/// </summary>
/// <param name="MinNoticeMinutes">The least time between now and an appointment the patient books or moves to.</param>
/// <param name="BookAheadDays">The last day a patient may book is today plus this many days, in the clinic's calendar.</param>
/// <param name="ChangeWindowMinutes">Changes and cancellations online close this long before the appointment ("after this, call the clinic").</param>
/// <param name="MaxUpcoming">The most upcoming appointments a patient may hold from online bookings, all types together.</param>
/// <param name="MaxUpcomingOfType">The most of those of this type, when the type sets one.</param>
internal sealed record BookingRules(
    int MinNoticeMinutes, int BookAheadDays, int ChangeWindowMinutes, int MaxUpcoming, string BookingMode, int? MaxUpcomingOfType = null)
{
    public static BookingRules Defaults { get; } = new(120, 90, 1440, 3, BookingModes.Direct);

    /// <summary>Statuses that count against <see cref="MaxUpcoming"/> while the appointment is still to come.</summary>
    public static IReadOnlyList<string> Holding { get; } =
        [AppointmentStatusCodes.Requested, AppointmentStatusCodes.Booked, AppointmentStatusCodes.Confirmed];

    public bool ByRequest => BookingMode == BookingModes.Request;

    public DateTimeOffset EarliestStart(DateTimeOffset now) => now.AddMinutes(MinNoticeMinutes);

    public DateOnly LastDay(TimeZoneInfo zone, DateTimeOffset now) => ClinicTime.LocalDate(zone, now).AddDays(BookAheadDays);

    public DateTimeOffset ChangeableUntil(DateTimeOffset startsAt) => startsAt.AddMinutes(-ChangeWindowMinutes);

    public bool StillChangeable(DateTimeOffset now, DateTimeOffset startsAt) => now < ChangeableUntil(startsAt);

    /// <summary>Why a patient may not take a time starting at <paramref name="startsAt"/>, or null when they may.</summary>
    public Error? RefuseStart(TimeZoneInfo zone, DateTimeOffset now, DateTimeOffset startsAt)
    {
        if (startsAt < EarliestStart(now))
        {
            return AppointmentsErrors.TooSoon(MinNoticeMinutes);
        }

        return ClinicTime.LocalDate(zone, startsAt) > LastDay(zone, now) ? AppointmentsErrors.TooFarAhead(BookAheadDays) : null;
    }

    /// <summary>Why a patient holding these many upcoming online bookings (all types, this type) may not book one more, or null.</summary>
    public Error? RefuseAnother(int upcoming, int upcomingOfType)
    {
        if (upcoming >= MaxUpcoming)
        {
            return AppointmentsErrors.TooManyUpcoming(MaxUpcoming);
        }

        return MaxUpcomingOfType is { } most && upcomingOfType >= most ? AppointmentsErrors.TooManyUpcomingOfType(most) : null;
    }

    /// <summary>A length of time as a patient reads it: "2 hours", "1 day", "45 minutes".</summary>
    public static string Describe(int minutes) => minutes switch
    {
        _ when minutes > 0 && minutes % 1440 == 0 => Plural(minutes / 1440, "day"),
        _ when minutes > 0 && minutes % 60 == 0 => Plural(minutes / 60, "hour"),
        _ => Plural(minutes, "minute"),
    };

    private static string Plural(int count, string unit) => count.ToString(CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? "" : "s");
}

/// <summary>A type's own booking rules; each one left null is the clinic's.</summary>
/// <param name="MaxUpcoming">The most upcoming online bookings of this type per patient (the clinic's limit on all types still applies).</param>
/// <param name="BookingMode">direct or request.</param>
internal sealed record TypeBookingRules(
    int? MinNoticeMinutes = null, int? BookAheadDays = null, int? ChangeWindowMinutes = null, int? MaxUpcoming = null, string? BookingMode = null)
{
    public BookingRules Over(BookingRules clinic) =>
        new(MinNoticeMinutes ?? clinic.MinNoticeMinutes, BookAheadDays ?? clinic.BookAheadDays, ChangeWindowMinutes ?? clinic.ChangeWindowMinutes,
            clinic.MaxUpcoming, BookingMode ?? clinic.BookingMode, MaxUpcoming);
}

/// <summary>Reads and writes the clinic's booking rules and its types' own.</summary>
internal sealed class BookingRulesStore(IDbSession db)
{
    /// <summary>The holding statuses written into the count, so that its plan is kept like any other statement's.</summary>
    private static readonly string HoldingSqlList = AppointmentStatuses.SqlList(BookingRules.Holding);

    public async Task<BookingRules> ClinicAsync(Guid clinicId, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<BookingRules>(
            """
            select min_notice_minutes, book_ahead_days, change_window_minutes, max_upcoming, booking_mode, null::int as max_upcoming_of_type
            from appointments.booking_rules where clinic_id = @clinicId
            """,
            new { clinicId },
            cancellationToken) ?? BookingRules.Defaults;

    /// <summary>The type's own rules, or null for a type the clinic does not have.</summary>
    public Task<TypeBookingRules?> OfTypeAsync(Guid clinicId, Guid typeId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<TypeBookingRules>(
            """
            select min_notice_minutes, book_ahead_days, change_window_minutes, max_upcoming, booking_mode
            from appointments.appointment_types where clinic_id = @clinicId and id = @typeId
            """,
            new { clinicId, typeId },
            cancellationToken);

    /// <summary>The rules a patient meets for the type: the clinic's, with the type's own over them.</summary>
    public async Task<BookingRules> ForTypeAsync(Guid clinicId, Guid typeId, CancellationToken cancellationToken)
    {
        var clinic = await ClinicAsync(clinicId, cancellationToken);
        var own = await OfTypeAsync(clinicId, typeId, cancellationToken);
        return own?.Over(clinic) ?? clinic;
    }

    public Task SaveClinicAsync(Guid clinicId, BookingRules rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            """
            insert into appointments.booking_rules
                (clinic_id, min_notice_minutes, book_ahead_days, change_window_minutes, max_upcoming, booking_mode, updated_at)
            values (@clinicId, @MinNoticeMinutes, @BookAheadDays, @ChangeWindowMinutes, @MaxUpcoming, @BookingMode, @now)
            on conflict (clinic_id) do update
            set min_notice_minutes = excluded.min_notice_minutes, book_ahead_days = excluded.book_ahead_days,
                change_window_minutes = excluded.change_window_minutes, max_upcoming = excluded.max_upcoming,
                booking_mode = excluded.booking_mode, updated_at = excluded.updated_at
            """,
            new { clinicId, rules.MinNoticeMinutes, rules.BookAheadDays, rules.ChangeWindowMinutes, rules.MaxUpcoming, rules.BookingMode, now },
            cancellationToken);

    /// <summary>False when the clinic has no such type.</summary>
    public async Task<bool> SaveTypeAsync(Guid clinicId, Guid typeId, TypeBookingRules rules, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            """
            update appointments.appointment_types
            set min_notice_minutes = @MinNoticeMinutes, book_ahead_days = @BookAheadDays, change_window_minutes = @ChangeWindowMinutes,
                max_upcoming = @MaxUpcoming, booking_mode = @BookingMode
            where clinic_id = @clinicId and id = @typeId
            """,
            new { clinicId, typeId, rules.MinNoticeMinutes, rules.BookAheadDays, rules.ChangeWindowMinutes, rules.MaxUpcoming, rules.BookingMode },
            cancellationToken) == 1;

    /// <summary>
    /// The patient's upcoming online bookings, all types and this type, counted after taking a lock on the patient for the rest
    /// of the transaction, so two bookings at once cannot both pass the limit. Two statements, so that the count sees what a
    /// booking that held the lock before committed, sent in one round trip.
    /// </summary>
    public async Task<(int All, int OfType)> LockAndCountUpcomingAsync(
        Guid clinicId, Guid patientId, Guid typeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connection = await db.GetConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtextextended($1, 0))")
                {
                    Parameters = { new() { Value = $"appointments.patient:{clinicId}:{patientId}" } },
                },
                new NpgsqlBatchCommand(
                    $"""
                    select count(*)::int, (count(*) filter (where type_id = $3))::int
                    from appointments.appointments
                    where clinic_id = $1 and patient_id = $2 and booked_by = 'patient' and starts_at > $4 and status in {HoldingSqlList}
                    """)
                {
                    Parameters = { new() { Value = clinicId }, new() { Value = patientId }, new() { Value = typeId }, new() { Value = now } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1));
    }
}
