using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Results;

namespace Portal.Shared.Tenancy;

/// <summary>Endpoint metadata: the endpoint lives under a clinic's address and needs the clinic resolved.</summary>
public sealed class ClinicScopedMetadata
{
    public static ClinicScopedMetadata Instance { get; } = new();
}

public static class ClinicRouting
{
    public const string RouteParameter = "clinic";

    /// <summary>A route group under <c>/api/clinics/{clinic}{prefix}</c> whose clinic is resolved before authorization.</summary>
    public static RouteGroupBuilder MapClinicGroup(this IEndpointRouteBuilder app, string prefix)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGroup("/api/clinics/{" + RouteParameter + "}" + prefix).WithMetadata(ClinicScopedMetadata.Instance);
    }

    /// <summary>Resolves the clinic of clinic-scoped endpoints; an unknown or malformed slug is a 404 for every route.</summary>
    public static IApplicationBuilder UseClinicResolution(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint?.Metadata.GetMetadata<ClinicScopedMetadata>() is null)
            {
                await next(context);
                return;
            }

            var slug = context.Request.RouteValues[RouteParameter] as string;
            var clinic = ClinicSlug.IsValid(slug)
                ? await context.RequestServices.GetRequiredService<IClinicDirectory>().FindBySlugAsync(slug!, context.RequestAborted)
                : null;
            if (clinic is null)
            {
                await new ErrorHttpResult(Error.NotFound("clinic_not_found", "There is no clinic at this address.")).ExecuteAsync(context);
                return;
            }

            context.RequestServices.GetRequiredService<ClinicContext>().Set(clinic);
            await next(context);
        });
}
