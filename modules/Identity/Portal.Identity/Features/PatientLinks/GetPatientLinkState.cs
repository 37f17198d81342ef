using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Patients;
using Portal.Settings.Contracts;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Identity.Features.PatientLinks;

[ValidatedAs(typeof(GetPatientLinkStateQuery))]
internal sealed record PatientLinkStateBody(string Token);

/// <summary>What the link page shows first. Nothing in it is about the patient.</summary>
/// <param name="State"><c>usable</c>, <c>used</c>, or <c>expired</c> (its time ran out, or five wrong tries).</param>
/// <param name="SignInWith">The clinic's S10 choice: <c>passcode</c> (quick passcode and date of birth) or <c>identifier</c> (ID and date of birth).</param>
/// <param name="PasscodeTimeoutMinutes">How long the clinic's quick passcodes work (S8), for the page to say.</param>
internal sealed record PatientLinkState(string State, string SignInWith, int PasscodeTimeoutMinutes);

/// <summary>The state of a notification link. The token travels in a body, never in an address a log or proxy records.</summary>
internal sealed record GetPatientLinkStateQuery(string Token) : IRequest<Result<PatientLinkState>>;

internal sealed class GetPatientLinkStateValidator : AbstractValidator<GetPatientLinkStateQuery>
{
    public GetPatientLinkStateValidator()
    {
        RuleFor(x => x.Token).NotEmpty().MaximumLength(100);
    }
}

internal sealed class GetPatientLinkStateHandler(ClinicContext clinic, PatientLinkStore links, IPortalSettings settings, TimeProvider clock)
    : IRequestHandler<GetPatientLinkStateQuery, Result<PatientLinkState>>
{
    public async Task<Result<PatientLinkState>> Handle(GetPatientLinkStateQuery request, CancellationToken cancellationToken)
    {
        var link = await links.FindAsync(clinic.ClinicId, SecureTokens.Hash(request.Token), clock.GetUtcNow(), forUpdate: false, cancellationToken);
        if (link is null)
        {
            return PatientLinkErrors.NotFound;
        }

        var portal = await settings.GetAsync(clinic.ClinicId, cancellationToken);
        return new PatientLinkState(
            link.StateAt(clock.GetUtcNow()), PatientLinkErrors.SignInWith(portal), portal?.PasscodeTimeoutMinutes ?? PasscodeTimeouts.DefaultMinutes);
    }
}

/// <summary>The answers the link endpoints share.</summary>
internal static class PatientLinkErrors
{
    public static readonly Error NotFound = Error.NotFound("link_not_found", "This link does not work. Sign in to the portal instead.");

    public static readonly Error Unusable = Error.Validation(
        "link_expired", "This link's passcode has expired or was already used. Ask for a new quick passcode, or sign in to the portal.");

    public static readonly Error DetailsInvalid = Error.Validation("details_invalid", "The details are wrong. Check them and try again.");

    public static string SignInWith(PortalSettingsSnapshot? portal) =>
        portal?.NotificationSignIn == NotificationSignInMethod.IdentifierAndBirthDate ? "identifier" : "passcode";
}

internal sealed class GetPatientLinkStateEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/links")
            .MapPost("/state", async Task<Results<Ok<PatientLinkState>, ErrorHttpResult>> (
                PatientLinkStateBody body, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetPatientLinkStateQuery(body.Token), cancellationToken)).ToHttp(TypedResults.Ok))
            .AsPatientSignInStep()
            .WithName("GetPatientLinkState")
            .WithSummary("Whether a notification link can still sign in, and what the clinic asks for with it (S10).")
            .WithDescription("Anyone holding the link may call it; it says nothing about the patient. Changes nothing.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
}
