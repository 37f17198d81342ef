using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Portal.Appointments.Scheduling;
using Portal.Identity.Contracts;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;

namespace Portal.Appointments.Features.Setup;

/// <param name="Languages">Languages the provider speaks, as ISO 639 codes (en, fr, es…).</param>
/// <param name="StaffAccountId">The provider's own staff account at the clinic, if they have one.</param>
internal sealed record ProviderView(Guid Id, string Name, string? Title, IReadOnlyList<string> Languages, Guid? StaffAccountId, bool Active);

internal sealed record ProviderList(IReadOnlyList<ProviderView> Items);

/// <param name="Title">How patients see the provider's role: Dr., NP, Physiotherapist…</param>
/// <param name="Languages">ISO 639 codes (two or three lowercase letters), at most 10.</param>
/// <param name="Active">An inactive provider is kept for past appointments but offers no new slots.</param>
internal sealed record ProviderBody(string Name, string? Title = null, IReadOnlyList<string>? Languages = null, Guid? StaffAccountId = null, bool Active = true);

internal sealed record SaveProviderCommand(Guid? Id, ProviderBody Provider) : ICommand<ProviderView>, IChangesScheduleSetup;

internal sealed record ListProvidersQuery : IQuery<ProviderList>;

internal sealed partial class SaveProviderValidator : AbstractValidator<SaveProviderCommand>
{
    public SaveProviderValidator()
    {
        RuleFor(x => x.Provider.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name");
        RuleFor(x => x.Provider.Title).MaximumLength(100).Must(t => t is null || t.Trim().Length > 0)
            .WithMessage("Leave the title out rather than blank.").OverridePropertyName("title");
        RuleFor(x => x.Provider.Languages).Must(l => l is null || (l.Count <= 10 && l.Distinct().Count() == l.Count && l.All(Iso639().IsMatch)))
            .WithMessage("Give at most 10 different language codes such as en or fr.").OverridePropertyName("languages");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z]{2,3}$")]
    private static partial System.Text.RegularExpressions.Regex Iso639();
}

internal sealed class SaveProviderHandler(IDbSession db, ClinicContext clinic, IStaffAccounts staff, TimeProvider clock)
    : IRequestHandler<SaveProviderCommand, Result<ProviderView>>
{
    public async Task<Result<ProviderView>> Handle(SaveProviderCommand request, CancellationToken cancellationToken)
    {
        var body = request.Provider;
        if (body.StaffAccountId is { } account
            && !(await staff.ListClinicStaffAsync(clinic.ClinicId, cancellationToken)).Any(m => m.UserId == account))
        {
            return AppointmentsErrors.UnknownStaffAccount;
        }

        var view = new ProviderView(request.Id ?? Guid.CreateVersion7(clock.GetUtcNow()), body.Name.Trim(), body.Title?.Trim(), body.Languages ?? [], body.StaffAccountId, body.Active);
        var parameters = new
        {
            view.Id, clinic.ClinicId, view.Name, view.Title, Languages = view.Languages.ToArray(), view.StaffAccountId, view.Active, Now = clock.GetUtcNow(),
        };
        try
        {
            if (request.Id is null)
            {
                await db.ExecuteAsync(
                    """
                    insert into appointments.providers (id, clinic_id, name, title, languages, staff_account_id, active, created_at)
                    values (@Id, @ClinicId, @Name, @Title, @Languages, @StaffAccountId, @Active, @Now)
                    """,
                    parameters,
                    cancellationToken);
            }
            else if (await db.ExecuteAsync(
                         """
                         update appointments.providers set name = @Name, title = @Title, languages = @Languages, staff_account_id = @StaffAccountId, active = @Active
                         where clinic_id = @ClinicId and id = @Id
                         """,
                         parameters,
                         cancellationToken) == 0)
            {
                return AppointmentsErrors.ProviderNotFound;
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return AppointmentsErrors.StaffAccountTaken;
        }

        return view;
    }
}

internal sealed class ListProvidersHandler(IDbSession db, ClinicContext clinic) : IRequestHandler<ListProvidersQuery, Result<ProviderList>>
{
    public async Task<Result<ProviderList>> Handle(ListProvidersQuery request, CancellationToken cancellationToken) =>
        new ProviderList(await SetupViews.ProvidersAsync(db, clinic.ClinicId, null, cancellationToken));
}

internal static class SetupViews
{
    // A class with settable members: Dapper does not pass PostgreSQL arrays to constructors.
    private sealed class ProviderRow
    {
        public Guid Id { get; init; }

        public string Name { get; init; } = "";

        public string? Title { get; init; }

        public string[] Languages { get; init; } = [];

        public Guid? StaffAccountId { get; init; }

        public bool Active { get; init; }
    }

    public static async Task<IReadOnlyList<ProviderView>> ProvidersAsync(IDbSession db, Guid clinicId, Guid? id, CancellationToken cancellationToken) =>
        (await db.QueryAsync<ProviderRow>(
            """
            select id, name, title, languages, staff_account_id, active from appointments.providers
            where clinic_id = @clinicId and (@id::uuid is null or id = @id)
            order by active desc, name, id
            """,
            new { clinicId, id },
            cancellationToken))
        .Select(p => new ProviderView(p.Id, p.Name, p.Title, p.Languages, p.StaffAccountId, p.Active))
        .ToList();

    public static Task<bool> ProviderExistsAsync(IDbSession db, Guid clinicId, Guid id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<bool>(
            "select exists (select 1 from appointments.providers where clinic_id = @clinicId and id = @id)", new { clinicId, id }, cancellationToken);

    public static Task<bool> LocationExistsAsync(IDbSession db, Guid clinicId, Guid id, CancellationToken cancellationToken) =>
        db.QuerySingleAsync<bool>(
            "select exists (select 1 from appointments.locations where clinic_id = @clinicId and id = @id)", new { clinicId, id }, cancellationToken);
}

internal sealed class ProviderEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapSetupResource<ProviderBody, ProviderView, ProviderList, SaveProviderCommand>(
            "/providers",
            () => new ListProvidersQuery(),
            (id, body) => new SaveProviderCommand(id, body),
            view => view.Id,
            new("ListProviders", "The clinic's providers, active ones first, by name."),
            new("CreateProvider", "Adds a provider patients can book with: name, title, languages spoken, and optionally their staff account.",
                "The clinic's owners and admins. staffAccountId must be a staff member of this clinic and not linked to another provider (409 staff_account_taken).",
                StatusCodes.Status409Conflict),
            new("UpdateProvider", "Changes a provider; active false keeps them for past appointments but offers no new slots.", MoreProblems: StatusCodes.Status409Conflict));
}
