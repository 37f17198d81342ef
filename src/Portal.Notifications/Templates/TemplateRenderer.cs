using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Portal.Notifications.Templates;

internal sealed record RenderedEmail(string Subject, string Text, string Html);

/// <summary>Fills a template in the recipient's language; the HTML body goes into the shared layout.</summary>
internal static class TemplateRenderer
{
    // Encodes markup characters but leaves accented letters readable: the message is UTF-8.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly Dictionary<string, string> Footers = new()
    {
        ["en"] = "This message was sent automatically by the clinic's patient portal. Please do not reply to it.",
        ["fr"] = "Ce message a été envoyé automatiquement par le portail patient de la clinique. Veuillez ne pas y répondre.",
    };

    public static RenderedEmail RenderEmail(NotificationTemplate template, string language, IReadOnlyDictionary<string, string> data)
    {
        var email = template.Email![language];
        var footer = Footers[language];
        var body = TemplateCatalog.Fill(email.Html, name => Html.Encode(data[name]));
        var html = $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{Html.Encode(Fill(email.Subject, data))}</title></head>
            <body style="margin:0;padding:24px;background:#f3f5f9;font-family:Arial,Helvetica,sans-serif;color:#1b1f24;">
            <div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;line-height:1.5;">
            {body}
            </div>
            <p style="max-width:560px;margin:16px auto 0;font-size:12px;color:#4a5563;">{Html.Encode(footer)}</p>
            </body>
            </html>
            """;
        return new RenderedEmail(Fill(email.Subject, data), $"{Fill(email.Text, data)}\n\n--\n{footer}\n", html);
    }

    public static string RenderSms(NotificationTemplate template, string language, IReadOnlyDictionary<string, string> data) =>
        Fill(template.Sms![language], data);

    private static string Fill(string text, IReadOnlyDictionary<string, string> data) => TemplateCatalog.Fill(text, name => data[name]);
}
