using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.Setup;

internal sealed record LocationView(Guid Id, string Name, string? Address, bool Active);

internal sealed record LocationList(IReadOnlyList<LocationView> Items);

/// <param name="Address">As patients should read it, on one or several lines.</param>
/// <param name="Active">An inactive location offers no new slots.</param>
internal sealed record LocationBody(string Name, string? Address = null, bool Active = true);

internal sealed record SaveLocationCommand(Guid? Id, LocationBody Location) : ICommand<LocationView>, IChangesScheduleSetup;

internal sealed record ListLocationsQuery : IQuery<LocationList>;

internal sealed class SaveLocationValidator : AbstractValidator<SaveLocationCommand>
{
    public SaveLocationValidator()
    {
        RuleFor(x => x.Location.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name");
        RuleFor(x => x.Location.Address).MaximumLength(500).Must(a => a is null || a.Trim().Length > 0)
            .WithMessage("Leave the address out rather than blank.").OverridePropertyName("address");
    }
}

internal sealed class SaveLocationHandler(IDbSession db, ClinicContext clinic, TimeProvider clock) : IRequestHandler<SaveLocationCommand, Result<LocationView>>
{
    public async Task<Result<LocationView>> Handle(SaveLocationCommand request, CancellationToken cancellationToken)
    {
        var body = request.Location;
        var view = new LocationView(request.Id ?? Guid.CreateVersion7(clock.GetUtcNow()), body.Name.Trim(), body.Address?.Trim(), body.Active);
        var parameters = new { view.Id, clinic.ClinicId, view.Name, view.Address, view.Active, Now = clock.GetUtcNow() };
        if (request.Id is null)
        {
            await db.ExecuteAsync(
                """
                insert into appointments.locations (id, clinic_id, name, address, active, created_at)
                values (@Id, @ClinicId, @Name, @Address, @Active, @Now)
                """,
                parameters,
                cancellationToken);
        }
        else if (await db.ExecuteAsync(
                     "update appointments.locations set name = @Name, address = @Address, active = @Active where clinic_id = @ClinicId and id = @Id",
                     parameters,
                     cancellationToken) == 0)
        {
            return AppointmentsErrors.LocationNotFound;
        }

        return view;
    }
}

internal sealed class ListLocationsHandler(IDbSession db, ClinicContext clinic) : IRequestHandler<ListLocationsQuery, Result<LocationList>>
{
    public async Task<Result<LocationList>> Handle(ListLocationsQuery request, CancellationToken cancellationToken) =>
        new LocationList(await db.QueryAsync<LocationView>(
            "select id, name, address, active from appointments.locations where clinic_id = @ClinicId order by active desc, name, id",
            new { clinic.ClinicId },
            cancellationToken));
}

internal sealed class LocationEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSetupResource<LocationBody, LocationView, LocationList, SaveLocationCommand>(
            "/locations",
            () => new ListLocationsQuery(),
            (id, body) => new SaveLocationCommand(id, body),
            view => view.Id,
            new("ListLocations", "The clinic's locations, active ones first, by name."),
            new("CreateLocation", "Adds a place where providers see patients in person."),
            new("UpdateLocation", "Changes a location; active false offers no new slots there."));
}
