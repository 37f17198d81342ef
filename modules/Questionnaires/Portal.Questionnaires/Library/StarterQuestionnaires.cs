using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Portal.Questionnaires.Fhir;
using Portal.Shared.Database;

namespace Portal.Questionnaires.Library;

/// <summary>
/// The questionnaires written for Portal (a general intake and a mood screen with its total score, in English and French), put in a
/// clinic's library the first time its library is used, once: a clinic that later imports newer versions keeps them.
/// </summary>
internal sealed class StarterQuestionnaires(IDbSession db, LibraryStore library, TimeProvider clock)
{
    public static readonly string[] Names = ["general-intake", "mood-screen"];

    private static readonly Lazy<IReadOnlyList<Questionnaire>> Resources = new(Load);

    public static IReadOnlyList<Questionnaire> All => Resources.Value;

    public async Task EnsureAsync(Guid clinicId, CancellationToken cancellationToken)
    {
        if (await db.QuerySingleAsync<bool>("select exists (select 1 from questionnaires.starters_seeded where clinic_id = @clinicId)", new { clinicId }, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var first = await db.ExecuteAsync(
            "insert into questionnaires.starters_seeded (clinic_id, seeded_at) values (@clinicId, @now) on conflict do nothing", new { clinicId, now }, cancellationToken);
        if (first == 0)
        {
            return;
        }

        foreach (var questionnaire in All)
        {
            (await library.ImportAsync(clinicId, questionnaire, starter: true, importedBy: null, now, cancellationToken)).ThrowIfFailed();
        }
    }

    private static List<Questionnaire> Load()
    {
        var assembly = typeof(StarterQuestionnaires).Assembly;
        var list = new List<Questionnaire>();
        foreach (var name in Names)
        {
            foreach (var language in new[] { "en", "fr" })
            {
                using var stream = assembly.GetManifestResourceStream($"Portal.Questionnaires.Starters.{name}.{language}.json")
                    ?? throw new InvalidOperationException($"The starter questionnaire {name}.{language}.json is not embedded.");
                using var reader = new StreamReader(stream);
                var (questionnaire, problems) = FhirJson.Parse<Questionnaire>(reader.ReadToEnd());
                if (questionnaire is null || QuestionnaireChecks.Check(questionnaire).Any)
                {
                    throw new InvalidOperationException($"The starter questionnaire {name}.{language}.json does not pass Portal's checks: {string.Join("; ", problems)}");
                }

                list.Add(questionnaire);
            }
        }

        return list;
    }
}
