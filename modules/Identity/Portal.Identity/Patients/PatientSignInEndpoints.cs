using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Shared.Results;
using Portal.Shared.Web;

namespace Portal.Identity.Patients;

/// <summary>What a completed patient sign-in answers, with the session cookie to set beside the body.</summary>
internal interface IPatientSessionIssued
{
    string SessionToken { get; }

    DateTimeOffset? CookieExpires { get; }
}

/// <summary>What every step of patient sign-in (by passcode or by notification link) shares.</summary>
internal static class PatientSignInEndpoints
{
    /// <summary>Open to anyone, rate-limited per client address (P8), listed under Portal.</summary>
    public static RouteHandlerBuilder AsPatientSignInStep(this RouteHandlerBuilder builder) =>
        builder
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithTags("Portal")
            .ProducesProblems(StatusCodes.Status429TooManyRequests);

    /// <summary>Sets the patient session cookie (never the body's business) and answers 200 with the body.</summary>
    public static Ok<T> SignedIn<T>(HttpResponse response, T signedIn)
        where T : IPatientSessionIssued
    {
        PatientSessionCookie.Append(response, signedIn.SessionToken, signedIn.CookieExpires);
        return TypedResults.Ok(signedIn);
    }
}
