using Portal.Notifications.Dispatch;
using Portal.Notifications.Templates;

namespace Portal.Notifications.Tests;

public sealed class TemplateCatalogTests
{
    private static readonly EmailContent English = new("Subject {link}", "Text {link}", "<p>{link}</p>");

    [Fact]
    public void Every_template_of_the_host_has_english_and_french_for_each_channel_and_uses_exactly_its_data()
    {
        var sources = Portal.Host.PortalHost.Modules
            .SelectMany(module => module.GetType().Assembly.GetTypes())
            .Where(type => typeof(INotificationTemplateSource).IsAssignableFrom(type) && !type.IsAbstract)
            .Select(type => (INotificationTemplateSource)Activator.CreateInstance(type)!)
            .ToList();

        var catalog = new TemplateCatalog(sources);

        catalog.All.Select(template => template.Key).ShouldBe(
            [
                "notifications.test", "identity.staff-invitation", "identity.patient-passcode", "identity.patient-contact-changed", "identity.patient-link-passcode",
                "registration.self-registration-passcode", "registration.self-registration-received", "registration.already-registered",
                "registration.self-registration-accepted", "registration.self-registration-rejected", "messaging.new-message",
                "appointments.booked", "appointments.requested", "appointments.declined", "appointments.rescheduled", "appointments.cancelled",
                "appointments.reminder", "appointments.earlier_slot_offered", "appointments.visit_code", "billing.receipt",
            ],
            ignoreOrder: true);
    }

    [Fact]
    public void A_template_missing_french_or_using_undeclared_or_unused_data_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => Catalog(new NotificationTemplate("t", ["link"]) { Email = new Dictionary<string, EmailContent> { ["en"] = English } }))
            .Message.ShouldContain("no fr email");
        Should.Throw<InvalidOperationException>(() => Catalog(new NotificationTemplate("t", []) { Sms = new Dictionary<string, string> { ["en"] = "Hi {name}", ["fr"] = "Salut {name}" } }))
            .Message.ShouldContain("does not declare");
        Should.Throw<InvalidOperationException>(() => Catalog(new NotificationTemplate("t", ["name", "diagnosis"]) { Sms = new Dictionary<string, string> { ["en"] = "Hi {name}", ["fr"] = "Salut {name}" } }))
            .Message.ShouldContain("never uses");
    }

    [Fact]
    public void Values_are_html_encoded_in_the_html_body_but_not_in_the_text()
    {
        var template = new NotificationTemplate("t", ["name"])
        {
            Email = new Dictionary<string, EmailContent>
            {
                ["en"] = new("Hello {name}", "Hello {name}", "<p>Hello {name}</p>"),
                ["fr"] = new("Bonjour {name}", "Bonjour {name}", "<p>Bonjour {name}</p>"),
            },
        };

        var email = TemplateRenderer.RenderEmail(template, "en", new Dictionary<string, string> { ["name"] = "<script>x</script> & Zoë" });

        email.Html.ShouldContain("<p>Hello &lt;script&gt;x&lt;/script&gt; &amp; Zo");
        email.Html.ShouldNotContain("<script>");
        email.Text.ShouldStartWith("Hello <script>x</script> & Zoë");
    }

    [Theory]
    [InlineData("2026-11-22T03:30:00Z", "2026-11-22T13:00:00Z")] // 22:30 in Toronto: until 08:00 the next morning
    [InlineData("2026-11-22T12:30:00Z", "2026-11-22T13:00:00Z")] // 07:30: until 08:00 the same morning
    [InlineData("2026-11-22T15:00:00Z", null)] // 10:00: not quiet
    [InlineData("2026-03-08T06:30:00Z", "2026-03-08T12:00:00Z")] // 01:30 on the night clocks spring forward: 08:00 EDT
    public void Quiet_hours_run_past_midnight_in_the_clinics_time_zone(string now, string? until)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Toronto");
        var window = new QuietWindow(new TimeOnly(21, 0), new TimeOnly(8, 0));

        var heldUntil = QuietHoursCalendar.EndOfWindow(window, zone, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        if (until is null)
        {
            heldUntil.ShouldBeNull();
        }
        else
        {
            heldUntil.ShouldNotBeNull();
            heldUntil.Value.UtcDateTime.ShouldBe(DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime);
        }
    }

    private static TemplateCatalog Catalog(NotificationTemplate template) => new([new Source(template)]);

    private sealed class Source(NotificationTemplate template) : INotificationTemplateSource
    {
        public IEnumerable<NotificationTemplate> Templates => [template];
    }
}
