namespace Portal.Shared.Auditing;

public enum ActorKind
{
    Anonymous,
    Staff,
    Operator,
    Patient,
    System,
}

/// <summary>Who is acting: a signed-in person, the command line, or nobody yet.</summary>
/// <param name="Role">For staff: owner, admin or staff.</param>
/// <param name="ClinicId">The clinic the actor belongs to; none for operators and the system.</param>
public sealed record Actor(ActorKind Kind, Guid? Id, string? Label, string? Role, Guid? ClinicId)
{
    public static Actor Anonymous { get; } = new(ActorKind.Anonymous, null, null, null, null);

    public static Actor System(string label) => new(ActorKind.System, null, label, null, null);
}

/// <summary>The actor and client address of the current request or command.</summary>
public interface IActorContext
{
    Actor Actor { get; }

    /// <summary>The client's IP address as the host sees it (after trusted forwarded headers).</summary>
    string? ClientAddress { get; }
}
