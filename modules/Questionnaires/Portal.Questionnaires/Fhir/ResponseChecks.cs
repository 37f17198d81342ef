using System.Globalization;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.Questionnaire;
using ResponseItem = Hl7.Fhir.Model.QuestionnaireResponse.ItemComponent;

namespace Portal.Questionnaires.Fhir;

/// <summary>
/// Checks a QuestionnaireResponse against its Questionnaire, as the server must whatever the page did: every answered item exists
/// and has answers of its type (codes among its options, text within maxLength), only repeating items have several answers, and, for
/// a submission, every enabled required question is answered and no hidden one (enableWhen, with enableBehavior) is. The calculated
/// total score is the server's own sum, whatever the response said.
/// </summary>
internal sealed class ResponseChecks
{
    private readonly Questionnaire _questionnaire;
    private readonly Dictionary<string, ItemComponent> _items;
    private readonly Dictionary<string, List<DataType>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _enabled = new(StringComparer.Ordinal);

    private ResponseChecks(Questionnaire questionnaire)
    {
        _questionnaire = questionnaire;
        _items = PortalQuestionnaire.AllItems(questionnaire.Item).ToDictionary(i => i.LinkId ?? string.Empty, StringComparer.Ordinal);
    }

    /// <summary>The problems (none when it is acceptable) and the total score, which is written into the response's total item.</summary>
    public static (ItemProblems Problems, decimal? Total) Check(Questionnaire questionnaire, QuestionnaireResponse response, bool submission)
    {
        var checks = new ResponseChecks(questionnaire);
        var problems = new ItemProblems();
        checks.CheckLevel(questionnaire.Item, response.Item, problems);
        if (problems.Any)
        {
            return (problems, null);
        }

        foreach (var item in questionnaire.Item)
        {
            checks.Enable(item, parentEnabled: true);
        }

        var total = checks.Total();
        checks.WriteTotals(response.Item, total);
        if (submission)
        {
            checks.CheckCompleteness(questionnaire.Item, problems);
        }

        return (problems, total);
    }

    /// <summary>Whether the item is shown, given the answers: its group is shown and its enableWhen holds (all or any, per enableBehavior).</summary>
    public static bool IsEnabled(ItemComponent item, Func<string, IReadOnlyList<DataType>> answersOf)
    {
        if (item.EnableWhen.Count == 0)
        {
            return true;
        }

        var results = item.EnableWhen.Select(condition => Holds(condition, answersOf(condition.Question ?? string.Empty)));
        return item.EnableBehavior == EnableWhenBehavior.Any ? results.Any(r => r) : results.All(r => r);
    }

    private static bool Holds(EnableWhenComponent condition, IReadOnlyList<DataType> answers)
    {
        if (condition.Operator == QuestionnaireItemOperator.Exists)
        {
            return answers.Count > 0 == (condition.Answer is FhirBoolean { Value: true });
        }

        var comparisons = answers.Select(a => Compare(a, condition.Answer)).ToList();
        return condition.Operator switch
        {
            QuestionnaireItemOperator.Equal => comparisons.Any(c => c == 0),
            QuestionnaireItemOperator.NotEqual => comparisons.All(c => c != 0),
            QuestionnaireItemOperator.GreaterThan => comparisons.Any(c => c is > 0 and not int.MaxValue),
            QuestionnaireItemOperator.LessThan => comparisons.Any(c => c < 0),
            QuestionnaireItemOperator.GreaterOrEqual => comparisons.Any(c => c is >= 0 and not int.MaxValue),
            QuestionnaireItemOperator.LessOrEqual => comparisons.Any(c => c <= 0),
            _ => false,
        };
    }

    /// <summary>Negative, zero or positive as the answer is below, equal to or above the value; int.MaxValue when they do not compare.</summary>
    private static int Compare(DataType answer, DataType value) => (answer, value) switch
    {
        (Coding a, Coding b) => PortalQuestionnaire.SameCode(a, b) ? 0 : int.MaxValue,
        (FhirBoolean a, FhirBoolean b) => a.Value == b.Value ? 0 : int.MaxValue,
        (Integer a, Integer b) => Nullable.Compare(a.Value, b.Value),
        (FhirDecimal a, FhirDecimal b) => Nullable.Compare(a.Value, b.Value),
        (FhirDecimal a, Integer b) => Nullable.Compare(a.Value, b.Value),
        (FhirString a, FhirString b) => string.CompareOrdinal(a.Value, b.Value),
        (Date a, Date b) => string.CompareOrdinal(a.Value, b.Value),
        (FhirDateTime a, FhirDateTime b) => a.TryToDateTimeOffset(out var x) && b.TryToDateTimeOffset(out var y) ? x.CompareTo(y) : int.MaxValue,
        _ => int.MaxValue,
    };

    private IReadOnlyList<DataType> AnswersOf(string linkId) =>
        _enabled.GetValueOrDefault(linkId, true) && _answers.TryGetValue(linkId, out var answers) ? answers : [];

