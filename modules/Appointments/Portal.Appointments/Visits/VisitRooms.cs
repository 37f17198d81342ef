using System.Collections.Concurrent;

namespace Portal.Appointments.Visits;

/// <summary>One participant in a room: their role, their admission (entry) and their current signalling connection.</summary>
internal sealed record RoomParticipant(string Role, Guid EntryId, string ConnectionId);

/// <summary>What happened when a participant came in.</summary>
/// <param name="Replaced">The connection of the same admission that this one replaces (a reconnect); null for none.</param>
/// <param name="Other">The other participant already in, if any.</param>
internal sealed record RoomEntry(bool Admitted, string? Replaced, RoomParticipant? Other);

/// <summary>
/// Who is in each visit's room on this host: at most one patient admission and one provider admission. The same admission
/// coming back (a reconnect after a network blip) takes its place again; another admission with the same role is refused
/// while the first is connected. Signalling is relayed between the two connections here, so a room's two browsers meet on
/// one host (ADR 26: sticky routing by room behind a load balancer).
/// </summary>
internal sealed class VisitRooms
{
    private readonly ConcurrentDictionary<Guid, Room> _rooms = new();

    public bool IsTakenByAnother(Guid appointmentId, string role, Guid entryId) =>
        _rooms.TryGetValue(appointmentId, out var room) && room.Holder(role) is { } holder && holder.EntryId != entryId;

    public RoomEntry Enter(Guid appointmentId, RoomParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var room = _rooms.GetOrAdd(appointmentId, _ => new Room());
        lock (room)
        {
            var holder = room.Holder(participant.Role);
            if (holder is not null && holder.EntryId != participant.EntryId)
            {
                return new RoomEntry(false, null, null);
            }

            room.Set(participant);
            return new RoomEntry(true, holder?.ConnectionId, room.Other(participant.Role));
        }
    }

    /// <summary>The connection left; returns the other participant still in, when this connection was the one holding its place.</summary>
    public (bool Left, RoomParticipant? Other) Leave(Guid appointmentId, string connectionId)
    {
        if (!_rooms.TryGetValue(appointmentId, out var room))
        {
            return (false, null);
        }

        lock (room)
        {
            var leaving = new[] { room.Patient, room.Provider }.FirstOrDefault(p => p?.ConnectionId == connectionId);
            if (leaving is null)
            {
                return (false, null);
            }

            room.Clear(leaving.Role);
            var other = room.Other(leaving.Role);
            if (other is null)
            {
                _rooms.TryRemove(KeyValuePair.Create(appointmentId, room));
            }

            return (true, other);
        }
    }

    /// <summary>The other participant of the connection's room, to relay to; null when the connection holds no place there.</summary>
    public RoomParticipant? PeerOf(Guid appointmentId, string connectionId)
    {
        if (!_rooms.TryGetValue(appointmentId, out var room))
        {
            return null;
        }

        lock (room)
        {
            var self = new[] { room.Patient, room.Provider }.FirstOrDefault(p => p?.ConnectionId == connectionId);
            return self is null ? null : room.Other(self.Role);
        }
    }

    private sealed class Room
    {
        public RoomParticipant? Patient { get; private set; }

        public RoomParticipant? Provider { get; private set; }

        public RoomParticipant? Holder(string role) => role == VisitTicket.Patient ? Patient : Provider;

        public RoomParticipant? Other(string role) => role == VisitTicket.Patient ? Provider : Patient;

        public void Set(RoomParticipant participant)
        {
            if (participant.Role == VisitTicket.Patient)
            {
                Patient = participant;
            }
            else
            {
                Provider = participant;
            }
        }

        public void Clear(string role)
        {
            if (role == VisitTicket.Patient)
            {
                Patient = null;
            }
            else
            {
                Provider = null;
            }
        }
    }
}
