using FluentValidation;
using MediatR;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Shared;
using Portal.Shared.Auditing;
using Portal.Shared.Cli;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Settings.Features.Clinics;

/// <summary>Creates a clinic with default portal settings (portal off) and, when given, its account owner.</summary>
internal sealed record CreateClinicCommand(
    string Slug,
    string Name,
    string TimeZone,
    string DefaultLanguage,
    string? OwnerEmail,
    string? OwnerName) : ICommand<ClinicCreated>;

internal sealed record ClinicCreated(Guid ClinicId, string Slug, StaffAccountCreated? Owner);

internal sealed class CreateClinicValidator : AbstractValidator<CreateClinicCommand>
{
    public CreateClinicValidator()
    {
        RuleFor(x => x.Slug).Must(ClinicSlug.IsValid).WithMessage("The address must be " + ClinicSlug.Rule + " Some words are reserved.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200).Must(name => name.Trim().Length > 0);
        RuleFor(x => x.TimeZone).Must(zone => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)).WithMessage("Use an IANA time zone such as America/Toronto.");
        RuleFor(x => x.DefaultLanguage).Must(language => language is "en" or "fr").WithMessage("The language is en or fr.");
        RuleFor(x => x.OwnerEmail).Must(EmailAddresses.IsValid).When(x => x.OwnerEmail is not null).WithMessage("That is not an email address.");
    }
}

internal sealed class CreateClinicHandler(IDbSession db, IAuditLog audit, IStaffAccounts staff, TimeProvider clock)
    : IRequestHandler<CreateClinicCommand, Result<ClinicCreated>>
{
    public async Task<Result<ClinicCreated>> Handle(CreateClinicCommand request, CancellationToken cancellationToken)
    {
        var taken = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from settings.clinics where slug = @Slug)", new { request.Slug }, cancellationToken);
        if (taken)
        {
            return Error.Conflict("slug_taken", $"A clinic already uses the address '{request.Slug}'.");
        }

        var clinicId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            insert into settings.clinics (id, slug, name, time_zone, default_language, created_at)
            values (@clinicId, @Slug, @Name, @TimeZone, @DefaultLanguage, @now);
            insert into settings.portal_settings (clinic_id, updated_at) values (@clinicId, @now);
            """,
            new { clinicId, request.Slug, Name = request.Name.Trim(), request.TimeZone, request.DefaultLanguage, now },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("settings.clinic.created", clinicId, "clinic", clinicId.ToString(), new { request.Slug, request.Name }),
            cancellationToken);

        StaffAccountCreated? owner = null;
        if (request.OwnerEmail is not null)
        {
            var created = await staff.CreateWithSetupLinkAsync(
                // The clinic is not committed yet, so the invitation is told its name and language.
                new NewStaffAccount(clinicId, request.OwnerEmail, request.OwnerName ?? request.OwnerEmail, StaffRoles.Owner)
                {
                    ClinicName = request.Name.Trim(),
                    Language = request.DefaultLanguage,
                },
                cancellationToken);
            if (!created.IsSuccess)
            {
                return created.Error!;
            }

            owner = created.Value;
        }

        return new ClinicCreated(clinicId, request.Slug, owner);
    }
}

/// <summary><c>Portal.Host clinics add</c>: an operator sets up a new clinic and its owner.</summary>
internal sealed class AddClinicCliCommand(IMediator mediator, IOptions<PortalOptions> options) : ICliCommand
{
    public string Name => "clinics add";

    public string Usage => "clinics add --slug SLUG --name NAME --owner-email EMAIL [--owner-name NAME] [--time-zone America/Toronto] [--language en|fr]";

    public async Task<int> RunAsync(CliArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        var result = await mediator.Send(
            new CreateClinicCommand(
                arguments.Required("slug"),
                arguments.Required("name"),
                arguments.Optional("time-zone") ?? "America/Toronto",
                arguments.Optional("language") ?? "en",
                EmailAddresses.Normalize(arguments.Required("owner-email")),
                arguments.Optional("owner-name")),
            cancellationToken);
        if (!result.IsSuccess)
        {
            await output.WriteLineAsync(CliErrors.Describe(result.Error!));
            return 1;
        }

        var baseUrl = options.Value.PublicUrl.ToString().TrimEnd('/');
        var created = result.Value;
        await output.WriteLineAsync($"Created clinic '{created.Slug}'.");
        await output.WriteLineAsync($"  Patient portal: {baseUrl}/{created.Slug}/");
        await output.WriteLineAsync($"  Admin app:      {baseUrl}/{created.Slug}/admin/");
        await output.WriteLineAsync($"  Owner {created.Owner!.Email} sets a password (within 72 hours, once) at:");
        await output.WriteLineAsync($"    {created.Owner.SetupLink}");
        return 0;
    }
}

internal sealed class Clinics(IMediator mediator) : Contracts.IClinics
{
    public async Task<Result<Contracts.CreatedClinic>> CreateAsync(Contracts.NewClinic clinic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clinic);
        var result = await mediator.Send(
            new CreateClinicCommand(clinic.Slug, clinic.Name, clinic.TimeZone, clinic.DefaultLanguage, clinic.OwnerEmail, clinic.OwnerName),
            cancellationToken);
        return result.IsSuccess
            ? new Contracts.CreatedClinic(result.Value.ClinicId, result.Value.Slug, result.Value.Owner?.SetupLink)
            : result.Error!;
    }
}
