using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Appointments.Visits;
using Portal.TestKit.Peers;
using static Portal.Appointments.Tests.AppointmentsApi;
using static Portal.Appointments.Tests.Visits.VisitTestSupport;

namespace Portal.Appointments.Tests.Visits;

/// <summary>One browser's signalling connection, and what it heard.</summary>
internal sealed class SignalPeer : IAsyncDisposable
{
    private SignalPeer(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public ConcurrentQueue<string> Heard { get; } = new();

    public static async Task<SignalPeer> ConnectAsync(PortalApp app, string ticket)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, $"{VisitHub.Path}?ticket={Uri.EscapeDataString(ticket)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        var peer = new SignalPeer(connection);
        connection.On("waiting", () => peer.Heard.Enqueue("waiting"));
        connection.On<string>("peer-joined", role => peer.Heard.Enqueue($"peer-joined:{role}"));
        connection.On<string>("peer-left", role => peer.Heard.Enqueue($"peer-left:{role}"));
        connection.On<string>("refused", reason => peer.Heard.Enqueue($"refused:{reason}"));
        connection.On<string, string>("signal", (kind, payload) => peer.Heard.Enqueue($"signal:{kind}:{payload}"));
        await connection.StartAsync();
        return peer;
    }

    public Task HearsAsync(string what) =>
        Eventually.HoldsAsync(() => Task.FromResult(Heard.Contains(what)), $"never heard {what}; heard {string.Join(", ", Heard)}", TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>The visit's signalling hub (V1): who takes a place in the room, what is relayed to whom, reconnects.</summary>
public sealed class VisitSignallingTests(MessagingAppFixture fixture) : IClassFixture<MessagingAppFixture>
{
    private PortalApp App => fixture.App;

    private SmtpSink Smtp => fixture.Smtp;

    [Fact]
    public async Task V1_a_third_browser_with_the_code_is_refused_while_the_patient_is_in_and_signals_reach_only_the_other_participant()
    {
        var clinic = await App.VirtualClinicAsync();
        var dana = await App.AddNoticePatientAsync(clinic.Clinic);
        var nine = At(clinic.Setup.Day, 9);
        Guid id;
        using (var booking = await App.SignedInPatientAsync(Smtp, dana.Patient))
        {
            id = await booking.BookVirtualAsync(clinic, nine);
        }

        App.MoveClockTo(nine.AddMinutes(-5));
        await App.RunVisitCodeJobAsync();
        var sent = await Smtp.NthCodeAsync(dana.Email, 1);
        var first = (await App.AdmittedAsync(clinic.Clinic, sent.RoomId, sent.Code)).GetProperty("ticket").GetString()!;
        var second = (await App.AdmittedAsync(clinic.Clinic, sent.RoomId, sent.Code)).GetProperty("ticket").GetString()!;

        var patient = await SignalPeer.ConnectAsync(App, first);
        await using (patient)
        {
            await patient.HearsAsync("waiting");
            await using (var intruder = await SignalPeer.ConnectAsync(App, second))
            {
                await intruder.HearsAsync("refused:visit_patient_present");
            }

            using (var third = await App.JoinAsync(clinic.Clinic, sent.RoomId, sent.Code))
            {
                var problem = await third.ShouldBeProblemAsync(HttpStatusCode.Conflict, "visit_patient_present");
                problem.Detail!.ShouldContain("already in this visit");
            }

            string providerTicket;
            using (var staff = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff))
            using (var joined = await staff.SendJsonAsync(HttpMethod.Post, ProviderJoinUrl(clinic.Clinic, id), new JsonObject()))
            {
                await joined.ShouldHaveStatusAsync(HttpStatusCode.OK);
                providerTicket = (await joined.ReadJsonAsync()).GetProperty("ticket").GetString()!;
            }

            await using var provider = await SignalPeer.ConnectAsync(App, providerTicket);
            await provider.HearsAsync("peer-joined:patient");
            await patient.HearsAsync("peer-joined:provider");

            await provider.Connection.InvokeAsync("Signal", "offer", """{"type":"offer","sdp":"v=0"}""");
            await patient.HearsAsync("""signal:offer:{"type":"offer","sdp":"v=0"}""");
            await patient.Connection.InvokeAsync("Signal", "answer", """{"type":"answer","sdp":"v=0"}""");
            await provider.HearsAsync("""signal:answer:{"type":"answer","sdp":"v=0"}""");
            await Should.ThrowAsync<HubException>(() => patient.Connection.InvokeAsync("Signal", "bye", "{}"));

            // A network blip: the same admission comes back and takes its place again.
            await patient.Connection.StopAsync();
            await provider.HearsAsync("peer-left:patient");
            await using var back = await SignalPeer.ConnectAsync(App, first);
            await back.HearsAsync("peer-joined:provider");
        }

        var audit = await App.QueryAsync<(string Action, string ActorKind)>(
            "select action, actor_kind from platform.audit_log where target_id = @target and action like 'appointments.visit.%' order by id",
            new { target = id.ToString() });
        audit.Count(a => a == ("appointments.visit.admitted", "patient")).ShouldBe(2);
        audit.Count(a => a == ("appointments.visit.joined", "patient")).ShouldBe(2);
        audit.ShouldContain(("appointments.visit.joined", "staff"));
        audit.Count(a => a == ("appointments.visit.refused", "patient")).ShouldBe(2);
    }

    [Fact]
    public async Task V1_a_ticket_from_a_code_that_was_resent_or_a_forged_ticket_opens_no_place_in_the_room()
    {
        var clinic = await App.VirtualClinicAsync();
        var dana = await App.AddNoticePatientAsync(clinic.Clinic);
        var nine = At(clinic.Setup.Day, 9);
        Guid id;
        using (var booking = await App.SignedInPatientAsync(Smtp, dana.Patient))
        {
            id = await booking.BookVirtualAsync(clinic, nine);
        }

        App.MoveClockTo(nine.AddMinutes(-5));
        await App.RunVisitCodeJobAsync();
        var sent = await Smtp.NthCodeAsync(dana.Email, 1);
        var ticket = (await App.AdmittedAsync(clinic.Clinic, sent.RoomId, sent.Code)).GetProperty("ticket").GetString()!;
        using (var staff = await App.SignedInAsync(clinic.Clinic, clinic.Clinic.Staff))
        using (var resent = await staff.SendJsonAsync(HttpMethod.Post, StaffVisitUrl(clinic.Clinic, id) + "/code", new JsonObject()))
        {
            await resent.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await using (var old = await SignalPeer.ConnectAsync(App, ticket))
        {
            await old.HearsAsync("refused:visit_ticket_invalid");
        }

        await using (var forged = await SignalPeer.ConnectAsync(App, ticket[..^4] + "AAAA"))
        {
            await forged.HearsAsync("refused:visit_ticket_invalid");
        }

        var renewed = await Smtp.NthCodeAsync(dana.Email, 2);
        await using var patient = await SignalPeer.ConnectAsync(
            App, (await App.AdmittedAsync(clinic.Clinic, renewed.RoomId, renewed.Code)).GetProperty("ticket").GetString()!);
        await patient.HearsAsync("waiting");
    }

    [Fact]
    public async Task Only_the_visit_pages_may_use_the_camera_and_microphone()
    {
        using var anonymous = App.CreateClient();
        using (var visit = await anonymous.GetAsync($"/demo/visit/{Guid.NewGuid()}"))
        {
            visit.Headers.GetValues("Permissions-Policy").Single().ShouldStartWith("camera=(self), microphone=(self),");
        }

        foreach (var page in new[] { "/demo/", "/demo/appointments", "/demo/admin/", "/api/antiforgery", "/demo/visitors/visit" })
        {
            using var other = await anonymous.GetAsync(page);
            other.Headers.GetValues("Permissions-Policy").Single().ShouldStartWith("camera=(), microphone=(),", customMessage: page);
        }
    }

    [Fact]
    public void TURN_credentials_follow_coturns_rest_scheme_and_expire_with_the_room_at_the_latest()
    {
        // Computed apart from Portal (Python's hmac with SHA-1, then base64), as coturn checks it.
        IceServers.TurnCredential("north", "1433895918:gorst").ShouldBe("Jkoq/bR7DWfoH9c0tHZx2FEf1SM=");
        var clock = new ManualClock();
        var options = Microsoft.Extensions.Options.Options.Create(new IceOptions
        {
            StunUrls = ["stun:turn.example.org:3478"],
            TurnUrls = ["turn:turn.example.org:3478"],
            TurnSecret = "shared-secret",
            TurnCredentialLifetime = TimeSpan.FromHours(2),
        });
        var participant = Guid.NewGuid();
        var closes = clock.GetUtcNow().AddMinutes(45);
        var servers = new IceServers(options, clock).For(participant, closes);
        servers.Count.ShouldBe(2);
        servers[0].Username.ShouldBeNull();
        var turn = servers[1];
        turn.Username.ShouldBe($"{closes.ToUnixTimeSeconds()}:{participant:N}");
        turn.Credential.ShouldBe(IceServers.TurnCredential("shared-secret", turn.Username!));
        var later = new IceServers(options, clock).For(participant, clock.GetUtcNow().AddDays(1))[1];
        long.Parse(later.Username!.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeLessThanOrEqualTo(clock.GetUtcNow().AddHours(2).ToUnixTimeSeconds());
        new IceServers(Microsoft.Extensions.Options.Options.Create(new IceOptions()), clock).For(participant, closes).ShouldBeEmpty();
    }
}
