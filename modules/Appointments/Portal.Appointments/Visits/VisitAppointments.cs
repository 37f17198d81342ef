using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Results;

namespace Portal.Appointments.Visits;

/// <summary>A virtual appointment with its code's state, as the visit's routes need it.</summary>
/// <param name="RoomId">Null until a code went out.</param>
/// <param name="ProviderStaffAccountId">The staff account of the appointment's provider, who alone joins as the provider.</param>
internal sealed record VisitAppointment(
    Guid Id, Guid ClinicId, Guid PatientId, Guid ProviderId, Guid? ProviderStaffAccountId, string ProviderName, string? ProviderTitle, string Status,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid? RoomId, int? Issue, DateTimeOffset? SentAt, int FailedAttempts)
{
    /// <summary>Statuses in which the visit still takes place: its room may open and its code be sent.</summary>
    public static IReadOnlyList<string> Live { get; } =
        [AppointmentStatusCodes.Booked, AppointmentStatusCodes.Confirmed, AppointmentStatusCodes.Arrived, AppointmentStatusCodes.InRoom];

    public bool IsLive => Live.Contains(Status);

    public bool Locked => FailedAttempts >= VisitCodes.MaxFailedAttempts;
}

internal static class VisitErrors
{
    public static readonly Error VisitNotFound = Error.NotFound("visit_not_found", "There is no such virtual visit.");

    public static readonly Error WrongCode = Error.Field(
        "code", "visit_code_wrong", "This code does not open the visit. Codes are case-sensitive: check capital and small letters.");

    public static readonly Error CodeLocked = Error.Conflict(
        "visit_code_locked", "This code has had too many wrong tries. Ask for a new code from your appointment's page or call the clinic.");

    public static readonly Error NotOpenYet = Error.Conflict("visit_not_open", "The visit's room is not open yet. Come back closer to the appointment's time.");

    public static readonly Error Closed = Error.Conflict("visit_closed", "This visit has ended or was cancelled; its room is closed.");

    public static readonly Error NotTheProvider = Error.Forbidden(
        "not_visit_provider", "Only the appointment's provider joins this visit from the clinic.");

    public static readonly Error CannotSend = Error.Conflict(
        "visit_code_not_sendable", "This visit has ended or was cancelled, so no code can be sent for it.");

    public static readonly Error PatientAlreadyIn = Error.Conflict(
        "visit_patient_present", "Someone is already in this visit with its code. If that is not you, call the clinic.");
}

/// <summary>Reads the clinic's virtual appointments for the visit's routes.</summary>
internal sealed class VisitAppointments(IDbSession db)
{
    private const string Select =
        """
        select a.id, a.clinic_id, a.patient_id, a.provider_id, p.staff_account_id as provider_staff_account_id, p.name as provider_name,
               p.title as provider_title, a.status, a.starts_at, a.ends_at, v.room_id, v.issue, v.sent_at, coalesce(v.failed_attempts, 0) as failed_attempts
        from appointments.appointments a
        join appointments.appointment_types t on t.clinic_id = a.clinic_id and t.id = a.type_id and t.mode = 'virtual'
        join appointments.providers p on p.clinic_id = a.clinic_id and p.id = a.provider_id
        left join appointments.visit_codes v on v.clinic_id = a.clinic_id and v.appointment_id = a.id
        """;

    /// <summary>The clinic's virtual appointment; with <paramref name="forUpdate"/>, locked for the caller's transaction.</summary>
    public Task<VisitAppointment?> FindAsync(Guid clinicId, Guid appointmentId, bool forUpdate, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<VisitAppointment>(
            $"{Select} where a.clinic_id = @clinicId and a.id = @appointmentId" + (forUpdate ? " for update of a" : ""),
            new { clinicId, appointmentId },
            cancellationToken);

    /// <summary>The clinic's virtual appointment whose room this is.</summary>
    public Task<VisitAppointment?> FindByRoomAsync(Guid clinicId, Guid roomId, CancellationToken cancellationToken) =>
        db.QuerySingleOrDefaultAsync<VisitAppointment>(
            $"{Select} where a.clinic_id = @clinicId and v.room_id = @roomId",
            new { clinicId, roomId },
            cancellationToken);
}
