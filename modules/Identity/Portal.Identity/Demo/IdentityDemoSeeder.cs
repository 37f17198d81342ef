using System.Security.Cryptography;
using Portal.Identity.Contracts;
using Portal.Shared.Cli;
using Portal.Shared.Tenancy;

namespace Portal.Identity.Demo;

/// <summary>
/// The demo clinic's owner and admin, and an operator, with generated passwords. Accounts that
/// exist keep their passwords unless the seed is asked to reset them (the credentials file is gone).
/// </summary>
internal sealed class IdentityDemoSeeder(IStaffAccounts accounts, IClinicDirectory clinics) : IDemoDataSeeder
{
    public int Order => 20;

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clinic = await clinics.FindBySlugAsync(context.ClinicSlug, cancellationToken)
            ?? throw new InvalidOperationException($"The demo clinic '{context.ClinicSlug}' does not exist.");
        var baseUrl = context.PublicUrl.ToString().TrimEnd('/');

        await EnsureAsync(context, new NewStaffAccount(clinic.Id, $"owner@{clinic.Slug}.portal.test", "Olivia Owner", StaffRoles.Owner), $"{baseUrl}/{clinic.Slug}/admin/", cancellationToken);
        await EnsureAsync(context, new NewStaffAccount(clinic.Id, $"admin@{clinic.Slug}.portal.test", "Adam Admin", StaffRoles.Admin), $"{baseUrl}/{clinic.Slug}/admin/", cancellationToken);
        await EnsureAsync(context, new NewStaffAccount(null, "operator@portal.test", "Oscar Operator", StaffRoles.Operator), $"{baseUrl}/admin/", cancellationToken);
    }

    private async Task EnsureAsync(DemoSeedContext context, NewStaffAccount account, string signInUrl, CancellationToken cancellationToken)
    {
        var password = GeneratePassword();
        if (await accounts.ExistsAsync(account.ClinicId, account.Email, cancellationToken))
        {
            if (!context.ResetPasswords)
            {
                return;
            }

            (await accounts.ResetPasswordAsync(account.ClinicId, account.Email, password, cancellationToken)).ThrowIfFailed();
        }
        else
        {
            (await accounts.CreateWithPasswordAsync(account, password, cancellationToken)).ThrowIfFailed();
        }

        context.Credentials.Add($"{account.Role,-9} {account.Email,-32} {password}   sign in at {signInUrl}");
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(18, alphabet, (chars, letters) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = letters[RandomNumberGenerator.GetInt32(letters.Length)];
            }
        });
    }
}
