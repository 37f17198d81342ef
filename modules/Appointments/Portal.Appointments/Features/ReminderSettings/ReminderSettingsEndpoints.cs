using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Reminders;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.ReminderSettings;

/// <param name="OffsetsMinutes">How long before each appointment patients are reminded, in minutes, largest first (2880 is two days); empty for no reminders.</param>
/// <param name="NameAppointmentType">Whether notices and reminders may name the appointment's type; otherwise they say only "appointment".</param>
/// <param name="IsDefault">True while the clinic has not saved its own: two days and two hours before, without the type.</param>
internal sealed record ReminderSettingsView(IReadOnlyList<int> OffsetsMinutes, bool NameAppointmentType, bool IsDefault);

/// <param name="OffsetsMinutes">At most 5 different times, each from 15 minutes to 14 days (20160) before the appointment.</param>
/// <param name="NameAppointmentType">Allow notices to name the appointment's type (a health detail some clinics keep out of email and SMS).</param>
internal sealed record SaveReminderSettingsCommand(IReadOnlyList<int> OffsetsMinutes, bool NameAppointmentType) : ICommand<ReminderSettingsView>, IChangesScheduleSetup;

internal sealed record GetReminderSettingsQuery : IQuery<ReminderSettingsView>;

internal sealed class SaveReminderSettingsValidator : AbstractValidator<SaveReminderSettingsCommand>
{
    public SaveReminderSettingsValidator()
    {
        RuleFor(x => x.OffsetsMinutes).NotNull()
            .Must(o => o is null || o.Count <= Reminders.ReminderSettings.MaxOffsets)
            .WithMessage($"Choose at most {Reminders.ReminderSettings.MaxOffsets} reminder times.")
            .Must(o => o is null || o.Distinct().Count() == o.Count)
            .WithMessage("Each reminder time may be chosen once.");
        RuleForEach(x => x.OffsetsMinutes)
            .InclusiveBetween(Reminders.ReminderSettings.MinOffsetMinutes, Reminders.ReminderSettings.MaxOffsetMinutes)
            .WithMessage("A reminder goes from 15 minutes to 14 days (20160 minutes) before the appointment.");
    }
}

internal sealed class GetReminderSettingsHandler(ReminderSettingsStore store, ClinicContext clinic)
    : IRequestHandler<GetReminderSettingsQuery, Result<ReminderSettingsView>>
{
    public async Task<Result<ReminderSettingsView>> Handle(GetReminderSettingsQuery request, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(clinic.ClinicId, cancellationToken);
        return new ReminderSettingsView(settings.OffsetsMinutes, settings.NameType, settings.IsDefault);
    }
}

internal sealed class SaveReminderSettingsHandler(ReminderSettingsStore store, ClinicContext clinic, IActorContext actor, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SaveReminderSettingsCommand, Result<ReminderSettingsView>>
{
    public async Task<Result<ReminderSettingsView>> Handle(SaveReminderSettingsCommand request, CancellationToken cancellationToken)
    {
        var saved = await store.SaveAsync(
            clinic.ClinicId, request.OffsetsMinutes, request.NameAppointmentType, actor.Actor.Id, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("appointments.reminder_settings.saved", clinic.ClinicId, "reminder_settings", clinic.ClinicId.ToString(),
                new { offsetsMinutes = saved.OffsetsMinutes, nameAppointmentType = saved.NameType }),
            cancellationToken);
        return new ReminderSettingsView(saved.OffsetsMinutes, saved.NameType, false);
    }
}

internal sealed class ReminderSettingsEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapAppointmentsSetup("/reminder-settings");
        group.MapGet("/", async Task<Results<Ok<ReminderSettingsView>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetReminderSettingsQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetAppointmentReminderSettings")
            .WithSummary("The clinic's appointment reminders: how long before each appointment patients are reminded, and whether notices name the type.")
            .WithDescription("The clinic's owners and admins.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapPut("/", async Task<Results<Ok<ReminderSettingsView>, ErrorHttpResult>> (
                    SaveReminderSettingsCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("SaveAppointmentReminderSettings")
            .WithSummary("Sets the clinic's reminder times (up to 5, from 15 minutes to 14 days before) and whether notices may name the appointment's type.")
            .WithDescription("The clinic's owners and admins. Reminders already sent stay sent; new times apply to the reminders still to come.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }
}
