using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Contracts;
using Portal.Appointments.EarlierSlots;
using Portal.Appointments.Scheduling;
using Portal.Settings.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Events;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffAppointments;

/// <param name="Reason">Why the clinic declines, at most 500 characters; optional.</param>
internal sealed record DeclineAppointmentRequestBody(string? Reason = null);

/// <param name="Approve">True books the requested time; false declines the request and frees the time.</param>
internal sealed record ReviewAppointmentRequestCommand(Guid Id, bool Approve, string? Reason = null) : ICommand<StaffAppointmentView>, IChangesBookedTime;

internal sealed class ReviewAppointmentRequestValidator : AbstractValidator<ReviewAppointmentRequestCommand>
{
    public ReviewAppointmentRequestValidator() => RuleFor(x => x.Reason).IsOptionalText(500);
}

/// <summary>A patient's request (request-then-approval booking) approved, which books its time, or declined, which frees it.</summary>
internal sealed class ReviewAppointmentRequestHandler(
    IDbSession db, ClinicContext clinic, StaffAppointmentChanges changes, IIntegrationEvents events, EarlierSlotOffers offers, TimeProvider clock)
    : IRequestHandler<ReviewAppointmentRequestCommand, Result<StaffAppointmentView>>
{
    public Task<Result<StaffAppointmentView>> Handle(ReviewAppointmentRequestCommand request, CancellationToken cancellationToken) =>
        changes.ChangeAsync(
            request.Id,
            current => current.Status == AppointmentStatusCodes.Requested ? null : AppointmentsErrors.NotRequested,
            current => ReviewAsync(request, current, cancellationToken),
            cancellationToken);

    private async Task ReviewAsync(ReviewAppointmentRequestCommand request, LockedAppointment current, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var status = request.Approve ? AppointmentStatusCodes.Booked : AppointmentStatusCodes.Declined;
        if (request.Reason is { } reason)
        {
            await db.ExecuteAsync(
                "update appointments.appointments set cancel_reason = @reason where clinic_id = @ClinicId and id = @Id",
                new { reason = reason.Trim(), clinic.ClinicId, current.Id },
                cancellationToken);
        }

        await changes.SetStatusAsync(
            current, status, request.Approve ? AppointmentsAudit.Approved : AppointmentsAudit.Declined, now, newVersion: true, cancellationToken);
        await events.PublishAsync(
            request.Approve
                ? new AppointmentBooked(clinic.ClinicId, current.PatientId, current.Id, current.ProviderId, current.StartsAt, current.EndsAt, ByPatient: false)
                : new AppointmentDeclined(clinic.ClinicId, current.PatientId, current.Id, current.ProviderId, current.StartsAt, current.EndsAt),
            cancellationToken);
        if (!request.Approve)
        {
            // A declined request frees its time like a cancellation: those asking for an earlier time are offered it.
            await offers.FreedAsync(
                clinic.ClinicId, current.Id, current.TypeId, current.ProviderId, current.LocationId, current.StartsAt, current.EndsAt, cancelled: true, now,
                cancellationToken);
        }
    }
}

internal sealed class ReviewAppointmentRequestEndpoints : ICarterModule
{
    private const string Description = "Any staff member of the clinic. 404 appointment_not_found; 409 not_requested when it is not (or no longer) a request.";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapStaffAppointmentChange(
            "/approve",
            id => new ReviewAppointmentRequestCommand(id, Approve: true),
            new StaffAppointmentOperation(
                "ApproveAppointmentRequest", "Approves a patient's requested appointment: it is booked at the time asked, which it already holds.", Description));

        app.MapStaffAppointmentChange(
            "/decline",
            (Guid id, DeclineAppointmentRequestBody body) => new ReviewAppointmentRequestCommand(id, Approve: false, body.Reason),
            new StaffAppointmentOperation(
                "DeclineAppointmentRequest", "Declines a patient's requested appointment, with an optional reason; its time is free again.", Description));
    }
}
