using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Contracts;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Identity.Features.PatientSignIn;

internal sealed record SignInIdTypes(IReadOnlyList<SignInIdType> IdTypes);

/// <summary>The ID type list of the sign-in page: the health cards, then the clinic's searchable types when S6 is on.</summary>
internal sealed class SignInIdTypesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal/sign-in")
            .MapGet("/id-types", async Task<Ok<SignInIdTypes>> (ClinicContext clinic, IPatientDirectory patients, CancellationToken cancellationToken) =>
                TypedResults.Ok(new SignInIdTypes(await patients.GetSignInIdTypesAsync(clinic.ClinicId, cancellationToken))))
            .AllowAnonymous()
            .WithTags("Portal")
            .WithName("GetSignInIdTypes")
            .WithSummary("The ID types patients may sign in with at this clinic.")
            .ProducesProblems(StatusCodes.Status404NotFound);
}
