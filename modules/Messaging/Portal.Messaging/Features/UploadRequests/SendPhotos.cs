using Carter;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Portal.Messaging.Contracts;
using Portal.Messaging.Conversations;
using Portal.Messaging.Features.MyMessages;
using Portal.Registration.Contracts;
using Portal.Settings.Contracts;
using Portal.Shared.Auditing;
using Portal.Shared.Events;
using Portal.Shared.Files;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Web;

namespace Portal.Messaging.Features.UploadRequests;

/// <summary>One photo as the browser sent it: its bytes and the type it declared (checked against the content).</summary>
internal sealed record UploadedPhoto(Stream Content, string? DeclaredContentType);

internal sealed record SendPhotosCommand(Guid PatientId, Guid ConversationId, Guid RequestId, IReadOnlyList<UploadedPhoto> Photos) : ICommand<MyConversation>;

/// <summary>
/// The patient answers an upload request with photos (M4). Each goes into the chart through Registration's
/// <see cref="IPatientDocuments.AddPhotoAsync"/>, which checks it (F1/F2) and strips its metadata (F3); then one
/// patient message carries them, which makes the conversation unread for staff, and the request is answered.
/// All in one transaction: one refused photo stores none.
/// </summary>
internal sealed class SendPhotosHandler(
    ClinicContext clinic, ConversationStore store, UploadRequestStore requests, MessageAttachments attachments, IPatientDocuments documents,
    IPortalSettings settings, IAuditLog audit, IIntegrationEvents events, TimeProvider clock)
    : IRequestHandler<SendPhotosCommand, Result<MyConversation>>
{
    private const int TitleSubjectLength = 180;

    public async Task<Result<MyConversation>> Handle(SendPhotosCommand request, CancellationToken cancellationToken)
    {
        var clinicId = clinic.ClinicId;
        var conversation = await store.FindForPatientAsync(clinicId, request.PatientId, request.ConversationId, forUpdate: true, cancellationToken);
        var uploadRequest = conversation is null
            ? null
            : await requests.FindAsync(clinicId, conversation.Id, request.RequestId, forUpdate: true, cancellationToken);
        if (conversation is null || uploadRequest is null)
        {
            return UploadRequestErrors.NotFound;
        }

        var now = clock.GetUtcNow();
        var state = UploadRequestStates.Of(uploadRequest, conversation.Status, now);
        if (state != UploadRequestStates.Open)
        {
            return UploadRequestErrors.Refusal(state);
        }

        if (request.Photos.Count == 0)
        {
            return UploadRequestErrors.NoPhotos;
        }

        if (request.Photos.Count > uploadRequest.PhotosMax)
        {
            return UploadRequestErrors.TooMany(uploadRequest.PhotosMax);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ClinicTimeZone()).DateTime);
        var subject = conversation.Subject.Length > TitleSubjectLength ? conversation.Subject[..TitleSubjectLength] : conversation.Subject;
        var documentIds = new List<Guid>(request.Photos.Count);
        foreach (var (photo, index) in request.Photos.Select((p, i) => (p, i)))
        {
            var title = request.Photos.Count == 1 ? subject : $"{subject} ({index + 1}/{request.Photos.Count})";
            var added = await documents.AddPhotoAsync(
                clinicId, conversation.PatientId, new NewPatientPhoto(title, today, uploadRequest.Id), photo.Content, photo.DeclaredContentType, cancellationToken);
            if (!added.IsSuccess)
            {
                return added.Error!;
            }

            documentIds.Add(added.Value.Id);
        }

        var body = documentIds.Count == 1 ? "1 photo sent." : $"{documentIds.Count} photos sent.";
        var messageId = await store.InsertMessageAsync(conversation, AuthorKinds.Patient, null, null, body, now, MessageKinds.Photos, cancellationToken);
        await attachments.AttachToMessageAsync(clinicId, messageId, documentIds, cancellationToken);
        await requests.MarkAnsweredAsync(uploadRequest, messageId, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(MessagingAudit.PhotosSent, clinicId, MessagingAudit.ConversationTarget, conversation.Id.ToString(),
                new { requestId = uploadRequest.Id, messageId, patientId = conversation.PatientId, documentIds }),
            cancellationToken);
        await events.PublishAsync(new PatientReplied(clinicId, conversation.PatientId, conversation.Id, messageId), cancellationToken);
        var messages = await store.MessagesAsync(clinicId, conversation.Id, cancellationToken);
        return await MyConversationViews.OfAsync(conversation, messages, attachments, settings, now, cancellationToken);
    }

    private TimeZoneInfo ClinicTimeZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(clinic.Clinic.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}

