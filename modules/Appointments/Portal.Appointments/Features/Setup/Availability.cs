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

namespace Portal.Appointments.Features.Setup;

/// <summary>Hours on one weekday at one location, in the clinic's wall-clock time.</summary>
/// <param name="Weekday">1 = Monday … 7 = Sunday.</param>
internal sealed record AvailabilityWindow(Guid LocationId, int Weekday, TimeOnly Start, TimeOnly End);

internal sealed record WeeklyAvailabilityView(Guid ProviderId, string TimeZone, IReadOnlyList<AvailabilityWindow> Windows);

/// <param name="Windows">The provider's whole usual week (at most 50 windows); what is not listed is removed.</param>
internal sealed record WeeklyAvailabilityBody(IReadOnlyList<AvailabilityWindow> Windows);

internal sealed record ReplaceWeeklyAvailabilityCommand(Guid ProviderId, IReadOnlyList<AvailabilityWindow> Windows) : ICommand<WeeklyAvailabilityView>, IChangesScheduleSetup;

internal sealed record GetWeeklyAvailabilityQuery(Guid ProviderId) : IQuery<WeeklyAvailabilityView>;

internal sealed class ReplaceWeeklyAvailabilityValidator : AbstractValidator<ReplaceWeeklyAvailabilityCommand>
{
    public ReplaceWeeklyAvailabilityValidator()
    {
        RuleFor(x => x.Windows).Must(w => w.Count <= 50).WithMessage("At most 50 windows.");
        RuleForEach(x => x.Windows).ChildRules(window =>
        {
            window.RuleFor(w => w.Weekday).InclusiveBetween(1, 7);
            window.RuleFor(w => w.End).GreaterThan(w => w.Start).WithMessage("A window ends after it starts, on the same day.");
        });
    }
}

internal sealed class ReplaceWeeklyAvailabilityHandler(IDbSession db, ClinicContext clinic, TimeProvider clock)
    : IRequestHandler<ReplaceWeeklyAvailabilityCommand, Result<WeeklyAvailabilityView>>
{
    public async Task<Result<WeeklyAvailabilityView>> Handle(ReplaceWeeklyAvailabilityCommand request, CancellationToken cancellationToken)
    {
        if (!await SetupViews.ProviderExistsAsync(db, clinic.ClinicId, request.ProviderId, cancellationToken))
        {
            return AppointmentsErrors.ProviderNotFound;
        }

        foreach (var location in request.Windows.Select(w => w.LocationId).Distinct())
        {
            if (!await SetupViews.LocationExistsAsync(db, clinic.ClinicId, location, cancellationToken))
            {
                return AppointmentsErrors.UnknownLocation;
            }
        }

        if (request.Windows.GroupBy(w => w.Weekday).Any(day => Overlap(day.OrderBy(w => w.Start).ToList())))
        {
            return AppointmentsErrors.WindowsOverlap;
        }

        await db.ExecuteAsync(
            "delete from appointments.weekly_availability where clinic_id = @ClinicId and provider_id = @ProviderId",
            new { clinic.ClinicId, request.ProviderId },
            cancellationToken);
        foreach (var window in request.Windows)
        {
            await db.ExecuteAsync(
                """
                insert into appointments.weekly_availability (id, clinic_id, provider_id, location_id, weekday, start_time, end_time)
                values (@Id, @ClinicId, @ProviderId, @LocationId, @Weekday, @Start, @End)
                """,
                new
                {
                    Id = Guid.CreateVersion7(clock.GetUtcNow()), clinic.ClinicId, request.ProviderId, window.LocationId, Weekday = (short)window.Weekday,
                    window.Start, window.End,
                },
                cancellationToken);
        }

        return await AvailabilityViews.WeeklyAsync(db, clinic, request.ProviderId, cancellationToken);
    }

    private static bool Overlap(List<AvailabilityWindow> sorted) => sorted.Zip(sorted.Skip(1)).Any(pair => pair.Second.Start < pair.First.End);
}

internal sealed class GetWeeklyAvailabilityHandler(IDbSession db, ClinicContext clinic)
    : IRequestHandler<GetWeeklyAvailabilityQuery, Result<WeeklyAvailabilityView>>
{
    public async Task<Result<WeeklyAvailabilityView>> Handle(GetWeeklyAvailabilityQuery request, CancellationToken cancellationToken) =>
        await SetupViews.ProviderExistsAsync(db, clinic.ClinicId, request.ProviderId, cancellationToken)
            ? await AvailabilityViews.WeeklyAsync(db, clinic, request.ProviderId, cancellationToken)
            : AppointmentsErrors.ProviderNotFound;
}

internal static class AvailabilityViews
{
    public static async Task<WeeklyAvailabilityView> WeeklyAsync(IDbSession db, ClinicContext clinic, Guid providerId, CancellationToken cancellationToken) =>
        new(providerId, clinic.Clinic.TimeZone, await db.QueryAsync<AvailabilityWindow>(
            """
            select location_id, weekday::int as weekday, start_time as start, end_time as "end"
            from appointments.weekly_availability where clinic_id = @ClinicId and provider_id = @providerId
            order by weekday, start_time
            """,
            new { clinic.ClinicId, providerId },
            cancellationToken));
}

internal sealed class WeeklyAvailabilityEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapProviderListing(
            "/availability",
            providerId => new GetWeeklyAvailabilityQuery(providerId),
            new("GetWeeklyAvailability", "A provider's usual week: hours per weekday and location, in the clinic's time zone."));

        app.MapAppointmentsSetup("/providers/{providerId:guid}/availability")
            .MapPut("/", async Task<Results<Ok<WeeklyAvailabilityView>, ErrorHttpResult>> (
                    Guid providerId, WeeklyAvailabilityBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ReplaceWeeklyAvailabilityCommand(providerId, body.Windows), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ReplaceWeeklyAvailability")
            .ValidatedAs<ReplaceWeeklyAvailabilityCommand>()
            .WithSummary("Replaces a provider's usual week; wall-clock times in the clinic's time zone, kept across daylight-saving changes.")
            .WithDescription("The clinic's owners and admins. Windows of one weekday may not overlap, even at different locations (400 windows_overlap).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
