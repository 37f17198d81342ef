namespace Portal.Settings.Contracts;

/// <summary>The choices offered for S8, "Patient timeout duration": how long a link passcode stays valid.</summary>
public static class PasscodeTimeouts
{
    public const int DefaultMinutes = 3 * 24 * 60;

    public static IReadOnlyList<int> AllowedMinutes { get; } =
        [60, 4 * 60, 12 * 60, 24 * 60, 2 * 24 * 60, 3 * 24 * 60, 5 * 24 * 60, 7 * 24 * 60];
}

/// <summary>
/// The appointment statuses a clinic may hide from patients (S9). The Appointments module uses
/// these codes for its statuses.
/// </summary>
public static class AppointmentStatusCodes
{
    public const string Requested = "requested";
    public const string Booked = "booked";
    public const string Confirmed = "confirmed";
    public const string Arrived = "arrived";
    public const string InRoom = "in_room";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string NoShow = "no_show";
    public const string Rescheduled = "rescheduled";
    public const string Declined = "declined";

    public static IReadOnlyList<string> All { get; } =
        [Requested, Booked, Confirmed, Arrived, InRoom, Completed, Cancelled, NoShow, Rescheduled, Declined];
}
