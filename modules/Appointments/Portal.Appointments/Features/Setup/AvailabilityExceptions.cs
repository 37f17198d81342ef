using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Appointments.Features.Setup;

internal static class ExceptionKinds
{
    public const string Unavailable = "unavailable";
    public const string Extra = "extra";

    public static IReadOnlyList<string> All { get; } = [Unavailable, Extra];
}

/// <param name="Kind">unavailable (holidays, vacations, an afternoon off) or extra (hours beyond the usual week).</param>
/// <param name="Start">With end, the hours of each day it covers; left out (unavailable only), whole days.</param>
internal sealed record AvailabilityExceptionView(
    Guid Id, string Kind, DateOnly StartsOn, DateOnly EndsOn, TimeOnly? Start, TimeOnly? End, Guid? LocationId, string? Reason);

internal sealed record AvailabilityExceptionList(IReadOnlyList<AvailabilityExceptionView> Items);

/// <param name="Kind">unavailable or extra.</param>
/// <param name="StartsOn">First day, in the clinic's calendar.</param>
/// <param name="EndsOn">Last day (the same as startsOn for one day), at most 366 days later.</param>
/// <param name="Start">With end: the hours on each of those days. Required for extra hours; left out for whole days off.</param>
/// <param name="LocationId">Where the extra hours are; required for extra, not used for unavailable.</param>
/// <param name="Reason">For staff (holiday, conference…); patients never see it.</param>
internal sealed record AvailabilityExceptionBody(
    string Kind, DateOnly StartsOn, DateOnly EndsOn, TimeOnly? Start = null, TimeOnly? End = null, Guid? LocationId = null, string? Reason = null);

internal sealed record AddAvailabilityExceptionCommand(Guid ProviderId, AvailabilityExceptionBody Exception) : ICommand<AvailabilityExceptionView>, IChangesScheduleSetup;

internal sealed record RemoveAvailabilityExceptionCommand(Guid ProviderId, Guid ExceptionId) : ICommand, IChangesScheduleSetup;

internal sealed record ListAvailabilityExceptionsQuery(Guid ProviderId) : IQuery<AvailabilityExceptionList>;

internal sealed class AddAvailabilityExceptionValidator : AbstractValidator<AddAvailabilityExceptionCommand>
{
    public AddAvailabilityExceptionValidator()
    {
        RuleFor(x => x.Exception.Kind).IsOneOf(ExceptionKinds.All).OverridePropertyName("kind");
        RuleFor(x => x.Exception.EndsOn).Must((x, end) => end >= x.Exception.StartsOn && end.DayNumber - x.Exception.StartsOn.DayNumber <= 366)
            .WithMessage("The last day is on or after the first, at most 366 days later.").OverridePropertyName("endsOn");
        RuleFor(x => x.Exception.End).Must((x, end) => (end is null) == (x.Exception.Start is null) && (end is null || end > x.Exception.Start))
            .WithMessage("Give both start and end, end after start, or neither for whole days.").OverridePropertyName("end");
        RuleFor(x => x.Exception.Start).Must((x, start) => x.Exception.Kind != ExceptionKinds.Extra || start is not null)
            .WithMessage("Extra hours need their start and end.").OverridePropertyName("start");
        RuleFor(x => x.Exception.LocationId).Must((x, location) => (x.Exception.Kind == ExceptionKinds.Extra) == (location is not null))
            .WithMessage("Extra hours need a location; time off has none.").OverridePropertyName("locationId");
        RuleFor(x => x.Exception.Reason).MaximumLength(200).Must(r => r is null || r.Trim().Length > 0)
            .WithMessage("Leave the reason out rather than blank.").OverridePropertyName("reason");
    }
}

