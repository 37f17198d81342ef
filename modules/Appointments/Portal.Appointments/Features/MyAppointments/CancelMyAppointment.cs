using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.MyAppointments;

/// <param name="Reason">Optional, for the clinic, at most 500 characters.</param>
internal sealed record CancelMyAppointmentBody(string? Reason = null);

internal sealed record CancelMyAppointmentCommand(Guid PatientId, Guid Id, string? Reason) : ICommand<MyAppointmentView>, IChangesBookedTime;

internal sealed class CancelMyAppointmentValidator : AbstractValidator<CancelMyAppointmentCommand>
{
    public CancelMyAppointmentValidator() =>
        RuleFor(x => x.Reason).MaximumLength(500).Must(r => r is null || r.Trim().Length > 0).WithMessage("Leave the reason out rather than blank.");
}

internal sealed class CancelMyAppointmentHandler(
    IDbSession db, ClinicContext clinic, MyAppointmentViews views, AppointmentChanges changes, TimeProvider clock)
    : IRequestHandler<CancelMyAppointmentCommand, Result<MyAppointmentView>>
{
    public async Task<Result<MyAppointmentView>> Handle(CancelMyAppointmentCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Locked first, so a change of time at once cannot slip between the window check and the cancellation.
        var status = await db.QuerySingleOrDefaultAsync<string>(
            "select status from appointments.appointments where clinic_id = @ClinicId and id = @Id and patient_id = @PatientId for update",
            new { clinic.ClinicId, request.Id, request.PatientId },
            cancellationToken);
        // What the patient may see (their own, not hidden) is what they may cancel.
        var visible = status is null ? null : await views.FindAsync(request.PatientId, request.Id, now, cancellationToken);
        if (visible is null)
        {
            return AppointmentsErrors.AppointmentNotFound;
        }

        if (!AppointmentStatuses.CanMove(visible.Status, AppointmentStatusCodes.Cancelled) || visible.StartsAt <= now)
        {
            return AppointmentsErrors.CannotCancel;
        }

        if (!visible.CanCancel)
        {
            return AppointmentsErrors.ChangeWindowPassed((int)(visible.StartsAt - visible.ChangeableUntil).TotalMinutes);
        }

        await changes.CancelAsync(
            new HeldAppointment(
                request.Id, request.PatientId, visible.Type.Id, visible.Provider.Id, visible.Location?.Id,
                visible.StartsAt, visible.EndsAt, status!), "patient", request.Reason, now,
            cancellationToken);
        return visible with { Status = AppointmentStatusCodes.Cancelled, CanChange = false, CanCancel = false };
    }
}

internal sealed class CancelMyAppointmentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyAppointments()
            .MapPost("/{id:guid}/cancel", async Task<Results<Ok<MyAppointmentView>, ErrorHttpResult>> (
                    Guid id, CancelMyAppointmentBody body, IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new CancelMyAppointmentCommand(actor.Actor.Id!.Value, id, body.Reason), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("CancelMyAppointment")
            .ValidatedAs<CancelMyAppointmentCommand>()
            .WithSummary("Cancels one of the signed-in patient's appointments that has not started, with an optional reason; its time is free again.")
            .WithDescription("The signed-in patient of the clinic, until the clinic's change window before the appointment (changeableUntil). Another patient's " +
                "appointment or one in a hidden status is 404; one already cancelled, started or finished is 409 cannot_cancel; past the window, 409 " +
                "change_window_passed (\"please call the clinic\").")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
}
