using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Settings.Contracts;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Messaging.Features.Bulk;

internal sealed record PreviewBulkMessageQuery(BulkGroup Group) : IQuery<BulkMessagePreview>;

/// <param name="Selected">Patients in the group.</param>
/// <param name="WouldSend">Those who would get the message and its notification.</param>
/// <param name="Skipped">Those who would be skipped: without portal access (or the portal off), inactive, or without an address for their preferred channel.</param>
internal sealed record BulkMessagePreview(int Selected, int WouldSend, int Skipped, int SkippedNoPortalAccess, int SkippedInactive, int SkippedNoUsableContact);

internal sealed class PreviewBulkMessageValidator : AbstractValidator<PreviewBulkMessageQuery>
{
    public PreviewBulkMessageValidator() => RuleFor(x => x.Group).NotNull().SetValidator(new BulkGroupValidator());
}

internal sealed class PreviewBulkMessageHandler(ClinicContext clinic, IPortalSettings settings, BulkGroupCounter counter)
    : IRequestHandler<PreviewBulkMessageQuery, Result<BulkMessagePreview>>
{
    public async Task<Result<BulkMessagePreview>> Handle(PreviewBulkMessageQuery request, CancellationToken cancellationToken)
    {
        var portal = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        var count = await counter.CountAsync(clinic.ClinicId, request.Group, portal is { PortalEnabled: true }, cancellationToken);
        return new BulkMessagePreview(
            count.Selected, count.WouldSend, count.Skipped, count.SkippedNoPortalAccess, count.SkippedInactive, count.SkippedNoUsableContact);
    }
}

internal sealed class PreviewBulkMessageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapStaffMessaging()
            .MapPost("/bulk/preview", async Task<Results<Ok<BulkMessagePreview>, ErrorHttpResult>> (
                    PreviewBulkMessageQuery query, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(query, cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("PreviewBulkMessage")
            .ValidatedAs<PreviewBulkMessageQuery>()
            .WithSummary("Counts the patients a bulk message to this group would reach, and how many would be skipped and why.")
            .WithDescription(
                "For the clinic's staff. The group takes the patient search's filters: search text, active or not, portal access, born before " +
                "and born on or after a date. Nothing is sent and nothing is stored.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
