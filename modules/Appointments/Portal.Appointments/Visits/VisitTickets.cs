using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Appointments.Visits;

/// <summary>
/// What a ticket to a visit's room says: who was admitted (the patient by the code of that issue, or the provider by a staff
/// session), to which room, as which entry (one browser's admission), until when.
/// </summary>
/// <param name="Role">patient or provider.</param>
/// <param name="EntryId">One admission: the same browser reconnecting keeps it, another browser has its own.</param>
/// <param name="Issue">For the patient, the code issue that admitted them: a re-send makes tickets of older issues stop working.</param>
internal sealed record VisitTicket(
    Guid ClinicId, Guid AppointmentId, Guid RoomId, string Role, Guid ParticipantId, Guid EntryId, int Issue, DateTimeOffset ExpiresAt)
{
    public const string Patient = "patient";

    public const string Provider = "provider";
}

/// <summary>
/// Tickets to the signalling hub, handed out by the join routes: encrypted and signed with the Data Protection key ring (shared
/// by every host), and refused after they expire by the application's clock.
/// </summary>
internal sealed class VisitTickets(IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Portal.Appointments.VisitTicket.v1");

    public string Issue(VisitTicket ticket) => _protector.Protect(JsonSerializer.Serialize(ticket));

    public VisitTicket? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        try
        {
            var ticket = JsonSerializer.Deserialize<VisitTicket>(_protector.Unprotect(token));
            return ticket is not null && ticket.ExpiresAt > clock.GetUtcNow() ? ticket : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
