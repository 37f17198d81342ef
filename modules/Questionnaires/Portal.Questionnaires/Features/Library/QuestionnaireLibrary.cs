using System.Text.Json;
using Carter;
using FluentValidation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using AuditEvent = Portal.Shared.Auditing.AuditEvent;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Questionnaires.Fhir;
using Portal.Questionnaires.Library;
using Portal.Shared.Auditing;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;
using LibraryList = Portal.Questionnaires.Library.Library;

namespace Portal.Questionnaires.Features.Library;

/// <summary>A command, not a query: the first look at a clinic's library puts the starter questionnaires in it.</summary>
internal sealed record ListLibraryCommand : ICommand<LibraryList>;

internal sealed record ImportQuestionnaireCommand(string Json) : ICommand<LibraryEntry>;

internal sealed record PreviewQuestionnaireQuery(Guid QuestionnaireId, Guid? VersionId, string Language) : IQuery<QuestionnairePreview>;

/// <summary>One language of one version, to preview with the patient's form.</summary>
/// <param name="Resource">The FHIR R4 Questionnaire.</param>
internal sealed record QuestionnairePreview(Guid QuestionnaireId, Guid VersionId, string Version, string Language, string Title, JsonElement Resource);

internal sealed class PreviewQuestionnaireValidator : AbstractValidator<PreviewQuestionnaireQuery>
{
    public PreviewQuestionnaireValidator() => RuleFor(x => x.Language).IsOneOf(["en", "fr"]);
}

internal sealed class ListLibraryHandler(ClinicContext clinic, LibraryStore library, StarterQuestionnaires starters)
    : IRequestHandler<ListLibraryCommand, Result<LibraryList>>
{
    public async Task<Result<LibraryList>> Handle(ListLibraryCommand request, CancellationToken cancellationToken)
    {
        await starters.EnsureAsync(clinic.ClinicId, cancellationToken);
        return await library.ListAsync(clinic.ClinicId, cancellationToken);
    }
}

/// <summary>Reads and checks a FHIR Questionnaire, then adds it to the library (a new questionnaire, version or language).</summary>
internal sealed class ImportQuestionnaireHandler(
    ClinicContext clinic, LibraryStore library, StarterQuestionnaires starters, IActorContext actor, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<ImportQuestionnaireCommand, Result<LibraryEntry>>
{
    public async Task<Result<LibraryEntry>> Handle(ImportQuestionnaireCommand request, CancellationToken cancellationToken)
    {
        var (questionnaire, problems) = FhirJson.Parse<Questionnaire>(request.Json);
        if (questionnaire is null)
        {
            return QuestionnairesErrors.FhirInvalid("Questionnaire", problems);
        }

        var checks = QuestionnaireChecks.Check(questionnaire);
        if (checks.Any)
        {
            return checks.ToError("questionnaire_unsupported", "Portal cannot use this questionnaire as it is: see what each item needs.");
        }

        await starters.EnsureAsync(clinic.ClinicId, cancellationToken);
        var imported = await library.ImportAsync(clinic.ClinicId, questionnaire, starter: false, actor.Actor.Id, clock.GetUtcNow(), cancellationToken);
        if (!imported.IsSuccess)
        {
            return imported.Error!;
        }

        await audit.RecordAsync(
            new AuditEvent(QuestionnairesAudit.Imported, clinic.ClinicId, QuestionnairesAudit.QuestionnaireTarget, imported.Value.ToString(),
                new { questionnaire.Version, questionnaire.Language }),
            cancellationToken);
        return (await library.FindAsync(clinic.ClinicId, imported.Value, cancellationToken))!;
    }
}

internal sealed class PreviewQuestionnaireHandler(ClinicContext clinic, LibraryStore library)
    : IRequestHandler<PreviewQuestionnaireQuery, Result<QuestionnairePreview>>
{
    public async Task<Result<QuestionnairePreview>> Handle(PreviewQuestionnaireQuery request, CancellationToken cancellationToken)
    {
        var text = await library.TextAsync(clinic.ClinicId, request.QuestionnaireId, request.VersionId, request.Language, cancellationToken);
        return text is null
            ? QuestionnairesErrors.QuestionnaireNotFound
            : new QuestionnairePreview(text.QuestionnaireId, text.VersionId, text.Version, text.Language, text.Title, text.Json());
    }
}

internal sealed class QuestionnaireLibraryEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapStaffQuestionnaires()
            .MapGet("/", async Task<Results<Ok<LibraryList>, ErrorHttpResult>> (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new ListLibraryCommand(), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("ListQuestionnaires")
            .WithSummary("The clinic's questionnaire library: each questionnaire with its versions, newest first, and their languages.")
            .WithDescription("Any staff member of the clinic. The starter questionnaires written for Portal are there from the first look.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        app.MapQuestionnairesSetup()
            .MapPost("/", async Task<Results<Created<LibraryEntry>, ErrorHttpResult>> (
                    JsonElement body, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken) =>
                body.ValueKind != JsonValueKind.Object
                    ? QuestionnairesErrors.NotAResource.ToHttp()
                    : (await mediator.Send(new ImportQuestionnaireCommand(body.GetRawText()), cancellationToken))
                    .ToHttp(entry => TypedResults.Created($"/api/clinics/{clinic.Clinic.Slug}/questionnaires/{entry.Id}", entry)))
            .WithName("ImportQuestionnaire")
            .WithSummary("Imports a FHIR R4 Questionnaire (JSON) into the library: a new questionnaire, a new version of one (same url), or the other language of a version.")
            .WithDescription(
                "Owners and admins. The resource needs url, version, language (en or fr), title and items of the types Portal's form renders; " +
                "400 fhir_invalid when it is not valid FHIR, 400 questionnaire_unsupported (per item) when Portal cannot use it, 400 languages_differ " +
                "when the other language of that version asks different questions, 409 version_exists when that version and language are already there.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);

        app.MapStaffQuestionnaires()
            .MapGet("/{id:guid}/preview", async Task<Results<Ok<QuestionnairePreview>, ErrorHttpResult>> (
                    Guid id, Guid? versionId, string? language, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new PreviewQuestionnaireQuery(id, versionId, language ?? "en"), cancellationToken)).ToHttp(TypedResults.Ok))
            .WithName("PreviewQuestionnaire")
            .ValidatedAs<PreviewQuestionnaireQuery>()
            .WithSummary("One version of a questionnaire (the newest unless versionId is given) in a language (en by default, else the one it has), to preview.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}
