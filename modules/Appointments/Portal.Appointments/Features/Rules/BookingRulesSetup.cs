using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Appointments.Features.Rules;

/// <summary>X5: what patients may do online at this clinic. Staff booking for a patient are not bound by them.</summary>
/// <param name="MinNoticeMinutes">The least time between now and an appointment a patient books or moves to, 0 to 43200 (30 days).</param>
/// <param name="BookAheadDays">How far ahead a patient may book: the last day is today plus this many days, 1 to 730.</param>
/// <param name="ChangeWindowMinutes">Patients change or cancel online until this long before the appointment, then call the clinic; 0 to 43200.</param>
/// <param name="MaxUpcoming">The most upcoming appointments a patient may hold from online bookings, 1 to 100.</param>
/// <param name="BookingMode">direct (booked at once) or request (staff approve or decline).</param>
internal sealed record BookingRulesView(int MinNoticeMinutes, int BookAheadDays, int ChangeWindowMinutes, int MaxUpcoming, string BookingMode)
{
    public static BookingRulesView Of(BookingRules rules) =>
        new(rules.MinNoticeMinutes, rules.BookAheadDays, rules.ChangeWindowMinutes, rules.MaxUpcoming, rules.BookingMode);

    public BookingRules ToRules() => new(MinNoticeMinutes, BookAheadDays, ChangeWindowMinutes, MaxUpcoming, BookingMode);
}

/// <param name="Own">The type's own rules; each one left null is the clinic's. Its maxUpcoming counts this type only.</param>
/// <param name="Clinic">The clinic's rules, which the type's own replace.</param>
internal sealed record TypeBookingRulesView(Guid TypeId, TypeBookingRules Own, BookingRulesView Clinic);

internal sealed record GetBookingRulesQuery : IQuery<BookingRulesView>;

internal sealed record SaveBookingRulesCommand(BookingRulesView Rules) : ICommand<BookingRulesView>, IChangesScheduleSetup;

internal sealed record GetTypeBookingRulesQuery(Guid TypeId) : IQuery<TypeBookingRulesView>;

internal sealed record SaveTypeBookingRulesCommand(Guid TypeId, TypeBookingRules Rules) : ICommand<TypeBookingRulesView>, IChangesScheduleSetup;

internal static class BookingRuleLimits
{
    public const int MaxMinutes = 43200;
    public const int MaxAheadDays = 730;
    public const int MaxUpcoming = 100;
}

internal sealed class SaveBookingRulesValidator : AbstractValidator<SaveBookingRulesCommand>
{
    public SaveBookingRulesValidator()
    {
        RuleFor(x => x.Rules.MinNoticeMinutes).InclusiveBetween(0, BookingRuleLimits.MaxMinutes).OverridePropertyName("minNoticeMinutes");
        RuleFor(x => x.Rules.BookAheadDays).InclusiveBetween(1, BookingRuleLimits.MaxAheadDays).OverridePropertyName("bookAheadDays");
        RuleFor(x => x.Rules.ChangeWindowMinutes).InclusiveBetween(0, BookingRuleLimits.MaxMinutes).OverridePropertyName("changeWindowMinutes");
        RuleFor(x => x.Rules.MaxUpcoming).InclusiveBetween(1, BookingRuleLimits.MaxUpcoming).OverridePropertyName("maxUpcoming");
        RuleFor(x => x.Rules.BookingMode).IsOneOf(BookingModes.All).OverridePropertyName("bookingMode");
        RuleFor(x => x.Rules.MinNoticeMinutes).Must((x, notice) => notice < x.Rules.BookAheadDays * 1440)
            .WithMessage("The minimum notice must be shorter than how far ahead patients may book, or nothing could be booked.")
            .WithErrorCode("notice_beyond_ahead").OverridePropertyName("minNoticeMinutes");
    }
}

internal sealed class SaveTypeBookingRulesValidator : AbstractValidator<SaveTypeBookingRulesCommand>
{
    public SaveTypeBookingRulesValidator()
    {
        RuleFor(x => x.Rules.MinNoticeMinutes).InclusiveBetween(0, BookingRuleLimits.MaxMinutes).OverridePropertyName("minNoticeMinutes");
        RuleFor(x => x.Rules.BookAheadDays).InclusiveBetween(1, BookingRuleLimits.MaxAheadDays).OverridePropertyName("bookAheadDays");
        RuleFor(x => x.Rules.ChangeWindowMinutes).InclusiveBetween(0, BookingRuleLimits.MaxMinutes).OverridePropertyName("changeWindowMinutes");
        RuleFor(x => x.Rules.MaxUpcoming).InclusiveBetween(1, BookingRuleLimits.MaxUpcoming).OverridePropertyName("maxUpcoming");
        RuleFor(x => x.Rules.BookingMode).IsOneOf(BookingModes.All).OverridePropertyName("bookingMode");
    }
}

