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
