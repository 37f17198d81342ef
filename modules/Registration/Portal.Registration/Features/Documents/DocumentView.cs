using Portal.Registration.Contracts;
using Portal.Registration.Documents;

namespace Portal.Registration.Features.Documents;

/// <summary>A chart document as the staff pages show it.</summary>
/// <param name="Type">lab_requisition, lab_result, form, encounter_note, invoice, educational_video, questionnaire_data, photo or other.</param>
/// <param name="Size">In bytes.</param>
/// <param name="DownloadUrl">Where staff download it (as an attachment).</param>
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
    string DownloadUrl)
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
        DocumentUrls.Download(clinicSlug, document.PatientId, document.Id));
}

internal sealed record DocumentList(IReadOnlyList<DocumentView> Items);

internal static class DocumentUrls
{
    public static string List(string clinicSlug, Guid patientId) => $"/api/clinics/{clinicSlug}/patients/{patientId}/documents";

    public static string Download(string clinicSlug, Guid patientId, Guid documentId) => $"{List(clinicSlug, patientId)}/{documentId}/content";
}
