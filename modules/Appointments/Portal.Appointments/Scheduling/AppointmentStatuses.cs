using Portal.Settings.Contracts;

namespace Portal.Appointments.Scheduling;

/// <summary>The statuses of an appointment (S9's codes) and the moves allowed between them.</summary>
internal static class AppointmentStatuses
{
    private static readonly Dictionary<string, string[]> Moves = new(StringComparer.Ordinal)
    {
        [AppointmentStatusCodes.Requested] = [AppointmentStatusCodes.Booked, AppointmentStatusCodes.Declined, AppointmentStatusCodes.Cancelled],
        [AppointmentStatusCodes.Booked] =
        [
            AppointmentStatusCodes.Confirmed, AppointmentStatusCodes.Arrived, AppointmentStatusCodes.Cancelled, AppointmentStatusCodes.NoShow,
            AppointmentStatusCodes.Rescheduled,
        ],
        [AppointmentStatusCodes.Confirmed] =
            [AppointmentStatusCodes.Arrived, AppointmentStatusCodes.Cancelled, AppointmentStatusCodes.NoShow, AppointmentStatusCodes.Rescheduled],
        [AppointmentStatusCodes.Arrived] = [AppointmentStatusCodes.InRoom, AppointmentStatusCodes.Completed],
        [AppointmentStatusCodes.InRoom] = [AppointmentStatusCodes.Completed],
        [AppointmentStatusCodes.Completed] = [],
        [AppointmentStatusCodes.Cancelled] = [],
        [AppointmentStatusCodes.NoShow] = [],
        [AppointmentStatusCodes.Rescheduled] = [],
        [AppointmentStatusCodes.Declined] = [],
    };

    /// <summary>Statuses that give the provider's time back; the database's no-overlap rule ignores them (keep in step with 0001).</summary>
    public static IReadOnlyList<string> Released { get; } =
        [AppointmentStatusCodes.Cancelled, AppointmentStatusCodes.Declined, AppointmentStatusCodes.Rescheduled];

    /// <summary>
    /// <see cref="Released"/> as SQL's list, written into statements rather than passed: with it in view, PostgreSQL proves a
    /// query holds to the no-overlap index's condition and uses that index in the plan it keeps for the statement.
    /// </summary>
    public static string ReleasedSqlList { get; } = SqlList(Released);

    /// <summary>Statuses of an appointment still to come: a patient sees these under Upcoming while it has not started.</summary>
    public static IReadOnlyList<string> Open { get; } =
        [AppointmentStatusCodes.Requested, AppointmentStatusCodes.Booked, AppointmentStatusCodes.Confirmed, AppointmentStatusCodes.Arrived, AppointmentStatusCodes.InRoom];

    /// <summary>Status codes as SQL's list, to write into a statement: codes are Portal's own constants, never input.</summary>
    public static string SqlList(IEnumerable<string> codes) => $"({string.Join(", ", codes.Select(c => $"'{c}'"))})";

    public static bool CanMove(string from, string to) => Moves.TryGetValue(from, out var allowed) && allowed.Contains(to, StringComparer.Ordinal);

    public static IReadOnlyList<string> MovesFrom(string from) => Moves.TryGetValue(from, out var allowed) ? allowed : [];
}
