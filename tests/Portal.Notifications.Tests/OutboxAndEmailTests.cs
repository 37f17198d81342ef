using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Identity.Contracts;
using Portal.Settings.Contracts;

namespace Portal.Notifications.Tests;

public sealed partial class OutboxAndEmailTests(NotificationHost host) : IClassFixture<NotificationHost>
{
    private PortalApp App => host.App;

    [Fact]
    public async Task R1_a_notification_commits_with_the_change_that_caused_it_and_a_rolled_back_change_sends_nothing()
    {
        var clinic = await App.CreateClinicAsync();
        var rolledBack = $"rolled-back-{Guid.NewGuid():N}@clinic.test";
        var committed = $"committed-{Guid.NewGuid():N}@clinic.test";

        await App.InTransactionAsync(
            services => services.GetRequiredService<IStaffAccounts>().CreateWithSetupLinkAsync(
                new NewStaffAccount(clinic.Id, rolledBack, "Rolled Back", StaffRoles.Staff), CancellationToken.None),
            commit: false);
        await App.InTransactionAsync(
            services => services.GetRequiredService<IStaffAccounts>().CreateWithSetupLinkAsync(
                new NewStaffAccount(clinic.Id, committed, "Committed", StaffRoles.Staff), CancellationToken.None),
            commit: true);

        await host.Smtp.WaitForAsync(mail => mail.Recipients.Contains(committed), Notifications.Patience);
        (await App.QuerySingleAsync<long>("select count(*) from notifications.outbox where recipient = @rolledBack", new { rolledBack })).ShouldBe(0);
        (await App.QuerySingleAsync<long>("select count(*) from identity.staff_users where email = @rolledBack", new { rolledBack })).ShouldBe(0);
        host.Smtp.Messages.ShouldNotContain(mail => mail.Recipients.Contains(rolledBack));
    }

    [Fact]
    public async Task An_email_reaches_the_smtp_server_in_the_recipients_language_with_text_and_html_parts_and_nothing_but_its_template()
    {
        var slug = "fr-" + Guid.NewGuid().ToString("N")[..8];
        var owner = $"proprio-{Guid.NewGuid():N}@clinique.test";
        var created = await App.InScopeAsync(async services => (await services.GetRequiredService<IClinics>().CreateAsync(
            new NewClinic(slug, "Clinique des Érables", "America/Montreal", "fr", owner, "Nadia"), CancellationToken.None)).ThrowIfFailed());

        var mail = await host.Smtp.WaitForAsync(m => m.Recipients.Contains(owner), Notifications.Patience);

        var link = created.OwnerSetupLink!.ToString();
        mail.Subject.ShouldBe("Votre compte Portal : Clinique des Érables");
        mail.Header("Content-Language").ShouldBe("fr");
        mail.TextBody!.ShouldBe(
            "Un compte a été créé pour vous dans Portal, pour Clinique des Érables.\n\n" +
            $"Choisissez votre mot de passe avec ce lien d'ici 72 heures. Il ne fonctionne qu'une fois :\n{link}\n\n" +
            "Si vous n'attendiez pas ce message, vous pouvez l'ignorer.\n\n--\n" +
            "Ce message a été envoyé automatiquement par le portail patient de la clinique. Veuillez ne pas y répondre.\n");
        mail.HtmlBody!.ShouldContain("<html lang=\"fr\">");
        mail.HtmlBody!.ShouldContain($"href=\"{link}\"");
        mail.HtmlBody!.ShouldContain("Un compte a été créé pour vous dans Portal, pour Clinique des Érables.");
        // Every paragraph of the HTML body is template text: nothing else rides along.
        Paragraph().Matches(mail.HtmlBody!).Select(m => m.Groups[1].Value).ShouldBe(
        [
            "Un compte a été créé pour vous dans Portal, pour Clinique des Érables.",
            "Choisissez votre mot de passe avec ce lien d'ici 72 heures. Il ne fonctionne qu'une fois :",
            $"<a href=\"{link}\" style=\"display:inline-block;background:#0b4fa8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;\">Choisir mon mot de passe</a>",
            "Si vous n'attendiez pas ce message, vous pouvez l'ignorer.",
        ]);
        var id = await App.QuerySingleAsync<Guid>("select id from notifications.outbox where recipient = @owner", new { owner });
        mail.MessageId.ShouldBe($"<{id}@127.0.0.1>");
    }

