using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Registration.Features.MyInformation;

/// <summary>An identifier as the patient sees it: only the last three characters of the number.</summary>
internal sealed record MaskedIdentifier(string Type, string Number, string? VersionCode);

/// <summary>
/// What the clinic has on file about the signed-in patient ("My information"); <see cref="Version"/> goes back
/// with an update so a change the clinic made meanwhile is not overwritten.
/// </summary>
internal sealed record MyInformationView(
    string LegalGivenName,
    string LegalFamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    string Sex,
    string? Gender,
    AddressFields? Address,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Mobiles,
    string PreferredContactMethod,
    string PreferredLanguage,
    IReadOnlyList<MaskedIdentifier> Identifiers,
    int Version)
{
    public static MyInformationView From(PatientChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return new MyInformationView(
            chart.LegalGivenName, chart.LegalFamilyName, chart.PreferredName, chart.DateOfBirth, chart.Sex, chart.Gender, chart.Address,
            chart.Emails, chart.Mobiles, chart.PreferredContactMethod, chart.PreferredLanguage,
            chart.Identifiers.Select(i => new MaskedIdentifier(i.Type, Mask(i.Number), i.VersionCode)).ToList(),
            chart.Version);
    }

    private static string Mask(string number) =>
        number.Length <= 3 ? new string('•', number.Length) : new string('•', number.Length - 3) + number[^3..];
}

internal sealed record GetMyInformationQuery(Guid PatientId) : IQuery<MyInformationView>;

internal sealed class GetMyInformationHandler(IDbSession db, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<GetMyInformationQuery, Result<MyInformationView>>
{
    public async Task<Result<MyInformationView>> Handle(GetMyInformationQuery request, CancellationToken cancellationToken)
    {
        var chart = await PatientCharts.LoadAsync(db, clinic.ClinicId, request.PatientId, forUpdate: false, cancellationToken);
        if (chart is null)
        {
            return PatientErrors.NotFound;
        }

        await audit.RecordAsync(
            new AuditEvent(PatientAudit.Viewed, clinic.ClinicId, PatientAudit.TargetType, chart.Id.ToString(), new { by = "patient" }),
            cancellationToken);
        return MyInformationView.From(chart);
    }
}

internal sealed class GetMyInformationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/portal")
            .MapGet("/me/information", async Task<Results<Ok<MyInformationView>, ErrorHttpResult>> (
                    IActorContext actor, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetMyInformationQuery(actor.Actor.Id!.Value), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicPatient)
            .WithTags("Portal")
            .RequireRateLimiting(RateLimitPolicies.AccountReads)
            .WithName("GetMyInformation")
            .WithSummary("The demographics the clinic has on file for the signed-in patient, with the version an update sends back; every read is audited.")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
}
