namespace Portal.EndToEnd.Tests;

/// <summary>
/// Pages fit a clinic laptop (1280 px) and a phone (375 px) in both languages: no table needs sideways
/// scrolling at 1280 px, no chosen option of a select is cut off, and nothing makes the page wider than the screen.
/// </summary>
public sealed class LayoutFitTests(PortalAppFixture fixture, BrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<BrowserFixture>
{
    /// <summary>
    /// What does not fit on the page: tables scrolled sideways in their frame, selects whose chosen option is wider than
    /// the room for it (measured in the select's own font), and the page itself when wider than the window.
    /// </summary>
    private const string Overflows = """
        () => {
          const found = [];
          if (document.documentElement.scrollWidth > window.innerWidth) {
            found.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
          }
          for (const frame of document.querySelectorAll('.table-scroll')) {
            if (frame.scrollWidth > frame.clientWidth + 1) {
              found.push(`a table needs ${frame.scrollWidth} px in ${frame.clientWidth} px (${frame.getAttribute('aria-labelledby')})`);
            }
          }
          const context = document.createElement('canvas').getContext('2d');
          for (const select of document.querySelectorAll('select')) {
            const style = getComputedStyle(select);
            context.font = style.font;
            const option = select.options[select.selectedIndex];
            if (!option) continue;
            // The arrow takes about one and a half of the font's size at the end.
            const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 1.5 * parseFloat(style.fontSize);
            const needed = context.measureText(option.text).width;
            if (needed > room) {
              const label = select.labels && select.labels[0] ? select.labels[0].textContent : select.name;
              found.push(`"${option.text}" needs ${Math.ceil(needed)} px in the ${Math.floor(room)} px of the select "${label}"`);
            }
          }
          return found;
        }
        """;

    private PortalApp App => fixture.App;

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public async Task The_patient_list_fits_a_1280_px_laptop_without_sideways_scrolling(string language)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        await using var session = await BrowserSession.OpenAsync(browser, App, language, 1280);
        var page = session.Page;
        await AdminSignIn.SignInAsync(page, clinic, admin, language);

        await page.GotoAsync($"/{clinic.Slug}/admin/patients");
        await Expect(page.Locator(".patients-table tbody tr").First).ToBeVisibleAsync();
        (await page.EvaluateAsync<string[]>(Overflows)).ShouldBeEmpty();
        session.ShouldHaveNoErrors();
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public async Task The_new_patient_form_and_the_portal_sign_in_fit_a_375_px_phone_with_every_id_type_readable(string language)
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        await using var session = await BrowserSession.OpenAsync(browser, App, language, 375);
        var page = session.Page;

        await page.GotoAsync($"/{clinic.Slug}/");
        var idType = page.Locator("select").First;
        await Expect(idType).ToBeVisibleAsync();
        await ShouldFitWithEveryOptionAsync(page, idType, "the portal's sign-in");

        await AdminSignIn.SignInAsync(page, clinic, admin, language);
        await page.GotoAsync($"/{clinic.Slug}/admin/patients/new");
        var first = page.Locator("select[name='identifierType']").First;
        await Expect(first).ToBeVisibleAsync();
        await ShouldFitWithEveryOptionAsync(page, first, "the new patient form");
        session.ShouldHaveNoErrors();
    }

    /// <summary>Chooses each option of <paramref name="select"/> in turn and checks that the page still fits.</summary>
    private static async Task ShouldFitWithEveryOptionAsync(IPage page, ILocator select, string where)
    {
        var values = await select.Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        values.Length.ShouldBeGreaterThan(1, where);
        foreach (var value in values)
        {
            await select.SelectOptionAsync(value);
            (await page.EvaluateAsync<string[]>(Overflows)).ShouldBeEmpty($"{where}, {value}");
        }
    }
}
