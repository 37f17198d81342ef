using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Identity.Features.Sessions;

internal enum SessionState
{
    SignedOut,

    /// <summary>A valid session, but one the policy refuses here: another clinic's staff, or staff on the operator console.</summary>
    Elsewhere,

    SignedIn,
}

/// <summary>
/// Runs an authorization policy the way its endpoints do, but tells the answer instead of sending
/// 401 or 403: the apps ask on load whether anyone is signed in, and a signed-out visitor is not an error.
/// </summary>
internal static class SessionCheck
{
    public static async Task<SessionState> EvaluateAsync(HttpContext context, string policyName)
    {
        var policies = context.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var evaluator = context.RequestServices.GetRequiredService<IPolicyEvaluator>();
        var policy = await policies.GetPolicyAsync(policyName)
            ?? throw new InvalidOperationException($"No authorization policy named {policyName}.");

        var authentication = await evaluator.AuthenticateAsync(policy, context);
        if (!authentication.Succeeded)
        {
            return SessionState.SignedOut;
        }

        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, context);
        return authorization.Succeeded ? SessionState.SignedIn : SessionState.Elsewhere;
    }
}
