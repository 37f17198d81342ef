using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.Questionnaire;

namespace Portal.Questionnaires.Fhir;

/// <summary>
/// Whether a FHIR Questionnaire is one Portal can put before patients: identified (url, version, language), titled, and made only of
/// what the form renders and the server checks. Problems are keyed by link id, or by the element at fault.
/// </summary>
internal static class QuestionnaireChecks
{
    public static ItemProblems Check(Questionnaire questionnaire)
    {
        var problems = new ItemProblems();
        if (string.IsNullOrWhiteSpace(questionnaire.Url) || questionnaire.Url.Length > 500 || !Uri.IsWellFormedUriString(questionnaire.Url, UriKind.Absolute))
        {
            problems.Add("url", "url_required", "A questionnaire needs a url (an absolute address of at most 500 characters) that names it across versions.");
        }

        if (string.IsNullOrWhiteSpace(questionnaire.Version) || questionnaire.Version.Length > 64)
        {
            problems.Add("version", "version_required", "A questionnaire needs a version of at most 64 characters.");
        }

        if (questionnaire.Language is not ("en" or "fr"))
        {
            problems.Add("language", "language_required", "Set language to \"en\" or \"fr\": the language the questionnaire's text is written in.");
        }

        if (string.IsNullOrWhiteSpace(questionnaire.Title) || questionnaire.Title.Length > 200)
        {
            problems.Add("title", "title_required", "A questionnaire needs a title of at most 200 characters.");
        }

        if (questionnaire.Item.Count == 0)
        {
            problems.Add("item", "items_required", "A questionnaire needs at least one item.");
            return problems;
        }

        var all = PortalQuestionnaire.AllItems(questionnaire.Item).ToList();
        if (all.Count > PortalQuestionnaire.MaxItems)
        {
            problems.Add("item", "too_many_items", $"A questionnaire may have at most {PortalQuestionnaire.MaxItems} items.");
            return problems;
        }

        var byLinkId = new Dictionary<string, ItemComponent>(StringComparer.Ordinal);
        foreach (var item in all)
        {
            if (string.IsNullOrWhiteSpace(item.LinkId) || item.LinkId.Length > 100)
            {
                problems.Add("item", "link_id_required", "Every item needs a linkId of at most 100 characters.");
            }
            else if (!byLinkId.TryAdd(item.LinkId, item))
            {
                problems.Add(item.LinkId, "link_id_repeated", $"The linkId \"{item.LinkId}\" is used by more than one item.");
            }
        }

        CheckLevel(questionnaire, questionnaire.Item, byLinkId, problems);
        return problems;
    }

    /// <summary>Whether two languages of one version ask the same things: same link ids, types, rules and answer codes, in the same order.</summary>
    public static bool SameStructure(Questionnaire a, Questionnaire b)
    {
        var left = PortalQuestionnaire.AllItems(a.Item).ToList();
        var right = PortalQuestionnaire.AllItems(b.Item).ToList();
        return left.Count == right.Count && left.Zip(right).All(pair =>
            pair.First.LinkId == pair.Second.LinkId && pair.First.Type == pair.Second.Type
            && pair.First.Required == pair.Second.Required && pair.First.Repeats == pair.Second.Repeats && pair.First.MaxLength == pair.Second.MaxLength
            && pair.First.EnableWhen.Count == pair.Second.EnableWhen.Count
            && PortalQuestionnaire.Options(a, pair.First).Select(c => c.Code).SequenceEqual(PortalQuestionnaire.Options(b, pair.Second).Select(c => c.Code)));
    }

