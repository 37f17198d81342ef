using Portal.Shared.Results;

namespace Portal.Registration.Patients;

internal static class PatientErrors
{
    /// <summary>Also the answer for another clinic's patient: nothing says it exists (checklist A2).</summary>
    public static readonly Error NotFound = Error.NotFound("patient_not_found", "This clinic has no such patient.");
}
