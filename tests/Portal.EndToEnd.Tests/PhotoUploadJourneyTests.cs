using System.Text.Json;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// M4 and F3 as people do it on a phone, 375 px wide: staff ask for photos from the chart's Documents tab (in
/// French from the inbox's New message), the patient follows the SMS link, signs in with ID and date of birth, picks two photos (one with GPS EXIF made by
/// the test), removes nothing, sends them, and staff see both in the chart with thumbnails, for review at the
/// visit, and in the conversation, which the chart's Messages list marks as an answered photo request; the stored
/// bytes carry no GPS or camera data. English and French, axe on every page visited.
/// </summary>
public sealed class PhotoUploadJourneyTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private const int Width = 375;

    private PortalApp App => fixture.App;

    [Fact]
    public async Task Staff_ask_for_photos_from_the_chart_the_patient_sends_two_from_the_sms_link_and_staff_see_them_with_thumbnails() =>
        await JourneyAsync(English, skip: 2, fromInbox: false);

    [Fact]
    public async Task Le_personnel_demande_des_photos_le_patient_en_envoie_deux_depuis_le_lien_du_sms_et_le_personnel_les_voit() =>
        await JourneyAsync(French, skip: 1, fromInbox: true);

    private async Task JourneyAsync(Words words, int skip, bool fromInbox)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        using (var owner = await App.SignedInAsync(clinic, admin))
        {
            await owner.SetPortalSettingAsync(clinic, "notificationSignIn", "identifier_and_birth_date");
        }

        // The portal follows the patient's preferred language once signed in: the patient reads the browser's language.
        var patient = await DemoSms.PatientPreferringSmsAsync(App, clinic.Id, skip, words.Language);
        var smsBefore = DemoSms.To(App, patient.Mobile).Count;

        await using var staff = await BrowserSession.OpenAsync(browser, App, words.Language, Width);
        var desk = staff.Page;
        await AdminSignIn.SignInAsync(desk, clinic, admin, words.Language);
        var ask = desk.GetByRole(AriaRole.Region, new() { Name = words.AskForPhotos });
        if (fromInbox)
        {
            await desk.GotoAsync($"/{clinic.Slug}/admin/messages");
            await desk.GetByRole(AriaRole.Link, new() { Name = words.NewMessage, Exact = true }).ClickAsync();
            await desk.GetByRole(AriaRole.Radio, new() { Name = words.AskForPhotos }).CheckAsync();
            await desk.GetByRole(AriaRole.Searchbox, new() { Name = words.FindPatient }).FillAsync(patient.HealthNumber);
            await desk.GetByRole(AriaRole.Button, new() { Name = words.Search, Exact = true }).ClickAsync();
            await desk.GetByRole(AriaRole.List, new() { Name = words.Matches }).GetByRole(AriaRole.Button).First.ClickAsync();
        }
        else
        {
            await desk.GotoAsync($"/{clinic.Slug}/admin/patients/{patient.Id}/documents");
        }

        await Expect(ask).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, fromInbox ? "New message, asking for photos" : "the Documents tab with the request form");
        await ask.GetByRole(AriaRole.Textbox, new() { Name = words.WhatToPhotograph }).FillAsync(words.Instructions);
        await ask.GetByRole(AriaRole.Combobox, new() { Name = words.HowMany }).SelectOptionAsync("2");
        await ask.GetByRole(AriaRole.Button, new() { Name = words.SendRequest }).ClickAsync();
        await Expect(desk.GetByText(words.RequestSent)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, fromInbox ? "the conversation the request started" : "the Documents tab, request sent");

        var sms = await Eventually.ReturnsAsync(
            () => Task.FromResult(DemoSms.To(App, patient.Mobile)), found => found.Count > smsBefore, _ => $"No SMS to {patient.Mobile} in the SMS outbox file.");
        var text = sms[^1];
        foreach (var secret in new[] { words.Instructions, "photo", patient.HealthNumber, patient.DateOfBirth })
        {
            text.ShouldNotContain(secret, Case.Insensitive);
        }

        var link = DemoSms.Link().Match(text);
        link.Success.ShouldBeTrue(text);

        await using var patientSession = await BrowserSession.OpenAsync(browser, App, words.Language, Width);
        var phone = patientSession.Page;
        await phone.GotoAsync(new Uri(link.Value).PathAndQuery);
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = words.OpenYourMessage, Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "the link page");
        await phone.GetByLabel(words.IdType).SelectOptionAsync("ON");
        await phone.GetByLabel(words.IdNumber).FillAsync(patient.HealthNumber);
        await phone.GetByLabel(words.DateOfBirth).FillAsync(patient.DateOfBirth);
        await phone.GetByRole(AriaRole.Button, new() { Name = words.Login, Exact = true }).ClickAsync();

        var photos = phone.GetByLabel(words.Photos, new() { Exact = true });
        await Expect(photos).ToBeVisibleAsync();
        (await photos.GetAttributeAsync("capture")).ShouldBe("environment");
        await Accessibility.AssertNoViolationsAsync(phone, "the upload request opened from the link");
        await photos.SetInputFilesAsync(
        [
            new FilePayload { Name = "arm.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.JpegWithGpsExif() },
            new FilePayload { Name = "close-up.jpg", MimeType = "image/jpeg", Buffer = TestPhotos.Jpeg(800, 600) },
        ]);
        await Expect(phone.GetByRole(AriaRole.List, new() { Name = words.PhotosToSend }).GetByRole(AriaRole.Img)).ToHaveCountAsync(2);
        await Accessibility.AssertNoViolationsAsync(phone, "the two photos chosen");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(Width);
        await phone.GetByRole(AriaRole.Button, new() { Name = words.Send, Exact = true }).ClickAsync();
        await Expect(phone.GetByText(words.PhotosSent)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(phone, "the photos sent");
        patientSession.ShouldHaveNoErrors();

        await desk.GotoAsync($"/{clinic.Slug}/admin/patients/{patient.Id}/documents");
        var table = desk.GetByRole(AriaRole.Table, new() { Name = "Documents" });
        await Expect(table.GetByRole(AriaRole.Img)).ToHaveCountAsync(2);
        await Expect(table.GetByText(words.ForReview)).ToHaveCountAsync(2);
        (await LoadedWidthsAsync(table.GetByRole(AriaRole.Img), "the Documents tab")).ShouldAllBe(w => w <= 320);
        await Accessibility.AssertNoViolationsAsync(desk, "the Documents tab with the two photos");

        await desk.GotoAsync($"/{clinic.Slug}/admin/patients/{patient.Id}/messages");
        var row = desk.GetByRole(AriaRole.Row).Filter(new() { HasText = words.PhotoRequest });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByText(words.Answered, new() { Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(desk, "the chart's Messages with the answered photo request");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(desk.GetByText(words.PhotosReceived)).ToBeVisibleAsync();
        var gallery = desk.GetByRole(AriaRole.List, new() { Name = "Photos", Exact = true });
        await Expect(gallery.GetByRole(AriaRole.Img)).ToHaveCountAsync(2);
        await Expect(desk.GetByText(words.ForReview)).ToBeVisibleAsync();
        (await LoadedWidthsAsync(gallery.GetByRole(AriaRole.Img), "the conversation")).ShouldAllBe(w => w <= 320);
        await Accessibility.AssertNoViolationsAsync(desk, "the conversation with the two photos");
        staff.ShouldHaveNoErrors();

        using var api = await App.SignedInAsync(clinic, admin);
        var list = await api.GetJsonAsync<JsonElement>($"/api/clinics/{clinic.Slug}/patients/{patient.Id}/documents");
        var stored = list.GetProperty("items").EnumerateArray().Where(d => d.GetProperty("type").GetString() == "photo").ToList();
        stored.Count.ShouldBe(2);
        foreach (var document in stored)
        {
            using var download = await api.GetAsync(document.GetProperty("downloadUrl").GetString()!);
            var bytes = await download.Content.ReadAsByteArrayAsync();
            TestPhotos.JpegMarkers(bytes).ShouldNotContain((byte)0xE1);
            foreach (var tag in new[] { "Exif", "GPS", TestPhotos.CameraMake, TestPhotos.CameraModel, TestPhotos.CameraSerial })
            {
                TestPhotos.ContainsAscii(bytes, tag).ShouldBeFalse(tag);
            }
        }
    }

    /// <summary>The natural widths of the images once every one has loaded: an image shown but still loading is 0 wide.</summary>
    private static Task<int[]> LoadedWidthsAsync(ILocator images, string where) =>
        Eventually.ReturnsAsync(
            () => images.EvaluateAllAsync<int[]>("images => images.map(i => i.complete ? i.naturalWidth : 0)"),
            widths => widths.All(w => w > 0),
            widths => $"Thumbnails not loaded in {where}: {string.Join(", ", widths)}");

    private sealed record Words(
        string Language, string AskForPhotos, string WhatToPhotograph, string Instructions, string HowMany, string SendRequest, string RequestSent,
        string OpenYourMessage, string IdType, string IdNumber, string DateOfBirth, string Login, string Photos, string PhotosToSend, string Send,
        string PhotosSent, string ForReview, string NewMessage, string FindPatient, string Search, string Matches, string PhotoRequest, string Answered,
        string PhotosReceived);

    private static readonly Words English = new(
        "en", "Ask for photos", "What to photograph", "Please upload a photo of the rash on your left arm.", "How many photos", "Send upload request",
        "Upload request sent.", "Open your message", "ID type", "ID number", "Date of birth", "LOGIN", "Photos", "Photos to send", "Send",
        "You sent 2 photos. The clinic will look at them at your visit.", "For review at the visit", "New message", "Find the patient", "Search",
        "Matching patients", "Photo request", "Answered", "2 photos received");

    private static readonly Words French = new(
        "fr", "Demander des photos", "Quoi photographier", "Veuillez téléverser une photo de l'éruption sur votre bras gauche.", "Nombre de photos",
        "Envoyer la demande de photos", "Demande de photos envoyée.", "Ouvrir votre message", "Type d'identifiant", "Numéro d'identifiant",
        "Date de naissance", "Se connecter", "Photos", "Photos à envoyer", "Envoyer", "Vous avez envoyé 2 photos. La clinique les regardera lors de votre visite.",
        "À examiner lors de la visite", "Nouveau message", "Trouver le patient", "Rechercher", "Patients trouvés", "Demande de photos", "Répondue",
        "2 photos reçues");
}
