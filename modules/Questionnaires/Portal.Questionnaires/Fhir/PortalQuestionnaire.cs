using Hl7.Fhir.Model;

namespace Portal.Questionnaires.Fhir;

/// <summary>The parts of FHIR R4 Questionnaire that Portal's form renders and its server checks, and the conventions it reads.</summary>
internal static class PortalQuestionnaire
{
    /// <summary>SDC's calculated value of an item; Portal computes one form of it, <see cref="TotalScoreExpression"/>.</summary>
    public const string CalculatedExpressionUrl = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";

    /// <summary>The score of an answer option (on the option or on its coding).</summary>
    public const string OrdinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    /// <summary>The total score: the sum of the ordinal values of every chosen answer in the response.</summary>
    public const string TotalScoreExpression = "%resource.repeat(item).answer.value.ordinal().sum()";

    public const int MaxItems = 500;

    public static readonly IReadOnlySet<Questionnaire.QuestionnaireItemType> SupportedTypes = new HashSet<Questionnaire.QuestionnaireItemType>
    {
        Questionnaire.QuestionnaireItemType.Group,
        Questionnaire.QuestionnaireItemType.Display,
        Questionnaire.QuestionnaireItemType.String,
        Questionnaire.QuestionnaireItemType.Text,
        Questionnaire.QuestionnaireItemType.Boolean,
        Questionnaire.QuestionnaireItemType.Choice,
        Questionnaire.QuestionnaireItemType.OpenChoice,
        Questionnaire.QuestionnaireItemType.Integer,
        Questionnaire.QuestionnaireItemType.Decimal,
        Questionnaire.QuestionnaireItemType.Date,
        Questionnaire.QuestionnaireItemType.DateTime,
    };

    /// <summary>Every item, depth first, in the questionnaire's order.</summary>
    public static IEnumerable<Questionnaire.ItemComponent> AllItems(IEnumerable<Questionnaire.ItemComponent> items)
    {
        foreach (var item in items)
        {
            yield return item;
            foreach (var child in AllItems(item.Item))
            {
                yield return child;
            }
        }
    }

    public static bool IsTotalScore(Questionnaire.ItemComponent item) =>
        item.GetExtension(CalculatedExpressionUrl)?.Value is Expression { Expression_ : TotalScoreExpression };

    public static bool IsQuestion(Questionnaire.ItemComponent item) =>
        item.Type is not (Questionnaire.QuestionnaireItemType.Group or Questionnaire.QuestionnaireItemType.Display);

    /// <summary>The codings a choice item offers: its answer options, or the contained value set its answerValueSet names (#id).</summary>
    public static IReadOnlyList<Coding> Options(Questionnaire questionnaire, Questionnaire.ItemComponent item)
    {
        if (item.AnswerOption.Count > 0)
        {
            return item.AnswerOption.Select(o => o.Value).OfType<Coding>().ToList();
        }

        if (item.AnswerValueSet is { Length: > 1 } reference && reference[0] == '#'
            && questionnaire.Contained.OfType<ValueSet>().FirstOrDefault(v => v.Id == reference[1..]) is { } valueSet)
        {
            if (valueSet.Expansion?.Contains is { Count: > 0 } contains)
            {
                return contains.Select(c => new Coding(c.System, c.Code, c.Display)).ToList();
            }

            return valueSet.Compose?.Include.SelectMany(i => i.Concept.Select(c => new Coding(i.System, c.Code, c.Display))).ToList() ?? [];
        }

        return [];
    }

    /// <summary>The score of <paramref name="coding"/> among the item's options, or null when it has none.</summary>
    public static decimal? Ordinal(Questionnaire.ItemComponent item, Coding coding)
    {
        var option = item.AnswerOption.FirstOrDefault(o => o.Value is Coding c && SameCode(c, coding));
        var extension = option?.GetExtension(OrdinalValueUrl) ?? (option?.Value as Coding)?.GetExtension(OrdinalValueUrl);
        return extension?.Value switch
        {
            FhirDecimal d => d.Value,
            Integer i => i.Value,
            _ => null,
        };
    }

    public static bool SameCode(Coding a, Coding b) =>
        string.Equals(a.Code, b.Code, StringComparison.Ordinal) && (a.System is null || b.System is null || a.System == b.System);
}
