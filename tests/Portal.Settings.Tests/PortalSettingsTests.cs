using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Settings.Contracts;

namespace Portal.Settings.Tests;

public sealed class PortalSettingsTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_new_clinic_starts_with_its_portal_off_and_the_documented_defaults()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        var settings = await owner.GetSettingsAsync(clinic);

        settings.GetProperty("portalEnabled").GetBoolean().ShouldBeFalse();
        settings.GetProperty("newPatientsGetAccess").GetBoolean().ShouldBeFalse();
        settings.GetProperty("patientRepliesEnabled").GetBoolean().ShouldBeTrue();
        settings.GetProperty("passcodeTimeoutMinutes").GetInt32().ShouldBe(3 * 24 * 60);
        settings.GetProperty("notificationSignIn").GetString().ShouldBe("passcode_and_birth_date");
        settings.GetProperty("backgroundImage").ValueKind.ShouldBe(JsonValueKind.Null);
        settings.GetProperty("stripe").GetProperty("configured").GetBoolean().ShouldBeFalse();
        settings.GetProperty("permissions").GetProperty("canEnablePortal").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task The_owner_changes_every_setting_with_one_save_and_reads_them_back()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.SaveStripeKeysAsync(clinic);
        var imageId = await owner.UploadBackgroundAsync(clinic);
        var before = await owner.CurrentBodyAsync(clinic);
        var wanted = new SettingsBody(
            PortalEnabled: true,
            NewPatientsGetAccess: true,
            SelfRegistrationEnabled: true,
            PatientRepliesEnabled: false,
            BillingEnabled: true,
            ExtraSearchableIdsEnabled: true,
            BackgroundImageId: imageId,
            PasscodeTimeoutMinutes: 12 * 60,
            HiddenAppointmentStatuses: ["no_show", "cancelled", "declined"],
            NotificationSignIn: "identifier_and_birth_date",
            Version: before.Version);

        var saved = await owner.SaveSettingsAsync(clinic, wanted);
        var reloaded = await owner.CurrentBodyAsync(clinic);

        SettingsBody.From(saved).ShouldBe(reloaded);
        reloaded.ShouldBe(wanted with { Version = before.Version + 1 });
        var snapshot = await App.InScopeAsync(services => services.GetRequiredService<IPortalSettings>().GetAsync(clinic.Id, CancellationToken.None).AsTask());
        snapshot!.NotificationSignIn.ShouldBe(NotificationSignInMethod.IdentifierAndBirthDate);
        snapshot.BackgroundImageId.ShouldBe(imageId);
    }

    [Fact]
    public async Task A_save_made_against_an_older_version_is_refused_with_409_and_changes_nothing()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        var loadedByBoth = await owner.CurrentBodyAsync(clinic);
        await admin.SaveSettingsAsync(clinic, loadedByBoth with { PasscodeTimeoutMinutes = 60 });

        using var stale = await owner.PutJsonAsync(SettingsApi.Settings(clinic), loadedByBoth with { SelfRegistrationEnabled = true });

        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict, "settings_changed");
        var now = await owner.CurrentBodyAsync(clinic);
        now.SelfRegistrationEnabled.ShouldBeFalse();
        now.PasscodeTimeoutMinutes.ShouldBe(60);
    }

    [Fact]
    public async Task A_save_that_changes_nothing_keeps_the_version_and_writes_no_audit_entry()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var current = await owner.CurrentBodyAsync(clinic);

        var saved = SettingsBody.From(await owner.SaveSettingsAsync(clinic, current));

        saved.Version.ShouldBe(current.Version);
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @id and action = 'settings.portal.updated'", new { id = clinic.Id })).ShouldBe(0);
    }

    [Fact]
    public async Task S5_billing_cannot_be_turned_on_before_the_clinic_has_entered_stripe_keys()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var current = await owner.CurrentBodyAsync(clinic);

        using var refused = await owner.PutJsonAsync(SettingsApi.Settings(clinic), current with { BillingEnabled = true });
        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "stripe_keys_required");
        (await owner.CurrentBodyAsync(clinic)).BillingEnabled.ShouldBeFalse();

        await owner.SaveStripeKeysAsync(clinic);
        (await owner.SaveSettingsAsync(clinic, current with { BillingEnabled = true })).GetProperty("billingEnabled").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Stripe_secrets_are_stored_encrypted_and_never_sent_back()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        using var saved = await owner.PutJsonAsync(SettingsApi.Stripe(clinic), SettingsApi.TestStripeKeys);
        await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var answer = await saved.Content.ReadAsStringAsync();
        using var page = await owner.GetAsync(SettingsApi.Settings(clinic));
        var pageText = await page.Content.ReadAsStringAsync();

        foreach (var text in new[] { answer, pageText })
        {
            text.ShouldNotContain("TOPSECRET");
            text.ShouldNotContain("whsec_");
            text.ShouldContain("\"secretKeyLast4\":\"CRET\"");
        }

        var stored = await App.QuerySingleAsync<string>("select row_to_json(s)::text from settings.stripe_accounts s where clinic_id = @id", new { id = clinic.Id });
        stored.ShouldNotContain("sk_test_51Hclinic0123456789TOPSECRET");
        stored.ShouldNotContain("whsec_clinic0123456789abc");
        var credentials = await App.InScopeAsync(services => services.GetRequiredService<IClinicStripeCredentials>().GetAsync(clinic.Id, CancellationToken.None));
        credentials!.SecretKey.ShouldBe("sk_test_51Hclinic0123456789TOPSECRET");
        App.Logs.Contains("TOPSECRET").ShouldBeFalse();
    }

    [Fact]
    public async Task Stripe_keys_cannot_be_removed_while_billing_is_on()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.SaveStripeKeysAsync(clinic);
        var current = await owner.CurrentBodyAsync(clinic);
        var billingOn = SettingsBody.From(await owner.SaveSettingsAsync(clinic, current with { BillingEnabled = true }));

        using (var refused = await owner.DeleteAsync(SettingsApi.Stripe(clinic)))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "billing_uses_stripe");
        }

        await owner.SaveSettingsAsync(clinic, billingOn with { BillingEnabled = false });
        using var removed = await owner.DeleteAsync(SettingsApi.Stripe(clinic));
        await removed.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await owner.GetSettingsAsync(clinic)).GetProperty("stripe").GetProperty("configured").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Stripe_keys_of_the_wrong_shape_are_refused_field_by_field()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        using var response = await owner.PutJsonAsync(SettingsApi.Stripe(clinic), new
        {
            publishableKey = "sk_test_51Hwrongwayround000",
            secretKey = "pk_live_51Hwrongwayround000",
            webhookSigningSecret = "secret",
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        problem.Errors!.Keys.ShouldBe(["publishableKey", "secretKey", "webhookSigningSecret"], ignoreOrder: true);
        (await App.QuerySingleAsync<long>("select count(*) from settings.stripe_accounts where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);
    }

    [Fact]
    public async Task A4_only_the_account_owner_turns_the_portal_on_while_an_admin_may_turn_it_off()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var current = await admin.CurrentBodyAsync(clinic);
        (await admin.GetSettingsAsync(clinic)).GetProperty("permissions").GetProperty("canEnablePortal").GetBoolean().ShouldBeFalse();

        using (var refused = await admin.PutJsonAsync(SettingsApi.Settings(clinic), current with { PortalEnabled = true }))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "portal_enable_requires_owner");
        }

        (await admin.CurrentBodyAsync(clinic)).PortalEnabled.ShouldBeFalse();
        var on = SettingsBody.From(await owner.SaveSettingsAsync(clinic, current with { PortalEnabled = true }));
        on.PortalEnabled.ShouldBeTrue();
        var off = SettingsBody.From(await admin.SaveSettingsAsync(clinic, on with { PortalEnabled = false }));
        off.PortalEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task A4_staff_members_read_the_settings_but_cannot_change_anything()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var settings = await staff.GetSettingsAsync(clinic);
        settings.GetProperty("permissions").GetProperty("canEdit").GetBoolean().ShouldBeFalse();
        var current = SettingsBody.From(settings);

        using var save = await staff.PutJsonAsync(SettingsApi.Settings(clinic), current with { PatientRepliesEnabled = false });
        using var upload = await staff.PostBytesAsync(SettingsApi.Uploads(clinic), TestImages.Png(), "image/png");
        using var stripe = await staff.PutJsonAsync(SettingsApi.Stripe(clinic), SettingsApi.TestStripeKeys);

        await save.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await upload.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await stripe.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await staff.CurrentBodyAsync(clinic)).ShouldBe(current);
    }

    [Fact]
    public async Task A2_staff_of_one_clinic_can_neither_read_nor_change_another_clinics_settings()
    {
        var mine = await App.CreateClinicAsync();
        var theirs = await App.CreateClinicAsync();
        using var theirOwner = await App.SignedInAsync(theirs, theirs.Owner);
        var theirImage = await theirOwner.UploadBackgroundAsync(theirs);
        var theirSettings = await theirOwner.CurrentBodyAsync(theirs);
        using var me = await App.SignedInAsync(mine, mine.Owner);

        var attempts = new List<HttpResponseMessage>
        {
            await me.GetAsync(SettingsApi.Settings(theirs)),
            await me.PutJsonAsync(SettingsApi.Settings(theirs), theirSettings with { PortalEnabled = true }),
            await me.PostBytesAsync(SettingsApi.Uploads(theirs), TestImages.Png(), "image/png"),
            await me.GetAsync($"{SettingsApi.Uploads(theirs)}/{theirImage}"),
            await me.PutJsonAsync(SettingsApi.Stripe(theirs), SettingsApi.TestStripeKeys),
            await me.DeleteAsync(SettingsApi.Stripe(theirs)),
            await me.GetAsync($"/api/clinics/{theirs.Slug}/staff/me"),
        };

        foreach (var attempt in attempts)
        {
            await attempt.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            attempt.Dispose();
        }

        // And their own image is not reachable through my clinic's address either.
        using (var viaMyAddress = await me.GetAsync($"{SettingsApi.Uploads(mine)}/{theirImage}"))
        {
            await viaMyAddress.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        (await theirOwner.CurrentBodyAsync(theirs)).ShouldBe(theirSettings);
        (await App.QuerySingleAsync<long>("select count(*) from settings.background_images where clinic_id = @id", new { id = theirs.Id })).ShouldBe(1);
        (await App.QuerySingleAsync<long>("select count(*) from settings.stripe_accounts where clinic_id = @id", new { id = theirs.Id })).ShouldBe(0);
    }

    [Fact]
    public async Task A5_each_settings_change_is_audited_with_who_what_when_and_from_where()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        var current = await owner.CurrentBodyAsync(clinic);
        await owner.SaveSettingsAsync(clinic, current with { PortalEnabled = true, PasscodeTimeoutMinutes = 1440, HiddenAppointmentStatuses = ["no_show"] });
        await owner.SaveStripeKeysAsync(clinic);

        var entries = await App.QueryAsync<(string Action, string ActorKind, Guid ActorId, string ClientAddress, DateTimeOffset OccurredAt, string Details)>(
            """
            select action, actor_kind, actor_id, host(client_address), occurred_at, details::text
            from platform.audit_log where clinic_id = @id and action like 'settings.%' and actor_kind = 'staff' order by id
            """,
            new { id = clinic.Id });

        entries.Select(e => e.Action).ShouldBe(["settings.portal.updated", "settings.stripe_keys.saved"]);
        entries.ShouldAllBe(e => e.ActorId == clinic.Owner.Id && e.ClientAddress == "127.0.0.1");
        entries.ShouldAllBe(e => Math.Abs((e.OccurredAt - App.Clock.GetUtcNow()).TotalSeconds) < 5);
        using var changes = JsonDocument.Parse(entries[0].Details);
        var changed = changes.RootElement.GetProperty("changes");
        changed.EnumerateObject().Select(p => p.Name).ShouldBe(["portalEnabled", "passcodeTimeoutMinutes", "hiddenAppointmentStatuses"], ignoreOrder: true);
        changed.GetProperty("portalEnabled").GetProperty("from").GetBoolean().ShouldBeFalse();
        changed.GetProperty("portalEnabled").GetProperty("to").GetBoolean().ShouldBeTrue();
        changed.GetProperty("passcodeTimeoutMinutes").GetProperty("to").GetInt32().ShouldBe(1440);
        entries[1].Details.ShouldNotContain("TOPSECRET");
    }

    [Fact]
    public async Task A_save_on_one_host_is_seen_at_once_by_another_host()
    {
        var clinic = await App.CreateClinicAsync();
        await using var second = await App.StartSecondHostAsync();
        using var visitor = second.CreateClient();
        (await visitor.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/portal")).GetProperty("portalEnabled").GetBoolean().ShouldBeFalse();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        await owner.SaveSettingsAsync(clinic, (await owner.CurrentBodyAsync(clinic)) with { PortalEnabled = true });

        await Eventually.HoldsAsync(
            async () => (await visitor.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/portal")).GetProperty("portalEnabled").GetBoolean(),
            "the second host still serves the cached settings after 3 seconds",
            within: TimeSpan.FromSeconds(3),
            every: TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task The_public_portal_data_names_the_clinic_its_time_zone_and_says_whether_its_portal_is_on()
    {
        var clinic = await App.CreateClinicAsync(name: "Clinique Saint-Éloi", timeZone: "America/Vancouver");
        using var visitor = App.CreateClient();

        var portal = await visitor.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/portal");

        portal.GetProperty("clinicName").GetString().ShouldBe("Clinique Saint-Éloi");
        portal.GetProperty("slug").GetString().ShouldBe(clinic.Slug);
        portal.GetProperty("timeZone").GetString().ShouldBe("America/Vancouver");
        portal.GetProperty("portalEnabled").GetBoolean().ShouldBeFalse();
        portal.GetProperty("backgroundImageUrl").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}
