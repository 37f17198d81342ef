using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.Settings.Contracts;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Registration.Features.SelfRegistration;

/// <summary>
/// Self-registration's endpoints exist only while the clinic's portal and its self-registration (S3) are on:
/// otherwise every one answers 404, before anything is read or counted.
/// </summary>
internal sealed class SelfRegistrationGate : IEndpointFilter
{
    public static readonly Error Off = Error.NotFound("self_registration_off", "This clinic does not take registrations through its portal.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var services = context.HttpContext.RequestServices;
        var clinic = services.GetRequiredService<ClinicContext>();
        var settings = await services.GetRequiredService<IPortalSettings>().GetAsync(clinic.ClinicId, context.HttpContext.RequestAborted);
        return settings is { PortalEnabled: true, SelfRegistrationEnabled: true } ? await next(context) : Off.ToHttp();
    }
}

internal static class SelfRegistrationEndpoints
{
    /// <summary>Open to anyone while S3 is on, limited per client address with sign-in's shared counters (R7), listed under Portal.</summary>
    public static RouteHandlerBuilder AsSelfRegistrationStep(this RouteHandlerBuilder builder) =>
        builder
            .AllowAnonymous()
            .AddEndpointFilter<SelfRegistrationGate>()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithTags("Portal")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
}
