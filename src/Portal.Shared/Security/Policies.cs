namespace Portal.Shared.Security;

/// <summary>
/// Authorization policy names endpoints require. The Identity module defines what each means; the
/// names live here so that building blocks (jobs, notifications) can use them without a module.
/// </summary>
public static class Policies
{
    /// <summary>Any staff member of the clinic in the URL.</summary>
    public const string ClinicMember = "clinic-member";

    /// <summary>The clinic's owners and admins: they configure the clinic.</summary>
    public const string ClinicManager = "clinic-manager";

    /// <summary>The clinic's account owners only.</summary>
    public const string ClinicOwner = "clinic-owner";

    /// <summary>Platform operators.</summary>
    public const string Operator = "operator";

    /// <summary>A patient signed in to the portal of the clinic in the URL.</summary>
    public const string ClinicPatient = "clinic-patient";
}
