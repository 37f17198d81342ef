using Portal.Identity.Contracts;
using Portal.Shared.Cli;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Identity.Cli;

/// <summary><c>Portal.Host operators add</c>: someone who runs this installation.</summary>
internal sealed class AddOperatorCliCommand(IStaffAccounts accounts) : ICliCommand
{
    public string Name => "operators add";

    public string Usage => "operators add --email EMAIL [--name NAME]";

    public async Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var email = EmailAddresses.Normalize(arguments.Required("email"));
        var result = await accounts.CreateWithSetupLinkAsync(
            new NewStaffAccount(null, email, arguments.Optional("name") ?? email, StaffRoles.Operator), cancellationToken);
        return await StaffCliOutput.ReportAsync(result, output);
    }
}

/// <summary><c>Portal.Host staff add</c>: another owner, admin or staff member of a clinic.</summary>
internal sealed class AddStaffCliCommand(IStaffAccounts accounts, IClinicDirectory clinics) : ICliCommand
{
    public string Name => "staff add";

    public string Usage => "staff add --clinic SLUG --email EMAIL --role owner|admin|staff [--name NAME]";

    public async Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var slug = arguments.Required("clinic");
        var clinic = await clinics.FindBySlugAsync(slug, cancellationToken);
        if (clinic is null)
        {
            await output.WriteLineAsync($"There is no clinic '{slug}'.");
            return 1;
        }

        var email = EmailAddresses.Normalize(arguments.Required("email"));
        var result = await accounts.CreateWithSetupLinkAsync(
            new NewStaffAccount(clinic.Id, email, arguments.Optional("name") ?? email, arguments.Required("role")), cancellationToken);
        return await StaffCliOutput.ReportAsync(result, output);
    }
}

internal static class StaffCliOutput
{
    public static async Task<int> ReportAsync(Portal.Shared.Results.Result<StaffAccountCreated> result, TextWriter output)
    {
        if (!result.IsSuccess)
        {
            await output.WriteLineAsync(CliErrors.Describe(result.Error!));
            return 1;
        }

        await output.WriteLineAsync($"Created {result.Value.Email}. They set a password (within 72 hours, once) at:");
        await output.WriteLineAsync($"  {result.Value.SetupLink}");
        return 0;
    }
}
