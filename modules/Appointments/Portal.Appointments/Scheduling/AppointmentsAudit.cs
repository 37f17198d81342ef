namespace Portal.Appointments.Scheduling;

/// <summary>Audit actions of the Appointments module (checklist A5). Details never carry the patient's note.</summary>
internal static class AppointmentsAudit
{
    public const string AppointmentTarget = "appointment";

    public const string Booked = "appointments.appointment.booked";
    public const string Listed = "appointments.appointments.listed";
    public const string Viewed = "appointments.appointment.viewed";
    public const string Cancelled = "appointments.appointment.cancelled";
    public const string Moved = "appointments.appointment.moved";
    public const string Approved = "appointments.appointment.approved";
    public const string Declined = "appointments.appointment.declined";
    public const string StatusChanged = "appointments.appointment.status_changed";
    public const string CalendarViewed = "appointments.calendar.viewed";
    public const string EarlierSlotAsked = "appointments.earlier_slot.asked";
    public const string EarlierSlotStopped = "appointments.earlier_slot.stopped";
    public const string EarlierSlotAccepted = "appointments.earlier_slot.accepted";
    public const string EarlierSlotDeclined = "appointments.earlier_slot.declined";
    public const string RulesChanged = "appointments.rules.changed";
    public const string VisitSettingsSaved = "appointments.visit_settings.saved";
    public const string VisitAdmitted = "appointments.visit.admitted";
    public const string VisitJoined = "appointments.visit.joined";
    public const string VisitRefused = "appointments.visit.refused";
    public const string VisitCodeRefused = "appointments.visit.code_refused";
    public const string VisitCodeResent = "appointments.visit.code_resent";
}
