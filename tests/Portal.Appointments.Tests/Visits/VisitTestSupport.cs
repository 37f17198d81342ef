using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Appointments.Visits;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;

namespace Portal.Appointments.Tests.Visits;

/// <summary>A bookable clinic with a virtual type whose first provider is the clinic's staff member (who joins as the provider).</summary>
public sealed record VirtualClinic(BookableClinic Setup, Guid VirtualTypeId)
{
    public TestClinic Clinic => Setup.Clinic;
}

/// <summary>A code as it reached the patient: the characters and the room its link opens.</summary>
public sealed record SentCode(string Code, Guid RoomId);

internal static partial class VisitTestSupport
{
    public static string VisitSettingsUrl(TestClinic clinic) => SetupUrl(clinic) + "/visit-settings";

    public static string JoinUrl(TestClinic clinic, Guid roomId) => $"/api/clinics/{clinic.Slug}/visits/{roomId}/join";

    public static string ProviderJoinUrl(TestClinic clinic, Guid appointmentId) => $"{SetupUrl(clinic)}/{appointmentId}/visit/join";

    public static string MyVisitUrl(TestClinic clinic, Guid appointmentId) => $"{MyAppointmentsUrl(clinic)}/{appointmentId}/visit";

    public static string StaffVisitUrl(TestClinic clinic, Guid appointmentId) => $"{SetupUrl(clinic)}/{appointmentId}/visit";

    public static async Task<VirtualClinic> VirtualClinicAsync(this PortalApp app)
    {
        var setup = await app.BookableClinicAsync();
        using var admin = await app.SignedInAsync(setup.Clinic, setup.Clinic.Admin);
        var provider = ProviderBody("Provider 0");
        provider["staffAccountId"] = setup.Clinic.Staff.Id;
        using (var linked = await admin.SendJsonAsync(HttpMethod.Put, $"{SetupUrl(setup.Clinic)}/providers/{setup.ProviderIds[0]}", provider))
        {
            await linked.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var type = TypeBody(setup.ProviderIds, mode: "virtual");
        type["nameEn"] = "Video visit";
        type["nameFr"] = "Visite vidéo";
        var typeId = (await admin.CreatedAsync(SetupUrl(setup.Clinic) + "/types", type)).GetProperty("id").GetGuid();
        return new VirtualClinic(setup, typeId);
    }

    /// <summary>The patient books the virtual type at <paramref name="startsAt"/>.</summary>
    public static async Task<Guid> BookVirtualAsync(this PortalClient patient, VirtualClinic clinic, DateTimeOffset startsAt)
    {
        using var response = await patient.SendJsonAsync(
            HttpMethod.Post, MyAppointmentsUrl(clinic.Clinic), Booking(clinic.VirtualTypeId, clinic.Setup.ProviderIds[0], startsAt));
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    public static Task RunVisitCodeJobAsync(this PortalApp app) =>
        app.InScopeAsync(async services =>
        {
            await services.GetRequiredService<VisitCodeJob>().RunAsync(CancellationToken.None);
            return true;
        });

    public static bool IsVisitCode(ReceivedEmail email, string to) =>
        email.Recipients.Contains(to) && email.Subject!.StartsWith("Your virtual visit code", StringComparison.Ordinal);

    /// <summary>The code and room of a code email.</summary>
    public static SentCode CodeIn(ReceivedEmail email)
    {
        var text = email.TextBody!;
        var code = CodeLine().Match(text);
        code.Success.ShouldBeTrue(text);
        var room = RoomLink().Match(text);
        room.Success.ShouldBeTrue(text);
        return new SentCode(code.Groups[1].Value, Guid.Parse(room.Groups[1].Value));
    }

    /// <summary>Waits for the <paramref name="nth"/> code email to <paramref name="to"/> (1 for the first).</summary>
    public static async Task<SentCode> NthCodeAsync(this SmtpSink smtp, string to, int nth)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(smtp.Messages.Count(m => IsVisitCode(m, to)) >= nth), $"code email {nth} did not come");
        return CodeIn(smtp.Messages.Where(m => IsVisitCode(m, to)).ElementAt(nth - 1));
    }

    public static async Task<HttpResponseMessage> JoinAsync(this PortalApp app, TestClinic clinic, Guid roomId, string code)
    {
        using var anonymous = await app.AnonymousClientAsync();
        return await anonymous.SendJsonAsync(HttpMethod.Post, JoinUrl(clinic, roomId), new JsonObject { ["code"] = code });
    }

    public static async Task<JsonElement> AdmittedAsync(this PortalApp app, TestClinic clinic, Guid roomId, string code)
    {
        using var response = await app.JoinAsync(clinic, roomId, code);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    public static Task<IReadOnlyList<string>> VisitCodeKeysAsync(this PortalApp app, Guid appointmentId) =>
        app.QueryAsync<string>(
            "select distinct deduplication_key from notifications.outbox where deduplication_key like @prefix order by 1",
            new { prefix = $"appointments.visit_code:{appointmentId}:%" });

    [GeneratedRegex(@"Access code \(case-sensitive\): (\S+)")]
    private static partial Regex CodeLine();

    [GeneratedRegex(@"/visit/([0-9a-f-]{36})")]
    private static partial Regex RoomLink();
}
