using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Portal.TestKit.Peers;

namespace Portal.EndToEnd.Tests;

/// <summary>
/// Chromium with a fake camera and microphone that it may use without asking (the flags of the issue), started for the
/// visit journey alone so that no other test runs with them.
/// </summary>
public sealed class FakeMediaBrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        // Two browsers on one machine meet over loopback where no other interface is up.
        "--allow-loopback-in-peer-connection",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ExecutablePath,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>One participant's browser context: its page, and what its console and scripts reported.</summary>
internal sealed class Participant : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _problems = new();

    private Participant(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        Watch(page);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; private set; }

    /// <summary>Failed requests the test causes on purpose, as "status path".</summary>
    public List<string> Allowed { get; } = [];

    public static async Task<Participant> OpenAsync(IBrowser browser, PortalApp app, string language, int width)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = language == "fr" ? "fr-CA" : "en-CA",
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return new Participant(context, await context.NewPageAsync());
    }

    /// <summary>The tab a link opened (target=_blank) becomes the page the test drives.</summary>
    public async Task FollowNewTabAsync(Func<Task> open)
    {
        var tab = await Context.RunAndWaitForPageAsync(open);
        Watch(tab);
        Page = tab;
    }

    public void ShouldHaveNoErrors() =>
        _problems.Where(problem => !Allowed.Any(problem.Contains)).ShouldBeEmpty();

    public ValueTask DisposeAsync() => new(Context.CloseAsync());

    private void Watch(IPage page)
    {
        page.PageError += (_, error) => _problems.Enqueue("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _problems.Enqueue($"{response.Status} {new Uri(response.Url).AbsolutePath}");
            }
        };
    }
}

