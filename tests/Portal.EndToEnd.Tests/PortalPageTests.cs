using System.Text.Json;

namespace Portal.EndToEnd.Tests;

public sealed class PortalPageTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Theory]
    [InlineData("en", "The patient portal is not available", "Français")]
    [InlineData("fr", "Le portail patient n'est pas accessible", "English")]
    public async Task A_clinic_whose_portal_is_off_says_so_in_the_visitors_language(string language, string message, string otherLanguage)
    {
        var clinic = await App.CreateClinicAsync(name: "Clinique Horizon");
        await using var session = await BrowserSession.OpenAsync(browser, App, language);
        var page = session.Page;

        await page.GotoAsync($"/{clinic.Slug}/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Clinique Horizon");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = message })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = otherLanguage })).ToBeVisibleAsync();
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe(language);
        await Accessibility.AssertNoViolationsAsync(page, $"the portal page ({language}, portal off)");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task The_language_switch_changes_the_page_at_once_and_is_remembered()
    {
        var clinic = await App.CreateClinicAsync();
        await using var session = await BrowserSession.OpenAsync(browser, App, "en");
        var page = session.Page;
        await page.GotoAsync($"/{clinic.Slug}/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The patient portal is not available" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Le portail patient n'est pas accessible" })).ToBeVisibleAsync();
        await page.GotoAsync($"/{clinic.Slug}/");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "English" })).ToBeVisibleAsync();
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("fr");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task An_address_with_no_clinic_says_so_with_a_404()
    {
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;

        session.AllowFailedResponse(404, "/no-such-clinic-here/");
        session.AllowFailedResponse(404, "/api/clinics/no-such-clinic-here/portal");
        var response = await page.GotoAsync("/no-such-clinic-here/");

        response!.Status.ShouldBe(404);
        await Expect(page.GetByText("There is no clinic at this address.")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the page for an unknown clinic");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task The_patient_portal_loads_no_admin_code()
    {
        var clinic = await App.CreateClinicAsync();
        var adminFiles = AdminChunks();
        adminFiles.ShouldNotBeEmpty();
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(new Uri(request.Url).AbsolutePath.TrimStart('/'));

        await page.GotoAsync($"/{clinic.Slug}/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(clinic.Name);

        requested.ShouldContain(path => path.StartsWith("assets/", StringComparison.Ordinal));
        requested.Intersect(adminFiles).ShouldBeEmpty();
        session.ShouldHaveNoErrors();
    }

    [Theory]
    [InlineData("/{0}/")]
    [InlineData("/{0}/admin/")]
    public async Task Pages_fit_a_320_pixel_wide_screen(string path)
    {
        var clinic = await App.CreateClinicAsync(name: "Centre de santé communautaire de la Petite-Patrie");
        await using var session = await BrowserSession.OpenAsync(browser, App, "fr", width: 320);
        var page = session.Page;

        await page.GotoAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, clinic.Slug));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(320);
        await Accessibility.AssertNoViolationsAsync(page, $"{path} at 320 px");
        session.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task The_site_root_points_visitors_to_their_clinics_address()
    {
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;

        await page.GotoAsync("/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Portal", Exact = true })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the site root");
        session.ShouldHaveNoErrors();
    }

    /// <summary>The built files that hold any module of the admin app, from the build's own record.</summary>
    private static HashSet<string> AdminChunks()
    {
        var path = RepositoryPaths.Combine("src", "Portal.Web", "dist", ".vite", "chunk-modules.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateObject()
            .Where(chunk => chunk.Value.EnumerateArray().Any(module => module.GetString()!.StartsWith("src/admin/", StringComparison.Ordinal)))
            .Select(chunk => chunk.Name)
            .ToHashSet(StringComparer.Ordinal);
    }
}
