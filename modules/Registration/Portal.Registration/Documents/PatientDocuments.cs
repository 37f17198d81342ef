using Portal.Registration.Contracts;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Files;
using Portal.Shared.Results;

namespace Portal.Registration.Documents;

/// <summary>How the audit log names chart documents and what was done with them (checklist A5).</summary>
internal static class DocumentAudit
{
    public const string TargetType = "patient_document";
    public const string Added = "registration.document.added";
    public const string Opened = "registration.document.opened";
    public const string Listed = "registration.documents.listed";
}

internal static class DocumentErrors
{
    public static readonly Error NotFound = Error.NotFound("document_not_found", "This patient has no such document.");

    public static readonly Error Empty = Error.Field("file", "empty_upload", "The file is empty. Choose a file with content.");

    public static readonly Error Unsupported = Error.UnsupportedMediaType(
        "unsupported_document_type",
        "Upload a PDF, PNG, JPEG, WebP, MP4 or WebM file, or plain UTF-8 text. The file's content decides its type, not its name.");

    public static Error Mismatch(string declared, string detected) => Error.UnsupportedMediaType(
        "declared_type_mismatch", $"The file was declared as {declared}, but its content is {detected}.");

    public static readonly Error NotAPhoto = Error.UnsupportedMediaType(
        "unsupported_photo_type",
        "A photo must be a JPEG, PNG or WebP image that opens as one. The file's content decides its type, not its name.");

    public static Error TooLarge(AcceptedContent accepted) => Error.TooLarge(
        "document_too_large", $"A {accepted.ContentType} document may be at most {accepted.MaxBytes / DocumentRules.Megabyte} MB.");
}

/// <summary>How a photo's row is marked: for review at the visit, the upload request it answers, and its thumbnail's file.</summary>
internal sealed record PhotoMarks(bool ForReviewAtVisit, Guid? UploadRequestId, string? ThumbnailKey = null);

/// <summary>The chart's documents: what the staff endpoints use, and what other modules reach through <see cref="IPatientDocuments"/>.</summary>
internal sealed class PatientDocuments(IDbSession db, IFileStore files, IAuditLog audit, IActorContext actor, TimeProvider clock) : IPatientDocuments
{
    private const string Columns = """
        id, patient_id, type, title, document_date, source, content_type, byte_length, sha256, added_at, added_by_name, file_key,
        thumbnail_key, for_review_at_visit, upload_request_id
        """;