internal sealed class AddAvailabilityExceptionHandler(IDbSession db, ClinicContext clinic, TimeProvider clock)
    : IRequestHandler<AddAvailabilityExceptionCommand, Result<AvailabilityExceptionView>>
{
    public async Task<Result<AvailabilityExceptionView>> Handle(AddAvailabilityExceptionCommand request, CancellationToken cancellationToken)
    {
        if (!await SetupViews.ProviderExistsAsync(db, clinic.ClinicId, request.ProviderId, cancellationToken))
        {
            return AppointmentsErrors.ProviderNotFound;
        }

        var body = request.Exception;
        if (body.LocationId is { } location && !await SetupViews.LocationExistsAsync(db, clinic.ClinicId, location, cancellationToken))
        {
            return AppointmentsErrors.UnknownLocation;
        }

        var view = new AvailabilityExceptionView(
            Guid.CreateVersion7(clock.GetUtcNow()), body.Kind, body.StartsOn, body.EndsOn, body.Start, body.End, body.LocationId, body.Reason?.Trim());
        await db.ExecuteAsync(
            """
            insert into appointments.availability_exceptions
                (id, clinic_id, provider_id, kind, starts_on, ends_on, start_time, end_time, location_id, reason, created_at)
            values (@Id, @ClinicId, @ProviderId, @Kind, @StartsOn, @EndsOn, @Start, @End, @LocationId, @Reason, @Now)
            """,
            new
            {
                view.Id, clinic.ClinicId, request.ProviderId, view.Kind, view.StartsOn, view.EndsOn, view.Start, view.End, view.LocationId, view.Reason,
                Now = clock.GetUtcNow(),
            },
            cancellationToken);
        return view;
    }
}

internal sealed class RemoveAvailabilityExceptionHandler(IDbSession db, ClinicContext clinic) : IRequestHandler<RemoveAvailabilityExceptionCommand, Result>
{
    public async Task<Result> Handle(RemoveAvailabilityExceptionCommand request, CancellationToken cancellationToken) =>
        await db.ExecuteAsync(
            "delete from appointments.availability_exceptions where clinic_id = @ClinicId and provider_id = @ProviderId and id = @ExceptionId",
            new { clinic.ClinicId, request.ProviderId, request.ExceptionId },
            cancellationToken) == 0
            ? AppointmentsErrors.ExceptionNotFound
            : Result.Success;
}

internal sealed class ListAvailabilityExceptionsHandler(IDbSession db, ClinicContext clinic)
    : IRequestHandler<ListAvailabilityExceptionsQuery, Result<AvailabilityExceptionList>>
{
    public async Task<Result<AvailabilityExceptionList>> Handle(ListAvailabilityExceptionsQuery request, CancellationToken cancellationToken)
    {
        if (!await SetupViews.ProviderExistsAsync(db, clinic.ClinicId, request.ProviderId, cancellationToken))
        {
            return AppointmentsErrors.ProviderNotFound;
        }

        return new AvailabilityExceptionList(await db.QueryAsync<AvailabilityExceptionView>(
            """
            select id, kind, starts_on, ends_on, start_time as start, end_time as "end", location_id, reason
            from appointments.availability_exceptions where clinic_id = @ClinicId and provider_id = @ProviderId
            order by starts_on, start_time nulls first, id
            """,
            new { clinic.ClinicId, request.ProviderId },
            cancellationToken));
    }
}

internal sealed class AvailabilityExceptionEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapProviderListing(
            "/exceptions",
            providerId => new ListAvailabilityExceptionsQuery(providerId),
            new("ListAvailabilityExceptions", "A provider's dated changes to the usual week: time off and extra hours, by first day."));

        var setup = app.MapAppointmentsSetup("/providers/{providerId:guid}/exceptions");
        setup.MapPost("/", async Task<Results<Created<AvailabilityExceptionView>, ErrorHttpResult>> (
                    Guid providerId, AvailabilityExceptionBody body, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                (await mediator.Send(new AddAvailabilityExceptionCommand(providerId, body), cancellationToken))
                .ToHttp(view => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/appointments/providers/{providerId}/exceptions/{view.Id}", view)))
            .WithName("AddAvailabilityException")
            .ValidatedAs<AddAvailabilityExceptionCommand>()
            .WithSummary("Adds time off (holidays, vacations; whole days or some hours) or extra hours at a location, on each day of a date range.")
            .WithDescription("The clinic's owners and admins. Appointments already booked in time off stay booked; only new slots are affected.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        setup.MapDelete("/{exceptionId:guid}", async Task<Results<NoContent, ErrorHttpResult>> (
                    Guid providerId, Guid exceptionId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new RemoveAvailabilityExceptionCommand(providerId, exceptionId), cancellationToken)).ToHttp())
            .WithName("RemoveAvailabilityException")
            .WithSummary("Removes a dated change, giving the provider back their usual week on those days.")
            .WithDescription("The clinic's owners and admins.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
