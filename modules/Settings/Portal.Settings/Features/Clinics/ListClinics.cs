using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;

namespace Portal.Settings.Features.Clinics;

internal sealed record ClinicListItem(Guid Id, string Slug, string Name, string TimeZone, string DefaultLanguage, bool PortalEnabled, DateTimeOffset CreatedAt);

internal sealed record ListClinicsQuery : IQuery<IReadOnlyList<ClinicListItem>>;

internal sealed class ListClinicsHandler(IDbSession db) : IRequestHandler<ListClinicsQuery, Result<IReadOnlyList<ClinicListItem>>>
{
    public async Task<Result<IReadOnlyList<ClinicListItem>>> Handle(ListClinicsQuery request, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<ClinicListItem>(
            """
            select c.id, c.slug, c.name, c.time_zone, c.default_language, s.portal_enabled, c.created_at
            from settings.clinics c
            join settings.portal_settings s on s.clinic_id = c.id
            order by c.slug
            """,
            null,
            cancellationToken);
        return Result<IReadOnlyList<ClinicListItem>>.Success(rows);
    }
}

/// <summary>The operator console's list of clinics. Operators see clinics, not their patients.</summary>
internal sealed class ListClinicsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/operator/clinics", async (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListClinicsQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.Operator)
            .WithTags("Operator")
            .WithName("ListClinics")
            .WithSummary("Every clinic of this installation.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}

/// <summary><c>Portal.Host clinics list</c>.</summary>
internal sealed class ListClinicsCliCommand(IMediator mediator) : ICliCommand
{
    public string Name => "clinics list";

    public string Usage => "clinics list";

    public async Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var clinics = (await mediator.Send(new ListClinicsQuery(), cancellationToken)).Value;
        foreach (var clinic in clinics)
        {
            await output.WriteLineAsync($"{clinic.Slug,-24} {(clinic.PortalEnabled ? "portal on " : "portal off")}  {clinic.Name}");
        }

        await output.WriteLineAsync($"{clinics.Count} clinic(s).");
        return 0;
    }
}
