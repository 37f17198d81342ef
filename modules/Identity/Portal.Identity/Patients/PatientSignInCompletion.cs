using Portal.Registration.Contracts;
using Portal.Shared.Auditing;

namespace Portal.Identity.Patients;

/// <summary>A patient's new session, and the browser's cookie to set; the token never goes in a body.</summary>
internal sealed record OpenedPatientSession(string Token, DateTimeOffset? CookieExpires);

/// <summary>
/// What every patient sign-in does once the patient is proven (passcode, or notification link): the
/// session the browser still had ends (C2), a new one starts with the same limits (C3), the chart notes
/// the sign-in, and the audit log says how.
/// </summary>
internal sealed class PatientSignInCompletion(PatientSessions sessions, IPatientDirectory patients, IAuditLog audit)
{
    public async Task<OpenedPatientSession> OpenAsync(
        Guid clinicId, Guid patientId, bool stayLoggedIn, string method, DateTimeOffset now, string? clientAddress, string? userAgent,
        string? previousSessionToken, CancellationToken cancellationToken)
    {
        if (previousSessionToken is { } previous)
        {
            await sessions.EndReplacedAsync(previous, now, cancellationToken);
        }

        var (token, sessionId, expires) = await sessions.StartAsync(clinicId, patientId, stayLoggedIn, now, clientAddress, userAgent, cancellationToken);
        await patients.RecordSignInAsync(clinicId, patientId, now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("identity.patient.signed_in", clinicId, "patient", patientId.ToString(), new { sessionId, stayLoggedIn, method })
            {
                Actor = new Actor(ActorKind.Patient, patientId, "patient", null, clinicId),
            },
            cancellationToken);
        return new OpenedPatientSession(token, stayLoggedIn ? expires : null);
    }
}
