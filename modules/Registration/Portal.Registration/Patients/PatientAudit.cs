namespace Portal.Registration.Patients;

/// <summary>How the audit log names patients and what was done to them (checklist A5).</summary>
internal static class PatientAudit
{
    public const string TargetType = "patient";
    public const string Created = "registration.patient.created";
    public const string Imported = "registration.patient.imported";
    public const string Updated = "registration.patient.updated";
    public const string Viewed = "registration.patient.viewed";
    public const string PortalAccessChanged = "registration.patient.portal_access_changed";
    public const string Searched = "registration.patients.searched";
    public const string ContactChangedByPatient = "registration.patient.contact_changed";
    public const string ChangedByPatient = "registration.patient.changed_by_patient";
}
