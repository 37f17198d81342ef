using Portal.Shared.Results;

namespace Portal.Appointments.Scheduling;

internal static class AppointmentsErrors
{
    public static readonly Error ProviderNotFound = Error.NotFound("provider_not_found", "There is no such provider.");

    public static readonly Error LocationNotFound = Error.NotFound("location_not_found", "There is no such location.");

    public static readonly Error TypeNotFound = Error.NotFound("appointment_type_not_found", "There is no such appointment type.");

    public static readonly Error ExceptionNotFound = Error.NotFound("exception_not_found", "There is no such change to the provider's availability.");

    public static readonly Error AppointmentNotFound = Error.NotFound("appointment_not_found", "There is no such appointment.");

    public static readonly Error UnknownProviders = Error.Field("providerIds", "provider_not_found", "Choose providers of this clinic.");

    public static readonly Error UnknownLocation = Error.Field("locationId", "location_not_found", "Choose a location of this clinic.");

    public static readonly Error UnknownStaffAccount = Error.Field("staffAccountId", "staff_not_found", "That person is not a staff member of this clinic.");

    public static readonly Error StaffAccountTaken = Error.Conflict("staff_account_taken", "Another provider is already linked to that staff account.");

    public static readonly Error UnknownType = Error.Field("typeId", "appointment_type_not_found", "Choose an appointment type this clinic offers.");

    public static readonly Error UnknownProvider = Error.Field("providerId", "provider_not_found", "Choose a provider who offers this appointment type.");

    public static readonly Error WindowsOverlap = Error.Field(
        "windows", "windows_overlap", "A provider cannot be available twice at the same time: two of these hours overlap on the same day.");

    public static readonly Error SlotNotOffered = Error.Field("startsAt", "slot_not_offered", "There is no free time to book then. Choose one of the free times.");

    public static readonly Error BookingHidden = Error.Conflict(
        "booking_hidden", "The clinic does not show these appointments online, so they cannot be booked here. Please call the clinic.");

    public static readonly Error SlotTaken = Error.Conflict("slot_taken", "Sorry, that time was just taken. Please choose another time.");

    public static readonly Error CannotCancel = Error.Conflict("cannot_cancel", "This appointment can no longer be cancelled here. Please call the clinic.");

    public static readonly Error PatientNotFound = Error.NotFound("patient_not_found", "There is no such patient at this clinic.");

    public static readonly Error LocationRequired = Error.Field(
        "locationId", "location_required", "Choose where an in-person appointment outside the free times takes place.");

    public static readonly Error StatusMoveNotAllowed = Error.Conflict(
        "status_move_not_allowed", "The appointment cannot go to that status from the one it is in now.");

    public static readonly Error NotRequested = Error.Conflict("not_requested", "Only a requested appointment can be approved or declined.");

    public static readonly Error CannotMove = Error.Conflict(
        "cannot_move", "Only a requested, booked or confirmed appointment can move to another time.");

    public static readonly Error StaffCannotCancel = Error.Conflict(
        "cannot_cancel", "This appointment is already cancelled, declined, under way or over, and cannot be cancelled.");

    public static readonly Error CannotChange = Error.Conflict("cannot_change", "This appointment can no longer be changed here. Please call the clinic.");

    public static readonly Error SameTime = Error.Field("startsAt", "same_time", "The appointment is already at that time. Choose another time.");

    public static readonly Error OfferNotFound = Error.NotFound("offer_not_found", "There is no such offer of an earlier time.");

    public static readonly Error OfferExpired = Error.Conflict(
        "offer_expired", "This offer of an earlier time has ended and went to the next patient asking. Your appointment keeps its time.");

    public static readonly Error OfferAnswered = Error.Conflict(
        "offer_answered", "This offer of an earlier time was already answered or is no longer open. Your appointment is as shown.");

    public static Error TooSoon(int noticeMinutes) => Error.Field(
        "startsAt", "too_soon", $"Appointments booked online need {BookingRules.Describe(noticeMinutes)} notice. Choose a later time or call the clinic.");

    public static Error TooFarAhead(int days) => Error.Field(
        "startsAt", "too_far_ahead", $"Appointments can be booked online at most {BookingRules.Describe(days * 1440)} ahead. Choose an earlier day.");

    public static Error TooManyUpcoming(int most) => Error.Conflict(
        "too_many_upcoming", $"You already have {most} upcoming appointments booked online, the most this clinic allows. Please call the clinic to book another.");

    public static Error TooManyUpcomingOfType(int most) => Error.Conflict(
        "too_many_upcoming", $"You already have {most} upcoming appointments of this type booked online, the most this clinic allows. Please call the clinic.");

    public static Error ChangeWindowPassed(int windowMinutes) => Error.Conflict(
        "change_window_passed",
        $"Appointments can be changed or cancelled online until {BookingRules.Describe(windowMinutes)} before they start. Please call the clinic.");
}
