using System.Text.Json;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Questionnaires.Library;
using Portal.Registration.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Questionnaires.Features.ChartResponses;

/// <param name="DocumentId">The chart document (questionnaire data) holding the FHIR QuestionnaireResponse.</param>
internal sealed record ChartResponseSummary(
    Guid Id, Guid QuestionnaireId, string Title, string Version, Guid? AppointmentId, DateTimeOffset SubmittedAt, decimal? TotalScore, Guid DocumentId);

internal sealed record ChartResponseList(IReadOnlyList<ChartResponseSummary> Items);

/// <summary>A submitted response with its questionnaire, for staff to read in the chart.</summary>
/// <param name="Questionnaire">The FHIR R4 Questionnaire, in the language the patient answered in.</param>
/// <param name="Response">The FHIR R4 QuestionnaireResponse as stored.</param>
internal sealed record ChartResponse(
    ChartResponseSummary Summary, Guid PatientId, string Language, JsonElement Questionnaire, JsonElement Response);

internal sealed record ListChartResponsesQuery(Guid PatientId) : IQuery<ChartResponseList>;

internal sealed record GetChartResponseQuery(Guid ResponseId) : IQuery<ChartResponse>;

internal sealed class ListChartResponsesHandler(ClinicContext clinic, IPatientDirectory patients, ResponseStore responses, LibraryStore library, IAuditLog audit)
    : IRequestHandler<ListChartResponsesQuery, Result<ChartResponseList>>
{
    public async Task<Result<ChartResponseList>> Handle(ListChartResponsesQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        if (await patients.GetContactDetailsAsync(clinicId, request.PatientId, cancellationToken) is null)
        {
            return QuestionnairesErrors.PatientNotFound;
        }

        var items = new List<ChartResponseSummary>();
        foreach (var response in await responses.SubmittedOfPatientAsync(clinicId, request.PatientId, cancellationToken))
        {
            var text = await library.TextAsync(clinicId, response.QuestionnaireId, response.VersionId, response.Language, cancellationToken);
            items.Add(ChartResponses.Summary(response, text!));
        }

        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.ResponsesListed, clinicId, "patient", request.PatientId.ToString(), new { by = "staff", results = items.Count }),
            cancellationToken);
        return new ChartResponseList(items);
    }
}

internal sealed class GetChartResponseHandler(ClinicContext clinic, ResponseStore responses, LibraryStore library, IAuditLog audit)
    : IRequestHandler<GetChartResponseQuery, Result<ChartResponse>>
{
    public async Task<Result<ChartResponse>> Handle(GetChartResponseQuery request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var response = await responses.FindAsync(clinicId, request.ResponseId, cancellationToken);
        if (response is not { Submitted: true })
        {
            return QuestionnairesErrors.ResponseNotFound;
        }

        var text = (await library.TextAsync(clinicId, response.QuestionnaireId, response.VersionId, response.Language, cancellationToken))!;
        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.ResponseViewed, clinicId, QuestionnairesAudit.ResponseTarget, response.Id.ToString(),
                new { by = "staff", patientId = response.PatientId }),
            cancellationToken);
        return new ChartResponse(
            ChartResponses.Summary(response, text), response.PatientId, response.Language, text.Json(), JsonDocument.Parse(response.Resource).RootElement);
    }
}

internal sealed class ChartResponses : ICarterModule
{
    public static ChartResponseSummary Summary(StoredResponse response, StoredText text) =>
        new(response.Id, response.QuestionnaireId, text.Title, text.Version, response.AppointmentId, response.SubmittedAt!.Value, response.TotalScore,
            response.DocumentId!.Value);

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var staff = app.MapStaffQuestionnaires();
        staff.MapGet("/patients/{patientId:guid}/responses", async Task<Results<Ok<ChartResponseList>, ErrorHttpResult>> (
                    Guid patientId, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListChartResponsesQuery(patientId), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListPatientQuestionnaireResponses")
            .WithSummary("The questionnaires a patient submitted, newest first, with their total scores.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        staff.MapGet("/responses/{id:guid}", async Task<Results<Ok<ChartResponse>, ErrorHttpResult>> (
                    Guid id, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetChartResponseQuery(id), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("GetPatientQuestionnaireResponse")
            .WithSummary("One submitted questionnaire response with its questionnaire, to read in the chart. Drafts are the patient's own and are not shown.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
