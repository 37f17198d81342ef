using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Settings.Contracts;
using Portal.Settings.Features.PortalSettings;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Settings.Features.PublicPortal;

/// <summary>What anyone at the clinic's portal address may know: its name, languages, time zone, whether the portal is on, its background.</summary>
/// <param name="TimeZone">The clinic's IANA time zone ("America/Toronto"): the pages show every time in it, whatever the browser's.</param>
/// <param name="RegistrationConsentEn">While self-registration is on, the clinic's consent text in English; null for the portal's own wording.</param>
internal sealed record PublicPortalView(
    string Slug,
    string ClinicName,
    string DefaultLanguage,
    string TimeZone,
    bool PortalEnabled,
    bool SelfRegistrationEnabled,
    string? BackgroundImageUrl,
    string? RegistrationConsentEn,
    string? RegistrationConsentFr);

internal sealed class GetPublicPortalEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal")
            .MapGet("/", Handle)
            .AllowAnonymous()
            .WithTags("Portal")
            .WithName("GetPublicPortal")
            .WithSummary("The clinic's public portal page: name, languages, time zone, whether the portal is on, background image.")
            .ProducesProblems(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<PublicPortalView>, ErrorHttpResult>> Handle(
        ClinicContext clinic, IPortalSettings settings, CancellationToken cancellationToken)
    {
        var current = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        if (current is null)
        {
            return Error.NotFound("clinic_not_found", "There is no clinic at this address.").ToHttp();
        }

        var info = clinic.Clinic;
        return TypedResults.Ok(new PublicPortalView(
            info.Slug,
            info.Name,
            info.DefaultLanguage,
            info.TimeZone,
            current.PortalEnabled,
            current.PortalEnabled && current.SelfRegistrationEnabled,
            current.BackgroundImageId is { } imageId ? BackgroundImageUrls.Public(info.Slug, imageId) : null,
            current.SelfRegistrationEnabled ? current.RegistrationConsentEn : null,
            current.SelfRegistrationEnabled ? current.RegistrationConsentFr : null));
    }
}