    [Fact]
    public async Task Once_sent_a_notification_keeps_no_data_and_its_attempt_is_recorded()
    {
        var ids = await App.EnqueueAsync(Notifications.Reminder(null, NotificationChannels.Email, email: $"kept-{Guid.NewGuid():N}@clinic.test"));

        var rows = await App.WaitForAsync(ids, row => row.State == "sent");

        rows.ShouldAllBe(row => row.DataErased && row.AttemptCount == 1 && row.ProviderStatus == "accepted");
        (await App.QuerySingleAsync<string>("select outcome from notifications.attempts where notification_id = @id", new { id = ids[0] })).ShouldBe("sent");
    }

    [Fact]
    public async Task Queuing_the_same_deduplication_key_twice_sends_once()
    {
        var email = $"twice-{Guid.NewGuid():N}@clinic.test";
        var request = Notifications.Reminder(null, NotificationChannels.Email, email: email);

        var first = await App.EnqueueAsync(request);
        var second = await App.EnqueueAsync(request);

        first.Count.ShouldBe(1);
        second.ShouldBeEmpty();
        await App.WaitForAsync(first, row => row.State == "sent");
        host.Smtp.Messages.Count(m => m.Recipients.Contains(email)).ShouldBe(1);
    }

    [Fact]
    public async Task A_passcode_queued_behind_two_batches_of_routine_emails_goes_out_in_the_first_batch()
    {
        var batch = new DispatchOptions().BatchSize;
        var routineTo = $"bulk-{Guid.NewGuid():N}@clinic.test";
        var passcodeTo = $"waiting-{Guid.NewGuid():N}@clinic.test";
        // Queued earlier than the passcode, so that oldest first alone would send every one of them before it.
        var earlier = App.Clock.GetUtcNow().AddMinutes(-1);
        var routine = Enumerable.Range(0, 2 * batch)
            .Select(_ => Notifications.Reminder(null, NotificationChannels.Email, email: routineTo) with { NotBefore = earlier });
        var passcode = new NotificationRequest(
            TestTemplates.Passcode, null, NotificationChannels.Email, passcodeTo, null, "en", new Dictionary<string, string> { ["code"] = "604218" }, "passcode:" + Guid.NewGuid());

        await App.InScopeAsync(services => services.GetRequiredService<INotificationOutbox>().EnqueueManyAsync([.. routine, passcode], CancellationToken.None));

        await host.Smtp.WaitForAsync(m => m.Recipients.Contains(passcodeTo), Notifications.Patience);
        host.Smtp.Messages.Count(m => m.Recipients.Contains(routineTo)).ShouldBeLessThan(batch, "at most the rest of the passcode's batch goes before it");
        await host.Smtp.WaitForAsync(_ => host.Smtp.Messages.Count(m => m.Recipients.Contains(routineTo)) == 2 * batch, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_request_carrying_data_its_template_does_not_declare_is_refused_before_anything_is_queued()
    {
        var email = $"detail-{Guid.NewGuid():N}@clinic.test";
        var request = Notifications.Reminder(null, NotificationChannels.Email, email: email) with
        {
            Data = new Dictionary<string, string> { ["link"] = "https://portal.example/m/2", ["subject"] = "Your biopsy results" },
        };

        await Should.ThrowAsync<ArgumentException>(() => App.EnqueueAsync(request));

        (await App.QuerySingleAsync<long>("select count(*) from notifications.outbox where recipient = @email", new { email })).ShouldBe(0);
    }

    [GeneratedRegex("<p>(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Paragraph();
}
