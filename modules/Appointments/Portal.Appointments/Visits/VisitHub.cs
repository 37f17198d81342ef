using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Portal.Appointments.Scheduling;
using Portal.Shared.Auditing;

namespace Portal.Appointments.Visits;

/// <summary>
/// Signalling for a visit's 1:1 WebRTC call (ADR 26): a connection presents the ticket its admission gave
/// (<c>?ticket=…</c>), takes its role's place in the room, and relays offers, answers and ICE candidates to the other
/// participant only. Until the provider is in, the patient waits ("waiting"); each side hears when the other comes
/// ("peer-joined") or goes ("peer-left"); the same admission reconnecting after a network blip takes its place back,
/// and another browser for the patient's place is told why it is refused ("refused") and disconnected.
/// </summary>
internal sealed class VisitHub(VisitTickets tickets, VisitRooms rooms, VisitAppointments appointments, VisitSettingsStore settings, IAuditLog audit, TimeProvider clock)
    : Hub
{
    public const string Path = "/api/visits/signal";

    /// <summary>The largest offer, answer or candidate relayed: an SDP is a few kilobytes.</summary>
    public const int MaxSignalChars = 64 * 1024;

    private static readonly string[] Kinds = ["offer", "answer", "candidate"];

    private const string TicketKey = "ticket";

    public override async Task OnConnectedAsync()
    {
        var ticket = tickets.Read(Context.GetHttpContext()?.Request.Query[TicketKey].ToString());
        if (ticket is null || !await StillAdmittedAsync(ticket))
        {
            await Clients.Caller.SendAsync("refused", "visit_ticket_invalid", Context.ConnectionAborted);
            Context.Abort();
            return;
        }

        var who = new Actor(ticket.Role == VisitTicket.Patient ? ActorKind.Patient : ActorKind.Staff, ticket.ParticipantId, null, null, ticket.ClinicId);
        var entry = rooms.Enter(ticket.AppointmentId, new RoomParticipant(ticket.Role, ticket.EntryId, Context.ConnectionId));
        if (!entry.Admitted)
        {
            await audit.RecordAsync(
                new AuditEvent(AppointmentsAudit.VisitRefused, ticket.ClinicId, AppointmentsAudit.AppointmentTarget, ticket.AppointmentId.ToString(), new { role = ticket.Role, reason = "patient_present" })
                {
                    Actor = who,
                },
                Context.ConnectionAborted);
            await Clients.Caller.SendAsync("refused", "visit_patient_present", Context.ConnectionAborted);
            Context.Abort();
            return;
        }

        Context.Items[TicketKey] = ticket;
        await audit.RecordAsync(
            new AuditEvent(AppointmentsAudit.VisitJoined, ticket.ClinicId, AppointmentsAudit.AppointmentTarget, ticket.AppointmentId.ToString(),
                new { role = ticket.Role, entry = ticket.EntryId, reconnected = entry.Replaced is not null })
            {
                Actor = who,
            },
            Context.ConnectionAborted);
        if (entry.Other is { } other)
        {
            await Clients.Caller.SendAsync("peer-joined", other.Role, Context.ConnectionAborted);
            await Clients.Client(other.ConnectionId).SendAsync("peer-joined", ticket.Role, Context.ConnectionAborted);
        }
        else
        {
            await Clients.Caller.SendAsync("waiting", Context.ConnectionAborted);
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue(TicketKey, out var held) && held is VisitTicket ticket)
        {
            var (left, other) = rooms.Leave(ticket.AppointmentId, Context.ConnectionId);
            if (left && other is not null)
            {
                await Clients.Client(other.ConnectionId).SendAsync("peer-left", ticket.Role);
            }
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Relays an offer, an answer or an ICE candidate (as the browser's JSON) to the other participant, if one is in.</summary>
    public async Task Signal(string kind, string payload)
    {
        if (!Context.Items.TryGetValue(TicketKey, out var held) || held is not VisitTicket ticket)
        {
            throw new HubException("Not admitted to a visit.");
        }

        if (!Kinds.Contains(kind) || payload is null || payload.Length > MaxSignalChars)
        {
            throw new HubException("A signal is an offer, an answer or a candidate of at most 64 KiB.");
        }

        if (rooms.PeerOf(ticket.AppointmentId, Context.ConnectionId) is { } peer)
        {
            await Clients.Client(peer.ConnectionId).SendAsync("signal", kind, payload, Context.ConnectionAborted);
        }
    }

    /// <summary>The ticket's room is still open and, for the patient, the code that admitted them is still the current one.</summary>
    private async Task<bool> StillAdmittedAsync(VisitTicket ticket)
    {
        var visit = await appointments.FindAsync(ticket.ClinicId, ticket.AppointmentId, forUpdate: false, Context.ConnectionAborted);
        if (visit is null || !visit.IsLive)
        {
            return false;
        }

        var rules = await settings.GetAsync(ticket.ClinicId, Context.ConnectionAborted);
        var now = clock.GetUtcNow();
        return now >= rules.OpensAt(visit.StartsAt) && now < rules.ClosesAt(visit.EndsAt)
            && (ticket.Role == VisitTicket.Provider ? visit.ProviderStaffAccountId == ticket.ParticipantId : visit.Issue == ticket.Issue && visit.PatientId == ticket.ParticipantId);
    }
}

internal sealed class VisitHubEndpoint : ICarterModule
{
    // The ticket is the credential, not a cookie, so no cross-site request can use it: antiforgery does not apply.
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapHub<VisitHub>(VisitHub.Path).DisableAntiforgery().ExcludeFromDescription();
}
