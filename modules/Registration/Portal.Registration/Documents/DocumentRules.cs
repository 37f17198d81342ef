using Portal.Registration.Contracts;
using Portal.Shared.Files;

namespace Portal.Registration.Documents;

/// <summary>The content types a chart document may have, each with its size limit and download extension (F1/F2), in one place.</summary>
internal static class DocumentRules
{
    public const long Megabyte = 1024 * 1024;

    public static readonly IReadOnlyDictionary<string, AcceptedContent> Accepted = new Dictionary<string, AcceptedContent>(StringComparer.Ordinal)
    {
        [ContentInspector.Pdf] = new(ContentInspector.Pdf, 50 * Megabyte, ".pdf"),
        [ContentInspector.Png] = new(ContentInspector.Png, 20 * Megabyte, ".png"),
        [ContentInspector.Jpeg] = new(ContentInspector.Jpeg, 20 * Megabyte, ".jpg"),
        [ContentInspector.WebP] = new(ContentInspector.WebP, 20 * Megabyte, ".webp"),
        [ContentInspector.Mp4] = new(ContentInspector.Mp4, 500 * Megabyte, ".mp4"),
        [ContentInspector.WebM] = new(ContentInspector.WebM, 500 * Megabyte, ".webm"),
        [ContentInspector.Text] = new(ContentInspector.Text, 1 * Megabyte, ".txt"),
    };

    /// <summary>The largest of the limits: what an upload request may carry at most, form fields aside.</summary>
    public static readonly long LargestFile = Accepted.Values.Max(a => a.MaxBytes);

    public const int MaxTitleLength = 200;

    public const int MaxSourceLength = 200;

    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    public const string StorageArea = "registration/documents";

    /// <summary>Where photos' thumbnails are kept; their keys are in <c>thumbnail_key</c>.</summary>
    public const string ThumbnailArea = "registration/thumbnails";

    private static readonly Dictionary<string, DocumentType> TypesByCode = Enum.GetValues<DocumentType>().ToDictionary(Code, StringComparer.Ordinal);

    /// <summary>The type's name in the API and the database: <c>lab_result</c> for <see cref="DocumentType.LabResult"/>.</summary>
    public static string Code(DocumentType type) => type switch
    {
        DocumentType.LabRequisition => "lab_requisition",
        DocumentType.LabResult => "lab_result",
        DocumentType.Form => "form",
        DocumentType.EncounterNote => "encounter_note",
        DocumentType.Invoice => "invoice",
        DocumentType.EducationalVideo => "educational_video",
        DocumentType.QuestionnaireData => "questionnaire_data",
        DocumentType.Photo => "photo",
        _ => "other",
    };

    public static IReadOnlyCollection<string> TypeCodes => TypesByCode.Keys;

    public static DocumentType? ParseType(string? code) => code is not null && TypesByCode.TryGetValue(code, out var type) ? type : null;

    /// <summary>
    /// Whether a declared content type (a browser's guess from the file name) agrees with the one the bytes
    /// showed. No declaration, or <c>application/octet-stream</c>, claims nothing and so agrees.
    /// </summary>
    public static bool Agrees(string? declared, string detected)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return true;
        }

        var mediaType = declared.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/octet-stream" => true,
            "image/jpg" or "image/pjpeg" => detected == ContentInspector.Jpeg,
            _ => mediaType == detected,
        };
    }

    /// <summary>A name for the download made from the title, keeping letters, digits, spaces, dashes and dots only.</summary>
    public static string DownloadName(string title, string contentType)
    {
        var safe = new string(title.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' ? c : '_').ToArray()).Trim(' ', '.');
        if (safe.Length == 0)
        {
            safe = "document";
        }
        else if (safe.Length > 100)
        {
            safe = safe[..100];
        }

        return safe + Accepted[contentType].Extension;
    }
}

internal sealed record AcceptedContent(string ContentType, long MaxBytes, string Extension);
