using Microsoft.Extensions.DependencyInjection;
using Portal.Settings.Contracts;

namespace Portal.EndToEnd.Tests;

public sealed class OperatorAndSetupTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task An_operator_signs_in_to_the_console_and_sees_every_clinic()
    {
        var clinic = await App.CreateClinicAsync(name: "Lakeshore Clinic");
        var operatorAccount = await App.CreateOperatorAsync();
        await using var session = await BrowserSession.OpenAsync(browser, App);
        var page = session.Page;

        await page.GotoAsync("/admin/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, "the operator sign-in page");
        await page.GetByLabel("Email").FillAsync(operatorAccount.Email);
        await page.GetByLabel("Password").FillAsync(operatorAccount.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Clinics" });
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Lakeshore Clinic" })).ToContainTextAsync($"/{clinic.Slug}/");
        await Accessibility.AssertNoViolationsAsync(page, "the operator's clinic list");
        session.ShouldHaveNoErrors();
    }

    [Theory]
    [InlineData("en", "New password", "Confirm password", "Set password", "Patient Portal")]
    [InlineData("fr", "Nouveau mot de passe", "Confirmez le mot de passe", "Définir le mot de passe", "Portail patient")]
    public async Task A_new_owner_chooses_a_password_with_the_setup_link_and_lands_in_the_admin_app(
        string language, string newPassword, string confirm, string submit, string settingsHeading)
    {
        var slug = "setup-" + Guid.NewGuid().ToString("N")[..8];
        var created = await App.InScopeAsync(async services => (await services.GetRequiredService<IClinics>().CreateAsync(
            new NewClinic(slug, "Clinique Nouvelle", "America/Montreal", "fr", $"owner@{slug}.test", "Nadia Owner"),
            CancellationToken.None)).ThrowIfFailed());
        await using var session = await BrowserSession.OpenAsync(browser, App, language);
        var page = session.Page;

        await page.GotoAsync(created.OwnerSetupLink!.PathAndQuery + created.OwnerSetupLink.Fragment);
        await Expect(page.GetByLabel(newPassword)).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(page, $"the setup page ({language})");
        await page.GetByLabel(newPassword).FillAsync("maple syrup on a snowy morning");
        await page.GetByLabel(confirm).FillAsync("maple syrup on a snowy morning");
        await page.GetByRole(AriaRole.Button, new() { Name = submit }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = settingsHeading, Exact = true })).ToBeVisibleAsync();
        page.Url.ShouldContain($"/{slug}/admin/");
        session.ShouldHaveNoErrors();
    }
}
