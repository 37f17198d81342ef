namespace Portal.Shared.Auditing;

/// <summary>Claim types Portal's authentication handlers write and the building blocks read.</summary>
public static class PortalClaims
{
    public const string Subject = "sub";
    public const string ActorKind = "portal:actor_kind";
    public const string Role = "portal:role";
    public const string ClinicId = "portal:clinic_id";
    public const string SessionId = "portal:session_id";
    public const string Label = "portal:label";
}