internal sealed class SendPhotosEndpoint : ICarterModule
{
    private const long PhotoMaxBytes = 20 * 1024 * 1024;

    /// <summary>Room for part headers beside the photos.</summary>
    private const long FormAllowance = 256 * 1024;

    /// <summary>Ten photos at their limit; a larger single photo reaches the chart's check and gets its 413 there.</summary>
    private const long BodyLimit = (UploadRequestLimits.PhotosMax * PhotoMaxBytes) + FormAllowance;

    private static readonly FormOptions FormLimits = new()
    {
        BufferBodyLengthLimit = BodyLimit,
        MultipartBodyLengthLimit = BodyLimit,
        ValueCountLimit = UploadRequestLimits.PhotosMax + 4,
        ValueLengthLimit = 1024,
    };

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapMyMessages()
            .MapPost("/{conversationId:guid}/upload-requests/{requestId:guid}/photos", Handle)
            .WithRequestSizeLimit(BodyLimit)
            .RequireRateLimiting(RateLimitPolicies.Uploads)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = FormDescription();
                return Task.CompletedTask;
            })
            .WithName("SendPhotos")
            .WithSummary("The signed-in patient sends photos in answer to an upload request, returned with the conversation.")
            .WithDescription(
                "multipart/form-data with one part named photos per photo, as many as the request allows (1 to 10). Each must be a JPEG, PNG or WebP " +
                "image, decided by its content, that decodes, at most 20 MB (413 beyond); location, camera and every other metadata is removed before " +
                "it is stored in the chart, for review at the visit. One refused photo stores none. A request answered, expired or in a closed " +
                "conversation is refused with 409; another patient's is not found. Sends are limited per client address (429 with Retry-After).")
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);

    private static async Task<Results<Created<MyConversation>, ErrorHttpResult>> Handle(
        Guid conversationId, Guid requestId, HttpRequest request, IActorContext actor, IMediator mediator, ClinicContext clinic, CancellationToken cancellationToken)
    {
        var read = await MultipartForms.ReadAsync(request, FormLimits, "Send the photos as multipart/form-data, each in a part named photos.", cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!.ToHttp();
        }

        var form = read.Value;
        if (form.Files.Any(f => f.Name != "photos") || form.Keys.Count > 0)
        {
            return Error.Field("photos", "photos_only", "Send only photos, each in a part named photos.").ToHttp();
        }

        if (form.Files.Count > UploadRequestLimits.PhotosMax)
        {
            return UploadRequestErrors.TooMany(UploadRequestLimits.PhotosMax).ToHttp();
        }

        var streams = form.Files.Select(f => (File: f, Stream: f.OpenReadStream())).ToList();
        try
        {
            var photos = streams.Select(s => new UploadedPhoto(s.Stream, s.File.ContentType)).ToList();
            var result = await mediator.Send(new SendPhotosCommand(actor.Actor.Id!.Value, conversationId, requestId, photos), cancellationToken);
            return result.ToHttp(clinic.CreatedMyConversation);
        }
        finally
        {
            foreach (var (_, stream) in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

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
                    Required = new HashSet<string>(StringComparer.Ordinal) { "photos" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["photos"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            MinItems = 1,
                            MaxItems = UploadRequestLimits.PhotosMax,
                            Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        },
                    },
                },
            },
        },
    };
}