    private void CheckLevel(List<ItemComponent> definitions, List<ResponseItem> answered, ItemProblems problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in answered)
        {
            var definition = definitions.FirstOrDefault(d => d.LinkId == item.LinkId);
            if (item.LinkId is null || definition is null)
            {
                problems.Add(item.LinkId ?? "item", "unknown_item", "The questionnaire has no such item here.");
                continue;
            }

            var place = item.LinkId;
            if (!seen.Add(item.LinkId))
            {
                problems.Add(place, "item_repeated", "This item appears more than once.");
                continue;
            }

            if (definition.Type is QuestionnaireItemType.Group or QuestionnaireItemType.Display)
            {
                if (item.Answer.Count > 0)
                {
                    problems.Add(place, "not_a_question", "This item takes no answer.");
                }

                CheckLevel(definition.Item, item.Item, problems);
                continue;
            }

            if (item.Item.Count > 0 || item.Answer.Any(a => a.Item.Count > 0))
            {
                problems.Add(place, "unknown_item", "This question holds no other items.");
            }

            if (item.Answer.Count > 1 && definition.Repeats != true)
            {
                problems.Add(place, "repeats", "This question takes one answer.");
            }

            var values = new List<DataType>();
            foreach (var answer in item.Answer)
            {
                if (CheckAnswer(definition, answer.Value, place, problems))
                {
                    values.Add(answer.Value!);
                }
            }

            _answers[item.LinkId] = values;
        }
    }

    private bool CheckAnswer(ItemComponent definition, DataType? value, string place, ItemProblems problems)
    {
        var fits = (definition.Type, value) switch
        {
            (QuestionnaireItemType.Boolean, FhirBoolean { Value: not null }) => true,
            (QuestionnaireItemType.Decimal, FhirDecimal { Value: not null }) => true,
            (QuestionnaireItemType.Integer, Integer { Value: not null }) => true,
            (QuestionnaireItemType.Date, Date { Value: not null } d) => d.TryToDateTimeOffset(out _),
            (QuestionnaireItemType.DateTime, FhirDateTime { Value: not null } d) => d.TryToDateTimeOffset(out _),
            (QuestionnaireItemType.String or QuestionnaireItemType.Text or QuestionnaireItemType.OpenChoice, FhirString { Value: { Length: > 0 } }) => true,
            (QuestionnaireItemType.Choice or QuestionnaireItemType.OpenChoice, Coding coding) => Offers(definition, coding),
            _ => false,
        };
        if (!fits)
        {
            var code = value is Coding ? "not_an_option" : "wrong_type";
            problems.Add(place, code, value is Coding
                ? "Choose one of the answers offered."
                : $"This question takes an answer of type {definition.Type?.ToString().ToLowerInvariant()}.");
            return false;
        }

        if (value is FhirString text && definition.MaxLength is { } maxLength && new StringInfo(text.Value ?? string.Empty).LengthInTextElements > maxLength)
        {
            problems.Add(place, "max_length", $"Write at most {maxLength.ToString(CultureInfo.InvariantCulture)} characters.");
            return false;
        }

        return true;
    }

    private bool Offers(ItemComponent definition, Coding coding) =>
        PortalQuestionnaire.Options(_questionnaire, definition).Any(option => PortalQuestionnaire.SameCode(option, coding));

    private void Enable(ItemComponent item, bool parentEnabled)
    {
        // enableWhen may look at questions further down, so each item is decided as it is reached with what is known so far;
        // questions it names that are not yet decided count as shown, which only matters for forms that point forward.
        var enabled = parentEnabled && IsEnabled(item, AnswersOf);
        _enabled[item.LinkId ?? string.Empty] = enabled;
        foreach (var child in item.Item)
        {
            Enable(child, enabled);
        }
    }

    private decimal? Total()
    {
        if (!_items.Values.Any(PortalQuestionnaire.IsTotalScore))
        {
            return null;
        }

        decimal total = 0;
        foreach (var (linkId, answers) in _answers)
        {
            if (!_enabled.GetValueOrDefault(linkId, true))
            {
                continue;
            }

            foreach (var coding in answers.OfType<Coding>())
            {
                total += PortalQuestionnaire.Ordinal(_items[linkId], coding) ?? 0;
            }
        }

        return total;
    }

    private void WriteTotals(List<ResponseItem> items, decimal? total)
    {
        foreach (var item in items)
        {
            if (_items.TryGetValue(item.LinkId ?? string.Empty, out var definition) && PortalQuestionnaire.IsTotalScore(definition))
            {
                item.Answer = total is { } value
                    ? [new QuestionnaireResponse.AnswerComponent
                    {
                        Value = definition.Type == QuestionnaireItemType.Integer ? new Integer((int)Math.Round(value)) : new FhirDecimal(value),
                    }]
                    : [];
            }

            WriteTotals(item.Item, total);
        }
    }

    private void CheckCompleteness(List<ItemComponent> definitions, ItemProblems problems)
    {
        foreach (var definition in definitions)
        {
            var linkId = definition.LinkId ?? string.Empty;
            var enabled = _enabled.GetValueOrDefault(linkId, true);
            var answered = Answered(definition);
            if (!enabled && answered)
            {
                problems.Add(linkId, "answered_while_hidden", "This question is not asked given the other answers, so it takes no answer.");
            }
            else if (enabled && definition.Required == true && !answered && !PortalQuestionnaire.IsTotalScore(definition))
            {
                problems.Add(linkId, "required", "This question needs an answer.");
            }

            if (enabled)
            {
                CheckCompleteness(definition.Item, problems);
            }
        }
    }

    private bool Answered(ItemComponent definition) =>
        (_answers.TryGetValue(definition.LinkId ?? string.Empty, out var answers) && answers.Count > 0 && !PortalQuestionnaire.IsTotalScore(definition))
        || definition.Item.Any(Answered);
}
