using Portal.Questionnaires.Fhir;
using Portal.Questionnaires.Library;

namespace Portal.Questionnaires.Tests;

public sealed class StarterQuestionnaireTests
{
    [Fact]
    public void Starter_questionnaires_read_as_FHIR_and_pass_Portals_checks_in_both_languages()
    {
        var all = StarterQuestionnaires.All;

        all.Select(q => (q.Url, q.Language)).ShouldBe([
            (QuestionnairesApi.IntakeUrl, "en"), (QuestionnairesApi.IntakeUrl, "fr"), (QuestionnairesApi.MoodUrl, "en"), (QuestionnairesApi.MoodUrl, "fr")]);
        QuestionnaireChecks.SameStructure(all[0], all[1]).ShouldBeTrue();
        QuestionnaireChecks.SameStructure(all[2], all[3]).ShouldBeTrue();
        QuestionnaireChecks.SameStructure(all[0], all[2]).ShouldBeFalse();
    }
}