internal sealed class GetBookingRulesHandler(BookingRulesStore store, ClinicContext clinic) : IRequestHandler<GetBookingRulesQuery, Result<BookingRulesView>>
{
    public async Task<Result<BookingRulesView>> Handle(GetBookingRulesQuery request, CancellationToken cancellationToken) =>
        BookingRulesView.Of(await store.ClinicAsync(clinic.ClinicId, cancellationToken));
}

internal sealed class SaveBookingRulesHandler(BookingRulesStore store, ClinicContext clinic, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SaveBookingRulesCommand, Result<BookingRulesView>>
{
    public async Task<Result<BookingRulesView>> Handle(SaveBookingRulesCommand request, CancellationToken cancellationToken)
    {
        await store.SaveClinicAsync(clinic.ClinicId, request.Rules.ToRules(), clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(new AuditEvent(AppointmentsAudit.RulesChanged, clinic.ClinicId, Details: request.Rules), cancellationToken);
        return request.Rules;
    }
}

internal sealed class GetTypeBookingRulesHandler(BookingRulesStore store, ClinicContext clinic)
    : IRequestHandler<GetTypeBookingRulesQuery, Result<TypeBookingRulesView>>
{
    public async Task<Result<TypeBookingRulesView>> Handle(GetTypeBookingRulesQuery request, CancellationToken cancellationToken)
    {
        var own = await store.OfTypeAsync(clinic.ClinicId, request.TypeId, cancellationToken);
        return own is null
            ? AppointmentsErrors.TypeNotFound
            : new TypeBookingRulesView(request.TypeId, own, BookingRulesView.Of(await store.ClinicAsync(clinic.ClinicId, cancellationToken)));
    }
}

internal sealed class SaveTypeBookingRulesHandler(BookingRulesStore store, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<SaveTypeBookingRulesCommand, Result<TypeBookingRulesView>>
{
    public async Task<Result<TypeBookingRulesView>> Handle(SaveTypeBookingRulesCommand request, CancellationToken cancellationToken)
    {
        if (!await store.SaveTypeAsync(clinic.ClinicId, request.TypeId, request.Rules, cancellationToken))
        {
            return AppointmentsErrors.TypeNotFound;
        }

        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.RulesChanged, clinic.ClinicId, "appointment_type", request.TypeId.ToString(), request.Rules), cancellationToken);
        return new TypeBookingRulesView(request.TypeId, request.Rules, BookingRulesView.Of(await store.ClinicAsync(clinic.ClinicId, cancellationToken)));
    }
}

internal sealed class BookingRulesEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapStaffAppointments("/rules")
            .MapGet("/", async Task<Results<Ok<BookingRulesView>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetBookingRulesQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetBookingRules")
            .WithSummary("The clinic's booking rules for patients online: minimum notice, how far ahead, change and cancel window, most upcoming, direct or request.")
            .WithDescription("Any staff member of the clinic. A clinic that never set them has the defaults: 120 minutes notice, 90 days ahead, a 1440-minute " +
                "window, 3 upcoming, direct.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        app.MapAppointmentsSetup("/rules")
            .MapPut("/", async Task<Results<Ok<BookingRulesView>, ErrorHttpResult>> (
                    BookingRulesView body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new SaveBookingRulesCommand(body), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("UpdateBookingRules")
            .ValidatedAs<SaveBookingRulesCommand>()
            .WithSummary("Replaces the clinic's booking rules for patients online; they apply to the next booking, change or cancellation.")
            .WithDescription("The clinic's owners and admins. 400 when a value is out of range, or notice_beyond_ahead when the minimum notice is not " +
                "shorter than how far ahead patients may book.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        app.MapStaffAppointments("/types/{typeId:guid}/rules")
            .MapGet("/", async Task<Results<Ok<TypeBookingRulesView>, ErrorHttpResult>> (
                    Guid typeId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetTypeBookingRulesQuery(typeId), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetTypeBookingRules")
            .WithSummary("An appointment type's own booking rules (null where it follows the clinic's), with the clinic's beside them.")
            .WithDescription("Any staff member of the clinic. Another clinic's type is 404 appointment_type_not_found.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        app.MapAppointmentsSetup("/types/{typeId:guid}/rules")
            .MapPut("/", async Task<Results<Ok<TypeBookingRulesView>, ErrorHttpResult>> (
                    Guid typeId, TypeBookingRules body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new SaveTypeBookingRulesCommand(typeId, body), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("UpdateTypeBookingRules")
            .ValidatedAs<SaveTypeBookingRulesCommand>()
            .WithSummary("Replaces an appointment type's own booking rules; each one left out or null follows the clinic's.")
            .WithDescription("The clinic's owners and admins. maxUpcoming here counts bookings of this type only; the clinic's limit on all types still " +
                "applies. Another clinic's type is 404 appointment_type_not_found; a value out of range is 400.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