    public async Task<IReadOnlyList<PatientDocument>?> ListAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken)
    {
        if (!await PatientExistsAsync(clinicId, patientId, cancellationToken))
        {
            return null;
        }

        var rows = await db.QueryAsync<DocumentRow>(
            $"""
            select {Columns} from registration.documents
            where clinic_id = @clinicId and patient_id = @patientId
            order by document_date desc, added_at desc, id desc
            """,
            new { clinicId, patientId },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(DocumentAudit.Listed, clinicId, PatientAudit.TargetType, patientId.ToString(), new { count = rows.Count }), cancellationToken);
        return rows.Select(r => r.ToDocument()).ToList();
    }

    public async Task<IReadOnlyList<PatientDocument>> FindAsync(
        Guid clinicId, Guid patientId, IReadOnlyCollection<Guid> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        if (documentIds.Count == 0)
        {
            return [];
        }

        var rows = await db.QueryAsync<DocumentRow>(
            $"""
            select {Columns} from registration.documents
            where clinic_id = @clinicId and patient_id = @patientId and id = any(@ids)
            order by document_date desc, added_at desc, id desc
            """,
            new { clinicId, patientId, ids = documentIds.Distinct().ToArray() },
            cancellationToken);
        return rows.Select(r => r.ToDocument()).ToList();
    }

    public async Task<Result<PatientDocument>> AddAsync(
        Guid clinicId, Guid patientId, NewPatientDocument document, Stream content, string? declaredContentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(content);
        if (Validate(document) is { } invalid)
        {
            return invalid;
        }

        if (!await PatientExistsAsync(clinicId, patientId, cancellationToken))
        {
            return PatientErrors.NotFound;
        }

        await using var spooled = content.CanSeek ? null : await SpoolAsync(content, cancellationToken);
        var source = spooled ?? content;
        var checkedContent = await CheckAsync(source, declaredContentType, cancellationToken);
        if (!checkedContent.IsSuccess)
        {
            return checkedContent.Error!;
        }

        var accepted = checkedContent.Value!;
        source.Position = 0;
        if (document.Type == DocumentType.Photo)
        {
            return await StorePhotoAsync(clinicId, patientId, document, source, accepted, new PhotoMarks(false, null), cancellationToken);
        }

        // Joins the caller's transaction (a message being sent) or opens one, so the row, its audit entry and the file's undo go together.
        return await db.InTransactionAsync(
            async () => Result<PatientDocument>.Success(await StoreAsync(clinicId, patientId, document, source, accepted, null, cancellationToken)), cancellationToken);
    }

    public async Task<Result<PatientDocument>> AddPhotoAsync(
        Guid clinicId, Guid patientId, NewPatientPhoto photo, Stream content, string? declaredContentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(content);
        var document = new NewPatientDocument(DocumentType.Photo, photo.Title, photo.Date, null);
        if (Validate(document) is { } invalid)
        {
            return invalid;
        }

        if (!await PatientExistsAsync(clinicId, patientId, cancellationToken))
        {
            return PatientErrors.NotFound;
        }

        await using var spooled = content.CanSeek ? null : await SpoolAsync(content, cancellationToken);
        var source = spooled ?? content;
        var checkedContent = await CheckAsync(source, declaredContentType, cancellationToken);
        if (!checkedContent.IsSuccess)
        {
            return checkedContent.Error!;
        }

        source.Position = 0;
        return await StorePhotoAsync(clinicId, patientId, document, source, checkedContent.Value!, new PhotoMarks(true, photo.UploadRequestId), cancellationToken);
    }

    /// <summary>Stores what <see cref="PhotoCleaner"/> made of the photo (F3), never the bytes as received, with its thumbnail.</summary>
    private async Task<Result<PatientDocument>> StorePhotoAsync(
        Guid clinicId, Guid patientId, NewPatientDocument document, Stream source, AcceptedContent accepted, PhotoMarks marks, CancellationToken cancellationToken)
    {
        if (!PhotoCleaner.Accepted.Contains(accepted.ContentType))
        {
            return DocumentErrors.NotAPhoto;
        }

        var original = new byte[source.Length];
        await source.ReadExactlyAsync(original, cancellationToken);
        if (PhotoCleaner.Clean(original, accepted.ContentType) is not { } cleaned)
        {
            return DocumentErrors.NotAPhoto;
        }

        return await db.InTransactionAsync(
            async () =>
            {
                using var image = new MemoryStream(cleaned.Image, writable: false);
                using var thumbnail = new MemoryStream(cleaned.Thumbnail, writable: false);
                var storedThumbnail = await files.SaveAsync(DocumentRules.ThumbnailArea, thumbnail, cancellationToken);
                db.OnRollback(ct => files.DeleteAsync(storedThumbnail.Key, ct));
                return Result<PatientDocument>.Success(
                    await StoreAsync(clinicId, patientId, document, image, accepted, marks with { ThumbnailKey = storedThumbnail.Key }, cancellationToken));
            },
            cancellationToken);
    }

    public async Task<OpenedDocument?> OpenThumbnailAsync(Guid clinicId, Guid patientId, Guid documentId, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleOrDefaultAsync<DocumentRow>(
            $"select {Columns} from registration.documents where clinic_id = @clinicId and patient_id = @patientId and id = @documentId",
            new { clinicId, patientId, documentId },
            cancellationToken);
        var content = row?.ThumbnailKey is { } key ? await files.OpenReadAsync(key, cancellationToken) : null;
        return row is null || content is null
            ? null
            : new OpenedDocument(row.ToDocument() with { ContentType = ContentInspector.Jpeg }, content, DocumentRules.DownloadName(row.Title, ContentInspector.Jpeg));
    }

    private async Task<PatientDocument> StoreAsync(
        Guid clinicId, Guid patientId, NewPatientDocument document, Stream source, AcceptedContent accepted, PhotoMarks? marks, CancellationToken cancellationToken)
    {
        var stored = await files.SaveAsync(DocumentRules.StorageArea, source, cancellationToken);
        db.OnRollback(ct => files.DeleteAsync(stored.Key, ct));
        var who = actor.Actor;
        var row = new DocumentRow
        {
            Id = Guid.CreateVersion7(),
            PatientId = patientId,
            Type = DocumentRules.Code(document.Type),
            Title = document.Title.Trim(),
            DocumentDate = document.Date,
            Source = string.IsNullOrWhiteSpace(document.Source) ? null : document.Source.Trim(),
            ContentType = accepted.ContentType,
            ByteLength = stored.Length,
            Sha256 = stored.Sha256,
            AddedAt = WholeMicroseconds(clock.GetUtcNow()),
            AddedByName = who.Label,
            FileKey = stored.Key,
            ThumbnailKey = marks?.ThumbnailKey,
            ForReviewAtVisit = marks?.ForReviewAtVisit ?? false,
            UploadRequestId = marks?.UploadRequestId,
        };
        await db.ExecuteAsync(
            """
            insert into registration.documents
                (id, clinic_id, patient_id, type, title, document_date, source, file_key, content_type, byte_length, sha256, added_at, added_by, added_by_name,
                 thumbnail_key, for_review_at_visit, upload_request_id)
            values
                (@Id, @clinicId, @PatientId, @Type, @Title, @DocumentDate, @Source, @FileKey, @ContentType, @ByteLength, @Sha256, @AddedAt, @addedBy, @AddedByName,
                 @ThumbnailKey, @ForReviewAtVisit, @UploadRequestId)
            """,
            new
            {
                row.Id,
                clinicId,
                row.PatientId,
                row.Type,
                row.Title,
                row.DocumentDate,
                row.Source,
                row.FileKey,
                row.ContentType,
                row.ByteLength,
                row.Sha256,
                row.AddedAt,
                addedBy = who.Id,
                row.AddedByName,
                row.ThumbnailKey,
                row.ForReviewAtVisit,
                row.UploadRequestId,
            },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(
                DocumentAudit.Added,
                clinicId,
                DocumentAudit.TargetType,
                row.Id.ToString(),
                new { patientId, type = row.Type, contentType = row.ContentType, bytes = row.ByteLength, sha256 = row.Sha256, uploadRequestId = row.UploadRequestId }),
            cancellationToken);
        return row.ToDocument();
    }

    public async Task<OpenedDocument?> OpenAsync(Guid clinicId, Guid patientId, Guid documentId, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleOrDefaultAsync<DocumentRow>(
            $"select {Columns} from registration.documents where clinic_id = @clinicId and patient_id = @patientId and id = @documentId",
            new { clinicId, patientId, documentId },
            cancellationToken);
        var content = row is null ? null : await files.OpenReadAsync(row.FileKey, cancellationToken);
        if (row is null || content is null)
        {
            return null;
        }

        await audit.RecordAsync(
            new AuditEvent(DocumentAudit.Opened, clinicId, DocumentAudit.TargetType, row.Id.ToString(), new { patientId }), cancellationToken);
        return new OpenedDocument(row.ToDocument(), content, DocumentRules.DownloadName(row.Title, row.ContentType));
    }

    private static Error? Validate(NewPatientDocument document)
    {
        if (!Enum.IsDefined(document.Type))
        {
            return Error.Field("type", "document_type_unknown", $"The type must be one of: {string.Join(", ", DocumentRules.TypeCodes)}.");
        }

        if (string.IsNullOrWhiteSpace(document.Title) || document.Title.Trim().Length > DocumentRules.MaxTitleLength)
        {
            return Error.Field("title", "document_title_length", $"The title is required and at most {DocumentRules.MaxTitleLength} characters.");
        }

        if (document.Source is { } source && source.Trim().Length > DocumentRules.MaxSourceLength)
        {
            return Error.Field("source", "document_source_length", $"The source is at most {DocumentRules.MaxSourceLength} characters.");
        }

        if (document.Date < DocumentRules.EarliestDate)
        {
            return Error.Field("date", "document_date_too_early", "The date must be in 1900 or later.");
        }

        return null;
    }

    /// <summary>The rules of F1/F2 in order: not empty, a type known from the bytes, the declared type agreeing, its size limit, then the whole file well formed.</summary>
    private static async Task<Result<AcceptedContent>> CheckAsync(Stream content, string? declaredContentType, CancellationToken cancellationToken)
    {
        content.Position = 0;
        if (content.Length == 0)
        {
            return DocumentErrors.Empty;
        }

        var head = new byte[(int)Math.Min(ContentInspector.HeadLength, content.Length)];
        await content.ReadExactlyAsync(head, cancellationToken);
        if (ContentInspector.Sniff(head) is not { } detected || !DocumentRules.Accepted.TryGetValue(detected, out var accepted))
        {
            return DocumentErrors.Unsupported;
        }

        if (!DocumentRules.Agrees(declaredContentType, detected))
        {
            return DocumentErrors.Mismatch(declaredContentType!, detected);
        }

        if (content.Length > accepted.MaxBytes)
        {
            return DocumentErrors.TooLarge(accepted);
        }

        return await ContentInspector.VerifyAsync(detected, content, cancellationToken) ? accepted : DocumentErrors.Unsupported;
    }

    /// <summary>A forward-only stream copied to a temporary file that deletes itself, refusing more than the largest limit.</summary>
    private static async Task<FileStream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var spool = new FileStream(
            Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (spool.Length > DocumentRules.LargestFile)
                {
                    break;
                }
            }

            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>What timestamptz keeps, so the document returned equals the one read back later.</summary>
    private static DateTimeOffset WholeMicroseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % 10));

    private Task<bool> PatientExistsAsync(Guid clinicId, Guid patientId, CancellationToken cancellationToken) =>
        db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from registration.patients where clinic_id = @clinicId and id = @patientId)",
            new { clinicId, patientId },
            cancellationToken);

    private sealed class DocumentRow
    {
        public Guid Id { get; init; }

        public Guid PatientId { get; init; }

        public string Type { get; init; } = "";

        public string Title { get; init; } = "";

        public DateOnly DocumentDate { get; init; }

        public string? Source { get; init; }

        public string ContentType { get; init; } = "";

        public long ByteLength { get; init; }

        public string Sha256 { get; init; } = "";

        public DateTimeOffset AddedAt { get; init; }

        public string? AddedByName { get; init; }

        public string FileKey { get; init; } = "";

        public string? ThumbnailKey { get; init; }

        public bool ForReviewAtVisit { get; init; }

        public Guid? UploadRequestId { get; init; }

        public PatientDocument ToDocument() => new(
            Id, PatientId, DocumentRules.ParseType(Type) ?? DocumentType.Other, Title, DocumentDate, Source, ContentType, ByteLength, Sha256, AddedAt, AddedByName)
        {
            HasThumbnail = ThumbnailKey is not null,
            ForReviewAtVisit = ForReviewAtVisit,
            UploadRequestId = UploadRequestId,
        };
    }
}
