using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Appointments.Scheduling;
using Portal.Appointments.Visits;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.Visits;

/// <param name="CodeLeadMinutes">How long before a virtual appointment its access code is sent to the patient.</param>
/// <param name="OpensBeforeMinutes">How long before the start the visit's room admits the patient and the provider.</param>
/// <param name="ClosesAfterMinutes">How long after the end the room still admits them.</param>
/// <param name="IsDefault">True while the clinic has not saved its own: the code 5 minutes before, the room from 15 minutes before to 30 after.</param>
internal sealed record VisitSettingsView(int CodeLeadMinutes, int OpensBeforeMinutes, int ClosesAfterMinutes, bool IsDefault);

/// <param name="CodeLeadMinutes">1 to 120.</param>
/// <param name="OpensBeforeMinutes">0 to 120.</param>
/// <param name="ClosesAfterMinutes">0 to 240.</param>
internal sealed record SaveVisitSettingsCommand(int CodeLeadMinutes, int OpensBeforeMinutes, int ClosesAfterMinutes) : ICommand<VisitSettingsView>;

internal sealed record GetVisitSettingsQuery : IQuery<VisitSettingsView>;

internal sealed class SaveVisitSettingsValidator : AbstractValidator<SaveVisitSettingsCommand>
{
    public SaveVisitSettingsValidator()
    {
        RuleFor(x => x.CodeLeadMinutes).InclusiveBetween(1, VisitSettings.MaxCodeLeadMinutes);
        RuleFor(x => x.OpensBeforeMinutes).InclusiveBetween(0, VisitSettings.MaxOpensBeforeMinutes);
        RuleFor(x => x.ClosesAfterMinutes).InclusiveBetween(0, VisitSettings.MaxClosesAfterMinutes);
    }
}

internal sealed class GetVisitSettingsHandler(VisitSettingsStore store, ClinicContext clinic) : IRequestHandler<GetVisitSettingsQuery, Result<VisitSettingsView>>
{
    public async Task<Result<VisitSettingsView>> Handle(GetVisitSettingsQuery request, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(clinic.ClinicId, cancellationToken);
        return new VisitSettingsView(settings.CodeLeadMinutes, settings.OpensBeforeMinutes, settings.ClosesAfterMinutes, settings.IsDefault);
    }
}

internal sealed class SaveVisitSettingsHandler(VisitSettingsStore store, ClinicContext clinic, IActorContext actor, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SaveVisitSettingsCommand, Result<VisitSettingsView>>
{
    public async Task<Result<VisitSettingsView>> Handle(SaveVisitSettingsCommand request, CancellationToken cancellationToken)
    {
        var saved = await store.SaveAsync(
            clinic.ClinicId, request.CodeLeadMinutes, request.OpensBeforeMinutes, request.ClosesAfterMinutes, actor.Actor.Id, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.VisitSettingsSaved, clinic.ClinicId, "visit_settings", clinic.ClinicId.ToString(), request),
            cancellationToken);
        return new VisitSettingsView(saved.CodeLeadMinutes, saved.OpensBeforeMinutes, saved.ClosesAfterMinutes, false);
    }
}

internal sealed class VisitSettingsEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapAppointmentsSetup("/visit-settings");
        group.MapGet("/", async Task<Results<Ok<VisitSettingsView>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetVisitSettingsQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetVisitSettings")
            .WithSummary("The clinic's virtual visits: when the access code goes out, and when the room opens and closes around the appointment.")
            .WithDescription("The clinic's owners and admins.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapPut("/", async Task<Results<Ok<VisitSettingsView>, ErrorHttpResult>> (
                    SaveVisitSettingsCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(command, cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("SaveVisitSettings")
            .WithSummary("Sets when virtual visits' access codes go out (1 to 120 minutes before) and when their rooms open (0 to 120 minutes before) and close (0 to 240 minutes after the end).")
            .WithDescription("The clinic's owners and admins. Codes already sent stay sent.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }
}
