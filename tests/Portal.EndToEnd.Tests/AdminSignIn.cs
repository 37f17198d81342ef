namespace Portal.EndToEnd.Tests;

/// <summary>Signing a staff member in to the clinic admin app, in English or French, as they would.</summary>
internal static class AdminSignIn
{
    public static async Task SignInAsync(IPage page, TestClinic clinic, StaffCredentials who, string language = "en")
    {
        var french = language == "fr";
        await page.GotoAsync($"/{clinic.Slug}/admin/");
        await page.GetByLabel(french ? "Courriel" : "Email").FillAsync(who.Email);
        await page.GetByLabel(french ? "Mot de passe" : "Password").FillAsync(who.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = french ? "Se connecter" : "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Patients", Exact = true })).ToBeVisibleAsync();
    }
}
