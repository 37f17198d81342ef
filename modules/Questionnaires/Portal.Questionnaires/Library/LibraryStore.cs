using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Portal.Questionnaires.Fhir;
using Portal.Shared.Database;
using Portal.Shared.Results;

namespace Portal.Questionnaires.Library;

/// <param name="Languages">The languages this version is written in, with its title in each.</param>
internal sealed record LibraryVersion(Guid Id, string Version, DateTimeOffset ImportedAt, IReadOnlyList<LibraryTitle> Languages);

internal sealed record LibraryTitle(string Language, string Title);

/// <summary>A questionnaire in the clinic's library, newest version first.</summary>
/// <param name="Starter">Written for Portal and put in every clinic's library.</param>
internal sealed record LibraryEntry(Guid Id, string Url, bool Starter, IReadOnlyList<LibraryVersion> Versions);

internal sealed record Library(IReadOnlyList<LibraryEntry> Items);

/// <summary>One language of one version: the FHIR Questionnaire as stored.</summary>
internal sealed record StoredText(Guid QuestionnaireId, Guid VersionId, string Version, string Language, string Title, string Resource)
{
    public Questionnaire Parse() => FhirJson.Parse<Questionnaire>(Resource).Resource
        ?? throw new InvalidOperationException($"The stored questionnaire version {VersionId} ({Language}) no longer reads as FHIR.");

    public JsonElement Json() => JsonDocument.Parse(Resource).RootElement;
}

/// <summary>The clinic's questionnaire library: questionnaires by url, their versions, and each version's text per language.</summary>
internal sealed class LibraryStore(IDbSession db)
{
    private sealed record Row(Guid Id, string Url, bool Starter, Guid? VersionId, string? Version, DateTimeOffset? ImportedAt, string? Language, string? Title);

    public async Task<Library> ListAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync<Row>(
            """
            select q.id, q.url, q.starter, v.id as version_id, v.version, v.imported_at, t.language, t.title
            from questionnaires.questionnaires q
            left join questionnaires.versions v on v.questionnaire_id = q.id
            left join questionnaires.version_texts t on t.version_id = v.id
            where q.clinic_id = @clinicId
            order by q.starter desc, q.url, v.imported_at desc, v.id desc, t.language
            """,
            new { clinicId }, cancellationToken);
        return new Library(rows.GroupBy(r => r.Id).Select(Entry).ToList());
    }

    public async Task<LibraryEntry?> FindAsync(Guid clinicId, Guid questionnaireId, CancellationToken cancellationToken) =>
        (await ListAsync(clinicId, cancellationToken)).Items.FirstOrDefault(e => e.Id == questionnaireId);

    /// <summary>
    /// One language of a version: the version named, else the newest; the language asked for when that version has it, else the other.
    /// Null when the clinic has no such questionnaire or version.
    /// </summary>
    public async Task<StoredText?> TextAsync(Guid clinicId, Guid questionnaireId, Guid? versionId, string language, CancellationToken cancellationToken) =>
        await db.QuerySingleOrDefaultAsync<StoredText>(
            """
            select v.questionnaire_id, v.id as version_id, v.version, t.language, t.title, t.resource
            from questionnaires.versions v
            join questionnaires.version_texts t on t.version_id = v.id
            where v.clinic_id = @clinicId and v.questionnaire_id = @questionnaireId and (@versionId::uuid is null or v.id = @versionId)
            order by v.imported_at desc, v.id desc, (t.language = @language) desc
            limit 1
            """,
            new { clinicId, questionnaireId, versionId, language }, cancellationToken);

    /// <summary>Adds a checked questionnaire: a new entry for a new url, a new version, or the other language of an existing version.</summary>
    public async Task<Result<Guid>> ImportAsync(
        Guid clinicId, Questionnaire questionnaire, bool starter, Guid? importedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var questionnaireId = await db.QuerySingleAsync<Guid>(
            """
            with inserted as (
                insert into questionnaires.questionnaires (id, clinic_id, url, starter, created_at) values (@id, @clinicId, @Url, @starter, @now)
                on conflict (clinic_id, url) do nothing
                returning id)
            select id from inserted
            union all
            select id from questionnaires.questionnaires where clinic_id = @clinicId and url = @Url
            limit 1
            """,
            new { id = Guid.CreateVersion7(now), clinicId, questionnaire.Url, starter, now }, cancellationToken);

        var versionId = await db.QuerySingleAsync<Guid>(
            """
            with inserted as (
                insert into questionnaires.versions (id, clinic_id, questionnaire_id, version, imported_at) values (@id, @clinicId, @questionnaireId, @Version, @now)
                on conflict (questionnaire_id, version) do nothing
                returning id)
            select id from inserted
            union all
            select id from questionnaires.versions where questionnaire_id = @questionnaireId and version = @Version
            limit 1
            """,
            new { id = Guid.CreateVersion7(now), clinicId, questionnaireId, questionnaire.Version, now }, cancellationToken);

        var others = await db.QueryAsync<string>(
            "select resource from questionnaires.version_texts where version_id = @versionId and language <> @Language",
            new { versionId, questionnaire.Language }, cancellationToken);
        foreach (var other in others)
        {
            if (FhirJson.Parse<Questionnaire>(other).Resource is { } otherLanguage && !QuestionnaireChecks.SameStructure(otherLanguage, questionnaire))
            {
                return QuestionnairesErrors.LanguagesDiffer;
            }
        }

        var added = await db.ExecuteAsync(
            """
            insert into questionnaires.version_texts (version_id, clinic_id, language, title, resource, imported_at, imported_by)
            values (@versionId, @clinicId, @Language, @Title, @resource, @now, @importedBy)
            on conflict (version_id, language) do nothing
            """,
            new { versionId, clinicId, questionnaire.Language, questionnaire.Title, resource = FhirJson.Write(questionnaire), now, importedBy },
            cancellationToken);
        return added == 0 ? QuestionnairesErrors.VersionExists : questionnaireId;
    }

    private static LibraryEntry Entry(IGrouping<Guid, Row> rows)
    {
        var first = rows.First();
        var versions = rows.Where(r => r.VersionId is not null).GroupBy(r => r.VersionId!.Value)
            .Select(v => new LibraryVersion(
                v.Key, v.First().Version!, v.First().ImportedAt!.Value,
                v.Where(t => t.Language is not null).Select(t => new LibraryTitle(t.Language!, t.Title!)).ToList()))
            .ToList();
        return new LibraryEntry(first.Id, first.Url, first.Starter, versions);
    }
}
