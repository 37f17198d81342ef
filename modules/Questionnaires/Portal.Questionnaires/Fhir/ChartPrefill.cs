using Hl7.Fhir.Model;
using Portal.Registration.Contracts;
using static Hl7.Fhir.Model.Questionnaire;

namespace Portal.Questionnaires.Fhir;

/// <summary>
/// Answers filled in from the patient's chart before they type anything: SDC's initialExpression on an item, in one of the
/// few forms Portal knows (<see cref="Fields"/>), each read from the chart by the server rather than evaluated as FHIRPath.
/// </summary>
internal static class ChartPrefill
{
    /// <summary>SDC's initial value of an item.</summary>
    public const string InitialExpressionUrl = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-initialExpression";

    public const string GivenName = "%patient.name.first().given.first()";
    public const string FamilyName = "%patient.name.first().family";
    public const string BirthDate = "%patient.birthDate";

    private sealed record Field(IReadOnlySet<QuestionnaireItemType> Types, Func<PatientIdentity, DataType> Value);

    private static readonly HashSet<QuestionnaireItemType> Text = [QuestionnaireItemType.String, QuestionnaireItemType.Text];

    /// <summary>The expressions Portal fills in, each with the item types it fits: the legal given and family names, and the date of birth.</summary>
    private static readonly Dictionary<string, Field> Fields = new(StringComparer.Ordinal)
    {
        [GivenName] = new(Text, patient => new FhirString(patient.LegalGivenName)),
        [FamilyName] = new(Text, patient => new FhirString(patient.LegalFamilyName)),
        [BirthDate] = new(new HashSet<QuestionnaireItemType> { QuestionnaireItemType.Date },
            patient => new Date(patient.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))),
    };

    public static IEnumerable<string> Known => Fields.Keys;

    /// <summary>The item's initialExpression, when it has one: its text, or "" when it is not a FHIRPath Expression.</summary>
    public static string? ExpressionOf(ItemComponent item) => item.GetExtension(InitialExpressionUrl) switch
    {
        null => null,
        { Value: Expression { Language: "text/fhirpath", Expression_: { } text } } => text,
        _ => "",
    };

    /// <summary>Whether Portal can fill this item in from the chart.</summary>
    public static bool Fits(ItemComponent item) =>
        ExpressionOf(item) is { } expression && Fields.TryGetValue(expression, out var field) && item.Type is { } type && field.Types.Contains(type);

    /// <summary>
    /// A draft response with the chart's answers for the items that ask for them (outside repeating groups), or null when
    /// the questionnaire asks for none, or when what the chart holds would not pass the draft's checks (a name over maxLength).
    /// </summary>
    public static QuestionnaireResponse? Fill(Questionnaire questionnaire, PatientIdentity patient)
    {
        var items = Level(questionnaire.Item, patient);
        if (items.Count == 0)
        {
            return null;
        }

        var response = new QuestionnaireResponse
        {
            Questionnaire = $"{questionnaire.Url}|{questionnaire.Version}",
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress,
            Item = items,
        };
        return ResponseChecks.Check(questionnaire, response, submission: false).Problems.Any ? null : response;
    }

    private static List<QuestionnaireResponse.ItemComponent> Level(IEnumerable<ItemComponent> items, PatientIdentity patient)
    {
        var filled = new List<QuestionnaireResponse.ItemComponent>();
        foreach (var item in items)
        {
            if (item.Type == QuestionnaireItemType.Group && item.Repeats != true)
            {
                var children = Level(item.Item, patient);
                if (children.Count > 0)
                {
                    filled.Add(new QuestionnaireResponse.ItemComponent { LinkId = item.LinkId, Item = children });
                }
            }
            else if (Fits(item))
            {
                filled.Add(new QuestionnaireResponse.ItemComponent
                {
                    LinkId = item.LinkId,
                    Answer = [new QuestionnaireResponse.AnswerComponent { Value = Fields[ExpressionOf(item)!].Value(patient) }],
                });
            }
        }

        return filled;
    }
}
