using Portal.Identity.Contracts;

namespace Portal.Identity.Staff;

internal sealed class StaffUser
{
    public const string Columns = "id, clinic_id, email, display_name, role, password_hash, disabled_at";

    public Guid Id { get; init; }

    public Guid? ClinicId { get; init; }

    public string Email { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string Role { get; init; } = StaffRoles.Staff;

    public string? PasswordHash { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    public bool IsOperator => Role == StaffRoles.Operator;
}

/// <summary>The signed-in person as the admin app shows them.</summary>
internal sealed record StaffProfile(Guid Id, string Email, string DisplayName, string Role, StaffClinic? Clinic);

internal sealed record StaffClinic(string Slug, string Name);
