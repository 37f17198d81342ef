using Carter;
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

namespace Portal.Appointments.Features.MyAppointments;

/// <param name="Languages">Languages the provider speaks, as ISO 639 codes (en, fr, es…).</param>
internal sealed record BookableProvider(Guid Id, string Name, string? Title, IReadOnlyList<string> Languages);

/// <param name="Mode">in_person or virtual.</param>
/// <param name="Providers">The type's active providers, by name; the patient picks one or any of them.</param>
/// <param name="Locations">Where its providers see patients for it; empty for a virtual type.</param>
internal sealed record BookableType(
    Guid Id, string NameEn, string NameFr, int DurationMinutes, string Mode, IReadOnlyList<BookableProvider> Providers,
    IReadOnlyList<MyAppointmentLocation> Locations);

/// <param name="TimeZone">The clinic's time zone, in which its days and free slots are given.</param>
internal sealed record BookableTypeList(string TimeZone, IReadOnlyList<BookableType> Items);

internal sealed record ListMyBookableTypesQuery : IQuery<BookableTypeList>;

internal sealed class ListMyBookableTypesHandler(IDbSession db, ClinicContext clinic, TimeProvider clock)
    : IRequestHandler<ListMyBookableTypesQuery, Result<BookableTypeList>>
{
    private sealed record TypeRow(Guid Id, string NameEn, string NameFr, int DurationMinutes, string Mode);

    // A class with settable members: Dapper does not pass PostgreSQL arrays to constructors.
    private sealed class ProviderRow
    {
        public Guid TypeId { get; init; }

        public Guid Id { get; init; }

        public string Name { get; init; } = "";

        public string? Title { get; init; }

        public string[] Languages { get; init; } = [];
    }

    private sealed record LocationRow(Guid TypeId, Guid Id, string Name, string? Address);

    public async Task<Result<BookableTypeList>> Handle(ListMyBookableTypesQuery request, CancellationToken cancellationToken)
    {
        var types = await db.QueryAsync<TypeRow>(
            """
            select t.id, t.name_en, t.name_fr, t.duration_minutes, t.mode
            from appointments.appointment_types t
            where t.clinic_id = @ClinicId and t.active and t.bookable_online
            order by t.name_en, t.id
            """,
            new { clinic.ClinicId },
            cancellationToken);
        var providers = await db.QueryAsync<ProviderRow>(
            """
            select tp.type_id, p.id, p.name, p.title, p.languages
            from appointments.type_providers tp
            join appointments.providers p on p.clinic_id = tp.clinic_id and p.id = tp.provider_id
            where tp.clinic_id = @ClinicId and p.active
            order by p.name, p.id
            """,
            new { clinic.ClinicId },
            cancellationToken);
        // In-person types are seen where their providers work: their usual week, or extra hours not yet over.
        var today = ClinicTime.LocalDate(ClinicTime.Zone(clinic.Clinic.TimeZone), clock.GetUtcNow());
        var locations = await db.QueryAsync<LocationRow>(
            """
            select distinct tp.type_id, l.id, l.name, l.address
            from appointments.type_providers tp
            join appointments.providers p on p.clinic_id = tp.clinic_id and p.id = tp.provider_id
            join (
                select clinic_id, provider_id, location_id from appointments.weekly_availability
                union
                select clinic_id, provider_id, location_id from appointments.availability_exceptions
                where kind = 'extra' and ends_on >= @today
            ) w on w.clinic_id = tp.clinic_id and w.provider_id = tp.provider_id
            join appointments.locations l on l.clinic_id = w.clinic_id and l.id = w.location_id
            where tp.clinic_id = @ClinicId and p.active and l.active
            order by l.name, l.id
            """,
            new { clinic.ClinicId, today },
            cancellationToken);

        var byType = providers.ToLookup(p => p.TypeId);
        var whereByType = locations.ToLookup(l => l.TypeId);
        return new BookableTypeList(
            clinic.Clinic.TimeZone,
            types
                .Where(t => byType[t.Id].Any())
                .Select(t => new BookableType(
                    t.Id, t.NameEn, t.NameFr, t.DurationMinutes, t.Mode,
                    byType[t.Id].Select(p => new BookableProvider(p.Id, p.Name, p.Title, p.Languages)).ToList(),
                    t.Mode == AppointmentModes.Virtual ? [] : whereByType[t.Id].Select(l => new MyAppointmentLocation(l.Id, l.Name, l.Address)).ToList()))
                .ToList());
    }
}

internal sealed class ListMyBookableTypesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyAppointments()
            .MapGet("/types", async Task<Results<Ok<BookableTypeList>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListMyBookableTypesQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListMyBookableTypes")
            .WithSummary("The appointment types the signed-in patient may book online: names in English and French, length, in person or virtual, " +
                "their active providers (name, title, languages) and, for in-person types, the locations.")
            .WithDescription("The signed-in patient of the clinic. Inactive and staff-only types, inactive providers and locations, and types with no " +
                "active provider are left out.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