    private static void CheckLevel(Questionnaire questionnaire, List<ItemComponent> items, Dictionary<string, ItemComponent> byLinkId, ItemProblems problems)
    {
        foreach (var item in items)
        {
            var place = string.IsNullOrWhiteSpace(item.LinkId) ? "item" : item.LinkId;
            if (item.Type is not { } type || !PortalQuestionnaire.SupportedTypes.Contains(type))
            {
                problems.Add(place, "unsupported_item_type",
                    "Portal's form supports the item types group, display, string, text, boolean, choice, open-choice, integer, decimal, date and dateTime.");
                continue;
            }

            if (type != QuestionnaireItemType.Group && string.IsNullOrWhiteSpace(item.Text))
            {
                problems.Add(place, "text_required", "Every question and display item needs its text.");
            }

            if (type == QuestionnaireItemType.Group)
            {
                if (item.Item.Count == 0)
                {
                    problems.Add(place, "group_empty", "A group needs at least one item.");
                }

                if (item.Repeats == true)
                {
                    problems.Add(place, "repeating_group", "Portal's form does not repeat groups; repeat the questions inside instead.");
                }
            }
            else if (item.Item.Count > 0)
            {
                problems.Add(place, "items_under_question", "Only groups hold other items.");
            }

            if (type == QuestionnaireItemType.Display && (item.Required == true || item.Repeats == true))
            {
                problems.Add(place, "display_not_question", "A display item shows text only: it cannot be required or repeat.");
            }

            if (item.MaxLength is { } maxLength
                && (type is not (QuestionnaireItemType.String or QuestionnaireItemType.Text or QuestionnaireItemType.OpenChoice) || maxLength < 1))
            {
                problems.Add(place, "max_length_misplaced", "maxLength is a positive number, on string, text and open-choice items only.");
            }

            if (type is QuestionnaireItemType.Choice or QuestionnaireItemType.OpenChoice)
            {
                if (item.AnswerOption.Any(o => o.Value is not Coding { Code: { Length: > 0 } }))
                {
                    problems.Add(place, "answer_option_not_coding", "Each answer option is a coding with a code and a display.");
                }
                else if (PortalQuestionnaire.Options(questionnaire, item).Count == 0)
                {
                    problems.Add(place, "answer_options_required",
                        "A choice item needs answer options, or an answerValueSet naming a value set contained in the questionnaire (\"#id\").");
                }
            }
            else if (item.AnswerOption.Count > 0 || item.AnswerValueSet is not null)
            {
                problems.Add(place, "answer_options_misplaced", "Only choice and open-choice items have answer options.");
            }

            if (item.GetExtension(PortalQuestionnaire.CalculatedExpressionUrl) is not null)
            {
                if (!PortalQuestionnaire.IsTotalScore(item) || type is not (QuestionnaireItemType.Integer or QuestionnaireItemType.Decimal) || item.ReadOnly != true)
                {
                    problems.Add(place, "unsupported_calculation",
                        $"Portal calculates one thing: a read-only integer or decimal item with the expression {PortalQuestionnaire.TotalScoreExpression}.");
                }

            }

            if (ChartPrefill.ExpressionOf(item) is not null && !ChartPrefill.Fits(item))
            {
                problems.Add(place, "unsupported_initial_expression",
                    $"Portal fills in from the chart only a string or text item with {ChartPrefill.GivenName} or {ChartPrefill.FamilyName}, " +
                    $"and a date item with {ChartPrefill.BirthDate} (text/fhirpath).");
            }

            CheckEnableWhen(item, place, byLinkId, problems);
            CheckLevel(questionnaire, item.Item, byLinkId, problems);
        }
    }

    private static void CheckEnableWhen(ItemComponent item, string place, Dictionary<string, ItemComponent> byLinkId, ItemProblems problems)
    {
        if (item.EnableWhen.Count > 1 && item.EnableBehavior is null)
        {
            problems.Add(place, "enable_behavior_required", "An item with more than one enableWhen needs enableBehavior (all or any).");
        }

        foreach (var condition in item.EnableWhen)
        {
            if (condition.Question is null || !byLinkId.TryGetValue(condition.Question, out var target) || !PortalQuestionnaire.IsQuestion(target)
                || ReferenceEquals(target, item))
            {
                problems.Add(place, "enable_when_question_unknown", "enableWhen must name another question of the questionnaire by its linkId.");
                continue;
            }

            if (condition.Operator is not { } op)
            {
                problems.Add(place, "enable_when_operator_required", "Each enableWhen needs an operator.");
                continue;
            }

            var fits = op == QuestionnaireItemOperator.Exists
                ? condition.Answer is FhirBoolean
                : (target.Type, condition.Answer) switch
                {
                    (QuestionnaireItemType.Boolean, FhirBoolean) => op is QuestionnaireItemOperator.Equal or QuestionnaireItemOperator.NotEqual,
                    (QuestionnaireItemType.Choice or QuestionnaireItemType.OpenChoice, Coding) =>
                        op is QuestionnaireItemOperator.Equal or QuestionnaireItemOperator.NotEqual,
                    (QuestionnaireItemType.OpenChoice or QuestionnaireItemType.String or QuestionnaireItemType.Text, FhirString) => true,
                    (QuestionnaireItemType.Integer, Integer) => true,
                    (QuestionnaireItemType.Decimal, FhirDecimal or Integer) => true,
                    (QuestionnaireItemType.Date, Date) => true,
                    (QuestionnaireItemType.DateTime, FhirDateTime) => true,
                    _ => false,
                };
            if (!fits)
            {
                problems.Add(place, "enable_when_answer_mismatch", $"enableWhen on \"{condition.Question}\" compares an answer of the wrong type, or with an operator that type has not.");
            }
        }
    }
}
