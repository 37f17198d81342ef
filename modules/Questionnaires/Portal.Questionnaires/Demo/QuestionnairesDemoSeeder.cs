using Portal.Appointments.Contracts;
using Portal.Questionnaires.Features.PreVisitTasks;
using Portal.Questionnaires.Library;
using Portal.Shared.Cli;
using Portal.Shared.Tenancy;

namespace Portal.Questionnaires.Demo;

/// <summary>
/// The demo clinic's library (the starter questionnaires) and its pre-visit tasks, added once, when it has none: the general
/// intake before every appointment type patients book online, due a day before, and the mood screen before the annual physical.
/// </summary>
internal sealed class QuestionnairesDemoSeeder(
    IClinicDirectory clinics, StarterQuestionnaires starters, LibraryStore library, PreVisitTaskStore tasks, IAppointmentFacts appointments)
    : IDemoDataSeeder
{
    private const int DayBefore = 1440;

    /// <summary>After Appointments' seeder, whose appointment types the tasks hang on.</summary>
    public int Order => 50;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clinic = await clinics.FindBySlugAsync(context.ClinicSlug, cancellationToken)
            ?? throw new InvalidOperationException($"The demo clinic '{context.ClinicSlug}' does not exist.");
        await starters.EnsureAsync(clinic.Id, cancellationToken);
        if ((await tasks.ListAsync(clinic.Id, null, cancellationToken)).Count > 0)
        {
            return;
        }

        var entries = (await library.ListAsync(clinic.Id, cancellationToken)).Items;
        var intake = entries.Single(e => e.Url == "urn:portal:questionnaire:general-intake").Id;
        var mood = entries.Single(e => e.Url == "urn:portal:questionnaire:mood-screen").Id;
        foreach (var type in await appointments.TypesAsync(clinic.Id, cancellationToken))
        {
            IReadOnlyList<PreVisitTask> asked = type.NameEn == "Annual physical"
                ? [new(intake, DayBefore), new(mood, DayBefore)]
                : [new(intake, DayBefore)];
            await tasks.ReplaceAsync(clinic.Id, type.Id, asked, cancellationToken);
        }
    }
}
