using System.Globalization;
using System.Text.Json.Nodes;
using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Portal.Registration.Contracts;
using Portal.Registration.Documents;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Registration.Features.Documents;

internal sealed record UploadDocumentCommand(Guid PatientId, NewPatientDocument Document, Stream Content, string? DeclaredContentType)
    : ICommand<DocumentView>;

/// <summary>Adds a document to the chart: its type decided from its bytes, its size limit kept, streamed to the file store (F1/F2).</summary>
internal sealed class UploadDocumentHandler(PatientDocuments documents, ClinicContext clinic)
    : IRequestHandler<UploadDocumentCommand, Result<DocumentView>>
{
    public async Task<Result<DocumentView>> Handle(UploadDocumentCommand request, CancellationToken cancellationToken)
    {
        var added = await documents.AddAsync(
            clinic.ClinicId, request.PatientId, request.Document, request.Content, request.DeclaredContentType, cancellationToken);
        return added.IsSuccess ? DocumentView.From(added.Value, clinic.Clinic.Slug) : added.Error!;
    }
}

internal sealed class UploadDocumentEndpoint : ICarterModule
{
    /// <summary>Room for the form's other fields and part headers beside the largest file.</summary>
    private const long FormAllowance = 64 * 1024;

    private static readonly FormOptions FormLimits = new()
    {
        BufferBodyLengthLimit = DocumentRules.LargestFile + FormAllowance,
        MultipartBodyLengthLimit = DocumentRules.LargestFile + FormAllowance,
        ValueCountLimit = 16,
        ValueLengthLimit = 4 * 1024,
    };

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapPost("/{patientId:guid}/documents", Handle)
            .RequireAuthorization(Policies.ClinicMember)
            .WithRequestSizeLimit(DocumentRules.LargestFile + FormAllowance)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = FormDescription();
                return Task.CompletedTask;
            })
            .WithTags("Registration")
            .WithName("UploadPatientDocument")
            .WithSummary("Adds a document to a patient's chart: PDF, PNG, JPEG, WebP, MP4, WebM or plain text, typed by its content.")
            .WithDescription(
                "For staff of the patient's clinic. Limits: images 20 MB, PDF 50 MB, text 1 MB, video 500 MB. "
                + "A declared part type that disagrees with the content is refused.")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Created<DocumentView>, ErrorHttpResult>> Handle(
        Guid patientId, HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var read = await MultipartForms.ReadAsync(
            request, FormLimits, "Send the document as multipart/form-data with file, type, title, date and source.", cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!.ToHttp();
        }

        var form = read.Value;
        var parsed = Parse(form);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!.ToHttp();
        }

        var file = form.Files[0];
        await using var content = file.OpenReadStream();
        var result = await mediator.Send(new UploadDocumentCommand(patientId, parsed.Value, content, file.ContentType), cancellationToken);
        return result.ToHttp(view => TypedResults.Created(view.DownloadUrl, view));
    }

    private static Result<NewPatientDocument> Parse(IFormCollection form)
    {
        if (form.Files.Count != 1 || form.Files[0].Name != "file")
        {
            return Error.Field("file", "file_required", "Attach exactly one file, in the part named file.");
        }

        if (Single(form, "type") is not { } typeCode || DocumentRules.ParseType(typeCode) is not { } type)
        {
            return Error.Field("type", "document_type_unknown", $"The type must be one of: {string.Join(", ", DocumentRules.TypeCodes)}.");
        }

        if (Single(form, "title") is not { } title)
        {
            return Error.Field("title", "document_title_length", $"The title is required and at most {DocumentRules.MaxTitleLength} characters.");
        }

        if (Single(form, "date") is not { } dateText
            || !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Error.Field("date", "document_date_invalid", "The date is required, as YYYY-MM-DD.");
        }

        var source = form["source"];
        if (source.Count > 1)
        {
            return Error.Field("source", "document_source_length", "Give the source once.");
        }

        return new NewPatientDocument(type, title, date, source.Count == 1 ? source[0] : null);
    }

    private static string? Single(IFormCollection form, string name) => form[name] is { Count: 1 } values ? values[0] : null;

    private static OpenApiRequestBody FormDescription() => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string>(StringComparer.Ordinal) { "file", "type", "title", "date" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        ["type"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Enum = [.. DocumentRules.TypeCodes.Select(code => (JsonNode)JsonValue.Create(code))],
                        },
                        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = DocumentRules.MaxTitleLength },
                        ["date"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                        ["source"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = DocumentRules.MaxSourceLength },
                    },
                },
            },
        },
    };
}