/// <summary>
/// A virtual visit as the patient and the provider live it, in two Chromium contexts with fake cameras: the front desk re-sends
/// the code from the appointment; the patient (320 px) opens the link from the email, is told a wrong code is wrong, enters the
/// code in French, checks camera and microphone and waits; the provider starts the visit from the appointment in the admin
/// app; each then receives the other's video, as their RTCPeerConnection's stats say (connected, frames decoded), and again
/// after the patient's signalling connection drops and comes back. axe on the
/// code and pre-check pages in both languages. The time from the provider's join to their first picture of the patient is
/// written where PORTAL_VISIT_TIMINGS says, for bench/visits.
/// </summary>
public sealed partial class VisitJourneyTests(PortalAppFixture fixture, FakeMediaBrowserFixture browser)
    : IClassFixture<PortalAppFixture>, IClassFixture<FakeMediaBrowserFixture>
{
    private const int PhoneWidth = 320;

    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_patient_and_the_provider_join_the_visit_from_two_browsers_and_each_receives_the_others_video()
    {
        var (clinic, admin) = await DemoClinic.SeedAsync(App);
        var patient = await PatientPreferringEmailAsync(clinic.Id);
        var appointmentId = await BookVideoConsultationAsync(clinic.Id, patient.Id, admin.Id);

        await using var desk = await Participant.OpenAsync(browser.Browser, App, "en", 1280);
        await AdminSignIn.SignInAsync(desk.Page, clinic, admin);
        await desk.Page.GotoAsync($"/demo/admin/appointments/{appointmentId}");
        var visitPanel = desk.Page.GetByRole(AriaRole.Region, new() { Name = "Virtual visit", Exact = true });
        await Expect(visitPanel).ToContainTextAsync("The access code will be sent on");
        await visitPanel.GetByRole(AriaRole.Button, new() { Name = "Re-send code", Exact = true }).ClickAsync();
        await Expect(visitPanel).ToContainTextAsync("A new code was sent");
        var (code, link) = await CodeFromMailFolderAsync(patient.Contact);

        await using var home = await Participant.OpenAsync(browser.Browser, App, "en", PhoneWidth);
        var page = home.Page;
        await page.GotoAsync(new Uri(link).PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Virtual visit", Exact = true, Level = 2 })).ToBeVisibleAsync();
        await AssertPageAsync(page, "the code entry");

        var wrong = WrongCode(code);
        // The wrong code's 400 answer is the one failed request this journey expects.
        home.Allowed.Add(new Uri(link).AbsolutePath.Replace("/demo/visit/", "/api/clinics/demo/visits/", StringComparison.Ordinal) + "/join");
        await page.GetByLabel("Access code").FillAsync(wrong);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This code is not right. Check capital and small letters");
        await Expect(page.GetByLabel("Access code")).ToBeFocusedAsync();
        await AssertPageAsync(page, "the code entry, after a wrong code");
        (await App.QuerySingleAsync<int>("select failed_attempts from appointments.visit_codes where appointment_id = @appointmentId", new { appointmentId }))
            .ShouldBe(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Français", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Visite virtuelle", Exact = true, Level = 2 })).ToBeVisibleAsync();
        await AssertPageAsync(page, "l'entrée du code");
        await page.GetByLabel("Code d'accès").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avant de vous joindre", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Sur un iPhone ou un iPad, utilisez Safari.")).ToBeVisibleAsync();
        await AssertPageAsync(page, "la vérification avant la visite");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier la caméra et le microphone", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Votre caméra et votre microphone fonctionnent.")).ToBeVisibleAsync();
        await Expect(page.Locator("video[aria-label='Votre caméra']")).ToHaveJSPropertyAsync("readyState", 4);
        await AssertPageAsync(page, "la vérification, caméra en marche");
        // The patient's signalling passes through a route the test can cut, as a network blip would.
        var signalling = new ConcurrentQueue<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new Regex("/api/visits/signal"), socket =>
        {
            signalling.Enqueue(socket);
            socket.ConnectToServer();
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Me joindre à la visite", Exact = true }).ClickAsync();
        var patientCall = page.Locator("section.visit-call");
        await Expect(patientCall).ToContainTextAsync("Vous êtes dans la salle d'attente.");

        await desk.FollowNewTabAsync(() => visitPanel.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Start visit") }).ClickAsync());
        var provider = desk.Page;
        await Expect(provider.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Virtual visit with \\S"), Level = 2 })).ToBeVisibleAsync();
        await AssertPageAsync(provider, "the provider's check");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Check camera and microphone", Exact = true }).ClickAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Start the visit", Exact = true }).ClickAsync();
        var providerCall = provider.Locator("section.visit-call");

        await ReceivesVideoAsync(providerCall, "the provider");
        await ReceivesVideoAsync(patientCall, "the patient");
        await Expect(providerCall).ToContainTextAsync("You are in the visit with ");
        await Expect(patientCall).ToContainTextAsync("Vous êtes en visite avec Dr. Amira Haddad, MD.");
        var firstFrame = int.Parse((await providerCall.GetAttributeAsync("data-first-frame-ms"))!, CultureInfo.InvariantCulture);
        firstFrame.ShouldBeGreaterThan(0);
        if (Environment.GetEnvironmentVariable("PORTAL_VISIT_TIMINGS") is { Length: > 0 } timings)
        {
            await File.AppendAllTextAsync(timings, string.Create(CultureInfo.InvariantCulture, $"join_to_first_remote_frame_ms {firstFrame}\n"));
        }

        // A blip: the patient's signalling connection drops; the page reconnects with its admission, and the provider calls again.
        signalling.Count.ShouldBe(1);
        signalling.TryPeek(out var first).ShouldBeTrue();
        await first!.CloseAsync(new() { Code = 4000, Reason = "network blip" });
        await Expect(patientCall).ToHaveAttributeAsync("data-reconnects", "1", new() { Timeout = 20_000 });
        await ReceivesVideoAsync(patientCall, "the patient, after the blip");
        await ReceivesVideoAsync(providerCall, "the provider, after the blip");

        var mute = patientCall.GetByRole(AriaRole.Button, new() { Name = "Couper le micro", Exact = true });
        await mute.ClickAsync();
        await Expect(mute).ToHaveAttributeAsync("aria-pressed", "true");
        (await page.EvaluateAsync<bool>("() => document.querySelector('video[aria-label=\"Votre vidéo\"]').srcObject.getAudioTracks().every(t => !t.enabled)")).ShouldBeTrue();
        await patientCall.GetByRole(AriaRole.Button, new() { Name = "Raccrocher", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Me joindre de nouveau", Exact = true })).ToBeVisibleAsync();
        await Expect(providerCall).ToContainTextAsync("left the call or lost their connection");

        var joins = await App.QueryAsync<string>(
            "select actor_kind from platform.audit_log where target_id = @target and action = 'appointments.visit.joined' order by id",
            new { target = appointmentId.ToString() });
        // The patient, the provider, and the patient again after the blip.
        joins.ShouldBe(["patient", "staff", "patient"]);
        home.ShouldHaveNoErrors();
        desk.ShouldHaveNoErrors();
    }

    /// <summary>
    /// The call is on and its peer connection is connected and has decoded frames of the other's video (from getStats). The
    /// phase comes first: after a blip the attributes of the connection before it stay until the new one reports, so only
    /// once the call is back in progress do they speak of the new connection.
    /// </summary>
    private static async Task ReceivesVideoAsync(ILocator call, string who)
    {
        await Expect(call).ToHaveAttributeAsync("data-phase", "inCall", new() { Timeout = 20_000 });
        await Expect(call).ToHaveAttributeAsync("data-connection-state", "connected", new() { Timeout = 20_000 });
        await Expect(call).ToHaveAttributeAsync("data-frames-decoded", new Regex("^[1-9][0-9]*$"), new() { Timeout = 20_000 });
        (await call.GetAttributeAsync("data-phase")).ShouldBe("inCall", who);
    }

    /// <summary>
    /// A Video consultation with Dr. Amira Haddad in ten minutes, booked by the front desk (written as Appointments would): its room
    /// is open (from 15 minutes before), its code not yet due (5 minutes before). The admin is linked to the provider, as a
    /// provider who signs in to Portal is.
    /// </summary>
    private async Task<Guid> BookVideoConsultationAsync(Guid clinicId, Guid patientId, Guid staffId)
    {
        var id = Guid.NewGuid();
        var starts = App.Clock.GetUtcNow().AddMinutes(10);
        await App.ExecuteAsync(
            """
            update appointments.providers set staff_account_id = @staffId where clinic_id = @clinicId and name = 'Dr. Amira Haddad';
            insert into appointments.appointments (id, clinic_id, patient_id, provider_id, type_id, starts_at, ends_at, occupied, status, booked_by,
                                                   created_at, updated_at, status_changed_at)
            select @id, t.clinic_id, @patientId, p.id, t.id, @starts, @ends, tstzrange(@starts, @ends), 'booked', 'staff', now(), now(), now()
            from appointments.appointment_types t
            join appointments.providers p on p.clinic_id = t.clinic_id and p.name = 'Dr. Amira Haddad'
            where t.clinic_id = @clinicId and t.name_en = 'Video consultation'
            """,
            new { id, clinicId, patientId, staffId, starts, ends = starts.AddMinutes(15) });
        return id;
    }

    /// <summary>A demo patient whose preferred channel is email, where the code goes, in English.</summary>
    private Task<DemoPatient> PatientPreferringEmailAsync(Guid clinicId) =>
        App.QuerySingleAsync<DemoPatient>(
            """
            select p.id, i.number as health_number, c.value as contact,
                   coalesce(p.preferred_name, p.legal_given_name) || ' ' || p.legal_family_name as display_name
            from registration.patients p
            join registration.patient_identifiers i on i.patient_id = p.id and i.id_type = 'ON'
            join registration.patient_contacts c on c.patient_id = p.id and c.kind = 'email' and c.position = 0
            where p.clinic_id = @clinicId and p.active and p.preferred_contact_method = 'email' and p.preferred_language = 'en'
            order by p.sort_key
            offset 5 limit 1
            """,
            new { clinicId });

    private async Task<(string Code, string Link)> CodeFromMailFolderAsync(string address)
    {
        var folder = Path.Combine(App.FilesRoot, "mail");
        var mail = await Eventually.ReturnsAsync(
            () => Task.FromResult(
                Directory.Exists(folder)
                    ? Directory.GetFiles(folder, "*.eml").Select(ReceivedEmail.FromPickupFile)
                        .Where(m => m.Recipients.Contains(address) && m.Subject!.StartsWith("Your virtual visit code", StringComparison.Ordinal)).ToList()
                    : []),
            found => found.Count > 0,
            _ => $"No visit code reached {address}.");
        var text = mail[^1].TextBody!;
        return (CodeLine().Match(text).Groups[1].Value, RoomLink().Match(text).Value);
    }

    /// <summary>
    /// The code with one letter in the other case (still of the code's alphabet, so the try counts), or with its last character
    /// changed when no letter of it has both cases in the alphabet: wrong either way, since the code is case-sensitive.
    /// </summary>
    private static string WrongCode(string code)
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabdefghjmnqrty23456789";
        for (var i = 0; i < code.Length; i++)
        {
            var other = char.IsUpper(code[i]) ? char.ToLowerInvariant(code[i]) : char.ToUpperInvariant(code[i]);
            if (other != code[i] && Alphabet.Contains(other, StringComparison.Ordinal))
            {
                return string.Concat(code.AsSpan(0, i), other.ToString(), code.AsSpan(i + 1));
            }
        }

        var last = Alphabet[(Alphabet.IndexOf(code[^1], StringComparison.Ordinal) + 1) % Alphabet.Length];
        return string.Concat(code.AsSpan(0, code.Length - 1), last.ToString());
    }

    private static async Task AssertPageAsync(IPage page, string what)
    {
        await Accessibility.AssertNoViolationsAsync(page, what);
        var width = page.ViewportSize!.Width;
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width, what);
    }

    [GeneratedRegex(@"Access code \(case-sensitive\): (\S+)")]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"https?://\S+/visit/[0-9a-f-]{36}")]
    private static partial Regex RoomLink();
}
