using System.Text;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Features.MyAppointments;
using Portal.Appointments.Notices;
using Portal.Appointments.Reminders;
using Portal.Appointments.Scheduling;
using Portal.Registration.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Calendar;

/// <summary>The calendar file of one of the signed-in patient's appointments, and its download name.</summary>
internal sealed record MyAppointmentCalendarFile(string Ics, string FileName);

internal sealed record GetMyAppointmentCalendarQuery(Guid PatientId, Guid Id) : IQuery<MyAppointmentCalendarFile>;

/// <summary>
/// "Add to calendar" (X10): the same UID and SEQUENCE as the emails' invitations, so a calendar holding the appointment
/// from either keeps one copy. What the patient may see of their appointments (their own, no hidden status) is what they
/// may download; the type is named only if the clinic allows it in notices.
/// </summary>
internal sealed class GetMyAppointmentCalendarHandler(
    MyAppointmentViews views, AppointmentFactsReader reader, ReminderSettingsStore settings, NoticeWordings wordings, AppointmentCalendar calendar,
    IPatientDirectory patients, ClinicContext clinic, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<GetMyAppointmentCalendarQuery, Result<MyAppointmentCalendarFile>>
{
    public async Task<Result<MyAppointmentCalendarFile>> Handle(GetMyAppointmentCalendarQuery request, CancellationToken cancellationToken)
    {
        var visible = await views.FindAsync(request.PatientId, request.Id, clock.GetUtcNow(), cancellationToken);
        if (visible is null || await reader.ReadAsync(clinic.ClinicId, visible.Id, cancellationToken) is not { } appointment)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        var language = (await patients.GetContactDetailsAsync(clinic.ClinicId, request.PatientId, cancellationToken))?.Language ?? clinic.Clinic.DefaultLanguage;
        var nameType = (await settings.GetAsync(clinic.ClinicId, cancellationToken)).NameType;
        var ics = calendar.Build(appointment, clinic.Clinic, wordings.For(appointment, clinic.Clinic, nameType, language), AppointmentCalendar.Publish, null);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.Viewed, clinic.ClinicId, AppointmentsAudit.AppointmentTarget, appointment.Id.ToString(), new { by = "patient", format = "ics" }),
            cancellationToken);
        return new MyAppointmentCalendarFile(ics, $"appointment-{appointment.StartsAt.UtcDateTime:yyyyMMdd}.ics");
    }
}

internal sealed class MyAppointmentCalendarEndpoint : ICarterModule
{
    public const string ContentType = "text/calendar";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyAppointments()
            .MapGet("/{id:guid}/calendar.ics", async Task<Results<FileContentHttpResult, ErrorHttpResult>> (
                Guid id, IActorContext actor, IMediator mediator, HttpContext context, CancellationToken cancellationToken) =>
            {
                var result = await mediator.Send(new GetMyAppointmentCalendarQuery(actor.Actor.Id!.Value, id), cancellationToken);
                if (!result.IsSuccess)
                {
                    return result.Error!.ToHttp();
                }

                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.CacheControl = "private, no-store";
                return TypedResults.File(Encoding.UTF8.GetBytes(result.Value.Ics), $"{ContentType}; charset=utf-8", result.Value.FileName);
            })
            .WithName("GetMyAppointmentCalendarFile")
            .WithSummary("One of the signed-in patient's appointments as an iCalendar file (.ics) to add to their calendar, in the clinic's time zone.")
            .WithDescription(
                "The signed-in patient of the clinic. Another patient's appointment, or one in a hidden status (S9), is 404. " +
                "The file's UID and SEQUENCE are those of the invitations sent by email, so calendars keep one copy and follow changes.")
            .Produces(StatusCodes.Status200OK, contentType: ContentType)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
