namespace Portal.EndToEnd.Tests;

public sealed class PatientRegistryJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Demo_clinic_staff_create_a_patient_with_an_Ontario_card_find_them_by_card_number_turn_portal_access_on_and_see_it_in_the_history()
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var adminName = await App.QuerySingleAsync<string>("select display_name from identity.staff_users where id = @id", new { id = admin.Id });
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        var card = TestCards.Ontario();
        await AdminSignIn.SignInAsync(page, clinic, admin);

        await page.GetByRole(AriaRole.Link, new() { Name = "Patients", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search patients" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the empty patient list");
        await page.GetByRole(AriaRole.Link, new() { Name = "New patient" }).ClickAsync();
        await page.GetByLabel("Legal given name").FillAsync("Camille");
        await page.GetByLabel("Legal family name").FillAsync("Tremblay");
        await page.GetByLabel("Date of birth").FillAsync("1984-03-09");
        await page.GetByLabel("Sex").SelectOptionAsync(new SelectOptionValue { Label = "Female" });
        await page.GetByLabel("Email 1").FillAsync("Camille.Tremblay@Example.com");
        await page.GetByLabel("ID type 1").SelectOptionAsync("ON");
        await page.GetByLabel("ID number 1").FillAsync($"{card[..4]} {card[4..7]} {card[7..]}");
        await page.GetByLabel("Version code 1").FillAsync("ab");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Off", Exact = true }).CheckAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the new patient form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create patient" }).ClickAsync();

        await Expect(page.GetByText("Patient created.")).ToBeVisibleAsync();
        await Expect(page.GetByText("camille.tremblay@example.com")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the chart's Details tab");

        // Found again from the list, by the card number written without spaces.
        await page.GetByRole(AriaRole.Link, new() { Name = "Patients", Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search patients" }).FillAsync(card);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        var results = page.GetByRole(AriaRole.Table, new() { Name = $"Results for “{card}”" });
        await Expect(results.GetByRole(AriaRole.Link)).ToHaveCountAsync(1);
        await Accessibility.AssertNoViolationsAsync(page, "the patient list with results");
        await results.GetByRole(AriaRole.Link, new() { Name = "Tremblay, Camille" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Portal", Exact = true }).ClickAsync();
        var access = page.GetByRole(AriaRole.Group, new() { Name = "Portal access" });
        await Expect(access.GetByRole(AriaRole.Radio, new() { Name = "Off", Exact = true })).ToBeCheckedAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the chart's Portal tab");
        await access.GetByRole(AriaRole.Radio, new() { Name = "On", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save portal access" }).ClickAsync();
        await Expect(page.GetByText("Portal access is on.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).ClickAsync();
        var history = page.GetByRole(AriaRole.Table, new() { Name = "History" });
        await Expect(history.GetByText($"{adminName}, clinic admin, turned portal access on.")).ToBeVisibleAsync();
        await Expect(history.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(adminName);
        await Accessibility.AssertNoViolationsAsync(page, "the chart's History tab");

        var stored = await App.QuerySingleAsync<(string, bool, string)>(
            """
            select i.number || ' ' || coalesce(i.version_code, ''), p.portal_access, c.value
            from registration.patients p
            join registration.patient_identifiers i on i.patient_id = p.id
            join registration.patient_contacts c on c.patient_id = p.id
            where p.clinic_id = @id and i.number = @card
            """,
            new { id = clinic.Id, card });
        stored.ShouldBe(($"{card} AB", true, "camille.tremblay@example.com"));
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task Staff_register_a_patient_in_French_and_a_wrong_check_digit_is_explained_in_French_under_the_number()
    {
        var clinic = await App.CreateClinicAsync(name: "Clinique des Érables");
        await using var session = await BrowserSession.OpenAsync(browser, App, "fr");
        var page = session.Page;
        var card = TestCards.Ontario();
        var wrong = card[..^1] + (char)('0' + ((card[^1] - '0' + 1) % 10));
        session.AllowFailedResponse(400, $"/api/clinics/{clinic.Slug}/patients");
        await AdminSignIn.SignInAsync(page, clinic, clinic.Staff, "fr");

        await page.GetByRole(AriaRole.Link, new() { Name = "Patients", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher des patients" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the patient list in French");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau patient" }).ClickAsync();
        await page.GetByLabel("Prénom légal").FillAsync("Héloïse");
        await page.GetByLabel("Nom de famille légal").FillAsync("Côté");
        await page.GetByLabel("Date de naissance").FillAsync("1971-07-14");
        await page.GetByLabel("Sexe").SelectOptionAsync(new SelectOptionValue { Label = "Féminin" });
        await page.GetByLabel("Cellulaire 1").FillAsync("819 555 0142");
        await page.GetByRole(AriaRole.Group, new() { Name = "Mode de communication privilégié" })
            .GetByRole(AriaRole.Radio, new() { Name = "SMS", Exact = true }).CheckAsync();
        await page.GetByLabel("Type d'identifiant 1").SelectOptionAsync("ON");
        await page.GetByLabel("Numéro d'identifiant 1").FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le patient" }).ClickAsync();

        var number = page.GetByLabel("Numéro d'identifiant 1");
        await Expect(number).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await number.GetAttributeAsync("aria-describedby");
        describedBy.ShouldNotBeNull();
        var explanation = await page.Locator($"[id='{describedBy.Split(' ')[0]}']").InnerTextAsync();
        explanation.ShouldNotContain("check digit");
        explanation.Length.ShouldBeGreaterThan(10);
        await Accessibility.AssertNoViolationsAsync(page, "the French form showing a field problem");
        (await App.QuerySingleAsync<long>("select count(*) from registration.patients where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);

        await number.FillAsync(card);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le patient" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Dossier de Héloïse Côté" })).ToBeVisibleAsync();
        await Expect(page.GetByText("+1 819-555-0142")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the chart in French");
        await page.GetByRole(AriaRole.Link, new() { Name = "Portail", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Accès au portail" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the Portal tab in French");
        await page.GetByRole(AriaRole.Link, new() { Name = "Historique", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Historique" }).GetByRole(AriaRole.Row)).Not.ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(page, "the History tab in French");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task An_admin_adds_a_clinic_id_type_in_French_and_staff_see_it_read_only_in_English()
    {
        var clinic = await App.CreateClinicAsync(name: "Clinique du Parc");
        await using (var adminSession = await BrowserSession.OpenAsync(browser, App, "fr"))
        {
            var page = adminSession.Page;
            await AdminSignIn.SignInAsync(page, clinic, clinic.Admin, "fr");
            await page.GetByRole(AriaRole.Link, new() { Name = "Types d'identifiant" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Types d'identifiant", Level = 1 })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page, "the ID types page in French");
            await page.GetByLabel("Code", new() { Exact = true }).FillAsync("mrn");
            await page.GetByLabel("Nom en anglais").FillAsync("Hospital record number");
            await page.GetByLabel("Nom en français").FillAsync("Numéro de dossier hospitalier");
            await page.GetByLabel("Utilisable pour la connexion").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le type d'identifiant" }).ClickAsync();
            await Expect(page.GetByText("Type d'identifiant MRN ajouté.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Numéro de dossier hospitalier", Exact = true })).ToBeVisibleAsync();
            await Accessibility.AssertNoViolationsAsync(page, "the ID types page with a type, in French");
            adminSession.ShouldHaveNoErrors();
        }

        (await App.QueryAsync<(string, bool)>("select code, searchable from registration.id_types where clinic_id = @id", new { id = clinic.Id }))
            .ShouldBe([("MRN", true)]);
        await using var staffSession = await BrowserSession.OpenAsync(browser, App);
        var staffPage = staffSession.Page;
        await AdminSignIn.SignInAsync(staffPage, clinic, clinic.Staff);
        await staffPage.GotoAsync($"/{clinic.Slug}/admin/settings/id-types");
        await Expect(staffPage.GetByText("Only the clinic's owners and administrators can add or change ID types.")).ToBeVisibleAsync();
        await Expect(staffPage.GetByRole(AriaRole.Button, new() { Name = "Add ID type" })).ToHaveCountAsync(0);
        await Accessibility.AssertNoViolationsAsync(staffPage, "the read-only ID types page");
        staffSession.ShouldHaveNoErrors();
    }
}
