namespace Portal.Identity.Contracts;

/// <summary>Staff roles. A clinic has owners, admins and staff; operators run the installation and belong to no clinic.</summary>
public static class StaffRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Staff = "staff";
    public const string Operator = "operator";

    public static IReadOnlyList<string> ClinicRoles { get; } = [Owner, Admin, Staff];

    public static bool IsClinicRole(string? role) => role is Owner or Admin or Staff;
}

/// <summary>Authorization policy names other modules put on their endpoints.</summary>
public static class StaffPolicies
{
    /// <summary>Any staff member of the clinic in the URL.</summary>
    public const string ClinicMember = "clinic-member";

    /// <summary>The clinic's owners and admins: they configure the clinic.</summary>
    public const string ClinicManager = "clinic-manager";

    /// <summary>The clinic's account owners only.</summary>
    public const string ClinicOwner = "clinic-owner";

    /// <summary>Platform operators.</summary>
    public const string Operator = "operator";
}
