using Portal.Shared.Results;

namespace Portal.Registration.Contracts;

/// <summary>What a chart document is.</summary>
public enum DocumentType
{
    LabRequisition,
    LabResult,
    Form,
    EncounterNote,
    Invoice,
    EducationalVideo,
    QuestionnaireData,
    Photo,
    Other,
}

/// <summary>A document in a patient's chart, without its bytes.</summary>
/// <param name="ContentType">Decided from the content: <c>application/pdf</c>, <c>image/png</c>, <c>image/jpeg</c>, <c>image/webp</c>, <c>video/mp4</c>, <c>video/webm</c> or <c>text/plain</c>.</param>
/// <param name="Source">Where it came from, such as the lab's name; null when not given.</param>
public sealed record PatientDocument(
    Guid Id,
    Guid PatientId,
    DocumentType Type,
    string Title,
    DateOnly Date,
    string? Source,
    string ContentType,
    long Length,
    string Sha256,
    DateTimeOffset AddedAt,
    string? AddedBy)
{
    /// <summary>Whether a small JPEG of it can be opened with <see cref="IPatientDocuments.OpenThumbnailAsync"/> (photos have one).</summary>
    public bool HasThumbnail { get; init; }

    /// <summary>A photo the patient sent, which the clinic looks at during the visit rather than before.</summary>
    public bool ForReviewAtVisit { get; init; }

    /// <summary>The upload request (Messaging's) this photo answers; null for everything else.</summary>
    public Guid? UploadRequestId { get; init; }
}

/// <summary>What describes a new document; its content comes separately, as a stream.</summary>
public sealed record NewPatientDocument(DocumentType Type, string Title, DateOnly Date, string? Source);

/// <summary>A photo a patient sends in answer to an upload request; it is marked for review at the visit.</summary>
public sealed record NewPatientPhoto(string Title, DateOnly Date, Guid UploadRequestId);

/// <summary>An open document: read <see cref="Content"/> (seekable, read in chunks) and dispose it.</summary>
/// <param name="DownloadName">A safe file name made from the title, with the extension of its type.</param>
public sealed record OpenedDocument(PatientDocument Document, Stream Content, string DownloadName) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

/// <summary>
/// The chart's documents as other modules see them (Messaging attaches them to messages). Every call
/// names the clinic and the patient: a document of another patient, or of another clinic's patient,
/// is not found, exactly like one that does not exist (checklist A1).
/// </summary>
public interface IPatientDocuments
{
    /// <summary>The patient's documents among <paramref name="documentIds"/>, newest first; ids of other patients' documents are left out, so a caller compares counts.</summary>
    Task<IReadOnlyList<PatientDocument>> FindAsync(Guid clinicId, Guid patientId, IReadOnlyCollection<Guid> documentIds, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a document to the patient's chart from <paramref name="content"/>, streamed into the file store.
    /// The type is decided from the bytes and must agree with <paramref name="declaredContentType"/> when one is
    /// given; each type has its size limit (F1/F2). Failures are ProblemDetails-ready errors and store nothing.
    /// Call inside the caller's command (its transaction): the file is deleted again if that rolls back. Audited.
    /// </summary>
    Task<Result<PatientDocument>> AddAsync(
        Guid clinicId, Guid patientId, NewPatientDocument document, Stream content, string? declaredContentType, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a photo to the patient's chart as a document of type photo, marked for review at the visit and linked to
    /// the upload request it answers (M4). Only JPEG, PNG or WebP that decodes is taken, at most 20 MB; the stored
    /// file is the photo's pixels encoded again, upright, with no EXIF, GPS, device or other metadata (F3), and a
    /// thumbnail is kept beside it. Runs in the caller's transaction like <see cref="AddAsync"/>. Audited.
    /// </summary>
    Task<Result<PatientDocument>> AddPhotoAsync(
        Guid clinicId, Guid patientId, NewPatientPhoto photo, Stream content, string? declaredContentType, CancellationToken cancellationToken);

    /// <summary>Opens the thumbnail (a JPEG) of one of the patient's documents, or null when it has none or is not theirs. Not audited: a thumbnail is shown in lists.</summary>
    Task<OpenedDocument?> OpenThumbnailAsync(Guid clinicId, Guid patientId, Guid documentId, CancellationToken cancellationToken);

    /// <summary>
    /// Opens one of the patient's documents for reading, or returns null when the patient has no such document
    /// (another patient's is refused the same way). Every opening is written to the audit log (A5) as the current actor.
    /// </summary>
    Task<OpenedDocument?> OpenAsync(Guid clinicId, Guid patientId, Guid documentId, CancellationToken cancellationToken);
}
