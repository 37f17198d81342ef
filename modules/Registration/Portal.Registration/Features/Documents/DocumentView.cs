using Portal.Registration.Contracts;
using Portal.Registration.Documents;

namespace Portal.Registration.Features.Documents;

/// <summary>A chart document as the staff pages show it.</summary>
/// <param name="Type">lab_requisition, lab_result, form, encounter_note, invoice, educational_video, questionnaire_data, photo or other.</param>
/// <param name="Size">In bytes.</param>
/// <param name="DownloadUrl">Where staff download it (as an attachment).</param>
/// <param name="ThumbnailUrl">A small JPEG of a photo, shown inline; null for documents without one.</param>
/// <param name="ForReviewAtVisit">A photo the patient sent, to be looked at during the visit.</param>
/// <param name="UploadRequestId">The upload request the photo answers; null otherwise.</param>
internal sealed record DocumentView(
    Guid Id,
    string Type,
    string Title,
    DateOnly Date,
    string? Source,
    string ContentType,
    long Size,
    string Sha256,
    DateTimeOffset AddedAt,
    string? AddedBy,
    string DownloadUrl,
    string? ThumbnailUrl,
    bool ForReviewAtVisit,
    Guid? UploadRequestId)
{
    public static DocumentView From(PatientDocument document, string clinicSlug) => new(
        document.Id,
        DocumentRules.Code(document.Type),
        document.Title,
        document.Date,
        document.Source,
        document.ContentType,
        document.Length,
        document.Sha256,
        document.AddedAt,
        document.AddedBy,
        DocumentUrls.Download(clinicSlug, document.PatientId, document.Id),
        document.HasThumbnail ? DocumentUrls.Thumbnail(clinicSlug, document.PatientId, document.Id) : null,
        document.ForReviewAtVisit,
        document.UploadRequestId);
}

internal sealed record DocumentList(IReadOnlyList<DocumentView> Items);

internal static class DocumentUrls
{
    public static string List(string clinicSlug, Guid patientId) => $"/api/clinics/{clinicSlug}/patients/{patientId}/documents";

    public static string Download(string clinicSlug, Guid patientId, Guid documentId) => $"{List(clinicSlug, patientId)}/{documentId}/content";

    public static string Thumbnail(string clinicSlug, Guid patientId, Guid documentId) => $"{List(clinicSlug, patientId)}/{documentId}/thumbnail";
}
