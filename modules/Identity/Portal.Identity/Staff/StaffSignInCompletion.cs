using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Tenancy;

namespace Portal.Identity.Staff;

/// <summary>A successful staff sign-in, however it was proven: the session cookie's token and who it is.</summary>
internal sealed record StaffSignedIn(string SessionToken, StaffProfile Profile);

/// <summary>What every way of signing staff in ends with: a new session, the sign-in time, and an audit entry.</summary>
internal sealed class StaffSignInCompletion(
    IDbSession db, StaffSessions sessions, IAuditLog audit, IActorContext actor, IClinicDirectory clinics)
{
    public async Task<StaffSignedIn> CompleteAsync(StaffUser user, string method, DateTimeOffset now, string? userAgent, CancellationToken cancellationToken)
    {
        var (token, sessionId) = await sessions.StartAsync(user.Id, now, actor.ClientAddress, userAgent, cancellationToken);
        await db.ExecuteAsync(
            "update identity.staff_users set last_sign_in_at = @now where id = @id", new { now, id = user.Id }, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("identity.staff.signed_in", user.ClinicId, "staff_user", user.Id.ToString(), new { method, sessionId })
            {
                Actor = StaffActors.Of(user),
            },
            cancellationToken);
        return new StaffSignedIn(token, await ProfileAsync(user, cancellationToken));
    }

    public async Task<StaffProfile> ProfileAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var clinic = user.ClinicId is { } clinicId ? await clinics.FindByIdAsync(clinicId, cancellationToken) : null;
        return new StaffProfile(user.Id, user.Email, user.DisplayName, user.Role, clinic is null ? null : new StaffClinic(clinic.Slug, clinic.Name));
    }
}
