using System.Text.Json;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Features.StaffAppointments;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.StaffCalendar;

/// <param name="LocationId">Where the provider works then.</param>
/// <param name="StartsAt">In the clinic's time zone, with the offset in force that day.</param>
internal sealed record CalendarHoursView(Guid LocationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <param name="Reason">What the clinic noted (vacation, training…), if anything.</param>
internal sealed record CalendarAwayView(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason);

/// <param name="Hours">When the provider works on these days (usual week and extra hours, less time off): the time a calendar shades as open.</param>
/// <param name="Away">Time off on these days.</param>
internal sealed record CalendarProviderView(
    Guid Id, string Name, string? Title, bool Active, IReadOnlyList<CalendarHoursView> Hours, IReadOnlyList<CalendarAwayView> Away);

/// <param name="From">First day shown, in the clinic's calendar.</param>
/// <param name="To">Last day shown.</param>
/// <param name="Appointments">Every appointment meeting those days, whatever its status, by start time.</param>
internal sealed record StaffCalendarView(
    string TimeZone, DateOnly From, DateOnly To, IReadOnlyList<CalendarProviderView> Providers, IReadOnlyList<StaffAppointmentView> Appointments);

/// <param name="From">First day, in the clinic's calendar.</param>
/// <param name="To">Last day, at most 6 days after the first (a week); the first day when left out.</param>
/// <param name="ProviderId">Only this provider's appointments and hours.</param>
/// <param name="LocationId">Only appointments and hours at this location.</param>
internal sealed record ReadStaffCalendarQuery(DateOnly? From, DateOnly? To, Guid? ProviderId, Guid? LocationId) : IQuery<StaffCalendarView>
{
    /// <summary>The most days one calendar covers.</summary>
    public const int MaxDays = 7;

    public DateOnly LastDay => To ?? From!.Value;
}

internal sealed class ReadStaffCalendarValidator : AbstractValidator<ReadStaffCalendarQuery>
{
    public ReadStaffCalendarValidator()
    {
        RuleFor(x => x.From).NotNull();
        RuleFor(x => x.To)
            .Must((x, to) => x.From is null || to is null || (to >= x.From && to.Value.DayNumber - x.From.Value.DayNumber < ReadStaffCalendarQuery.MaxDays))
            .WithMessage($"The last day is on or after the first, fewer than {ReadStaffCalendarQuery.MaxDays} days later.").WithErrorCode("range_invalid");
    }
}

internal sealed class ReadStaffCalendarHandler(IDbSession db, ClinicContext clinic, StaffAppointmentViews views, IAuditLog audit)
    : IRequestHandler<ReadStaffCalendarQuery, Result<StaffCalendarView>>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record ProviderRow(Guid Id, string Name, string? Title, bool Active, string Weekly, string Changes);

    public async Task<Result<StaffCalendarView>> Handle(ReadStaffCalendarQuery request, CancellationToken cancellationToken)
    {
        var from = request.From!.Value;
        var to = request.LastDay;
        if (request.LocationId is { } locationId && !await db.QuerySingleAsync<bool>(
                "select exists (select 1 from appointments.locations where clinic_id = @ClinicId and id = @locationId)",
                new { clinic.ClinicId, locationId },
                cancellationToken))
        {
            return AppointmentsErrors.LocationNotFound;
        }

        var providers = await ProvidersAsync(request.ProviderId, from, to, cancellationToken);
        if (request.ProviderId is not null && providers.Count == 0)
        {
            return AppointmentsErrors.ProviderNotFound;
        }

        var zone = views.Zone;
        var rangeFrom = ClinicTime.ToInstant(zone, from, TimeOnly.MinValue, RepeatedTime.First);
        var rangeTo = ClinicTime.ToInstant(zone, to.AddDays(1), TimeOnly.MinValue, RepeatedTime.First);
        var appointments = await views.ViewsAsync(
            await views.RowsAsync(new StaffAppointmentFilter(null, rangeFrom, rangeTo, request.ProviderId, request.LocationId), cancellationToken),
            cancellationToken);

        var shown = new List<CalendarProviderView>();
        foreach (var provider in providers)
        {
            var (working, away) = WorkingHours.For(
                zone, from, to, JsonSerializer.Deserialize<List<WeeklyWindow>>(provider.Weekly, Json)!,
                JsonSerializer.Deserialize<List<CalendarChange>>(provider.Changes, Json)!);
            var hours = working.Where(w => request.LocationId is null || w.LocationId == request.LocationId)
                .Select(w => new CalendarHoursView(w.LocationId, ClinicTime.InZone(zone, w.From), ClinicTime.InZone(zone, w.To)))
                .ToList();
            // At one location, a provider belongs in its calendar while they work or see someone there.
            if (request.LocationId is not null && hours.Count == 0 && !appointments.Any(a => a.Provider.Id == provider.Id))
            {
                continue;
            }

            shown.Add(new CalendarProviderView(
                provider.Id, provider.Name, provider.Title, provider.Active, hours,
                away.Select(a => new CalendarAwayView(ClinicTime.InZone(zone, a.From), ClinicTime.InZone(zone, a.To), a.Reason)).ToList()));
        }

        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.CalendarViewed, clinic.ClinicId, Details: new
            {
                by = "staff", from, to, request.ProviderId, request.LocationId, results = appointments.Count,
            }),
            cancellationToken);
        return new StaffCalendarView(clinic.Clinic.TimeZone, from, to, shown, appointments);
    }

    /// <summary>The providers shown (the one asked for, else the active ones) with their week and the dated changes meeting the days, in one query.</summary>
    private async Task<IReadOnlyList<ProviderRow>> ProvidersAsync(Guid? providerId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        await db.QueryAsync<ProviderRow>(
            """
            select p.id, p.name, p.title, p.active,
                   coalesce((select json_agg(json_build_object(
                                 'providerId', w.provider_id, 'locationId', w.location_id, 'weekday', w.weekday, 'start', w.start_time, 'end', w.end_time))
                             from appointments.weekly_availability w
                             join appointments.locations l on l.clinic_id = w.clinic_id and l.id = w.location_id
                             where w.clinic_id = p.clinic_id and w.provider_id = p.id and l.active), '[]')::text as weekly,
                   coalesce((select json_agg(json_build_object(
                                 'extra', e.kind = 'extra', 'startsOn', e.starts_on, 'endsOn', e.ends_on, 'start', e.start_time, 'end', e.end_time,
                                 'locationId', e.location_id, 'reason', e.reason))
                             from appointments.availability_exceptions e
                             left join appointments.locations l on l.clinic_id = e.clinic_id and l.id = e.location_id
                             where e.clinic_id = p.clinic_id and e.provider_id = p.id and e.starts_on <= @to and e.ends_on >= @from
                               and (e.kind = 'unavailable' or l.active)), '[]')::text as changes
            from appointments.providers p
            where p.clinic_id = @ClinicId and (p.id = @providerId or (@providerId::uuid is null and p.active))
            order by p.name, p.id
            """,
            new { clinic.ClinicId, providerId, from, to },
            cancellationToken);
}

internal sealed class ReadStaffCalendarEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffAppointments("/calendar")
            .MapGet("/", async Task<Results<Ok<StaffCalendarView>, ErrorHttpResult>> (
                    DateOnly? from, DateOnly? to, Guid? providerId, Guid? locationId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ReadStaffCalendarQuery(from, to, providerId, locationId), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ReadStaffCalendar")
            .ValidatedAs<ReadStaffCalendarQuery>()
            .WithSummary("The clinic's appointments on a day or a week (from, to: at most 7 days), for the clinic, one provider or one location, " +
                "with the providers' working hours and time off so a calendar can shade open time.")
            .WithDescription("Any staff member of the clinic. Times are in the clinic's time zone; patients are named from the registry. " +
                "404 provider_not_found or location_not_found for an id that is not the clinic's.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
}
