using System.Text.RegularExpressions;

namespace Portal.Notifications.Templates;

/// <summary>
/// Every template, checked once at start-up: unique keys, both languages for each channel, and
/// placeholders that are exactly the declared data (no template can leak a value it was not given).
/// </summary>
internal sealed partial class TemplateCatalog
{
    public static readonly IReadOnlyList<string> Languages = ["en", "fr"];

    private readonly Dictionary<string, NotificationTemplate> _templates;

    public TemplateCatalog(IEnumerable<INotificationTemplateSource> sources)
    {
        _templates = new Dictionary<string, NotificationTemplate>(StringComparer.Ordinal);
        foreach (var template in sources.SelectMany(source => source.Templates))
        {
            if (!_templates.TryAdd(template.Key, template))
            {
                throw new InvalidOperationException($"Two notification templates are named {template.Key}.");
            }

            Validate(template);
        }
    }

    public IReadOnlyCollection<NotificationTemplate> All => _templates.Values;

    public NotificationTemplate? Find(string key) => _templates.GetValueOrDefault(key);

    public static IEnumerable<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(match => match.Groups["name"].Value);

    public static string Fill(string text, Func<string, string> value) =>
        Placeholder().Replace(text, match => value(match.Groups["name"].Value));

    private static void Validate(NotificationTemplate template)
    {
        if (template.Email is null && template.Sms is null)
        {
            throw new InvalidOperationException($"Template {template.Key} has neither an email nor an SMS.");
        }

        var texts = new List<(string Where, string Text)>();
        foreach (var language in Languages)
        {
            if (template.Email is not null)
            {
                var email = template.Email.GetValueOrDefault(language)
                    ?? throw new InvalidOperationException($"Template {template.Key} has no {language} email.");
                texts.AddRange([($"{language} subject", email.Subject), ($"{language} text", email.Text), ($"{language} html", email.Html)]);
            }

            if (template.Sms is not null)
            {
                texts.Add(($"{language} sms", template.Sms.GetValueOrDefault(language)
                    ?? throw new InvalidOperationException($"Template {template.Key} has no {language} SMS.")));
            }
        }

        foreach (var (where, text) in texts)
        {
            var unknown = Placeholders(text).Except(template.DataKeys).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"Template {template.Key} ({where}) uses {string.Join(", ", unknown)}, which it does not declare.");
            }
        }

        var unused = template.DataKeys.Except(texts.SelectMany(t => Placeholders(t.Text))).ToList();
        if (unused.Count > 0)
        {
            throw new InvalidOperationException($"Template {template.Key} declares {string.Join(", ", unused)} but never uses it.");
        }
    }

    [GeneratedRegex(@"\{(?<name>[a-zA-Z][a-zA-Z0-9]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
