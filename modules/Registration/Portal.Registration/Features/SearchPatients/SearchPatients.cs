using System.Globalization;
using System.Text.RegularExpressions;
using Carter;
using Dapper;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Registration.Patients;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Registration.Features.SearchPatients;

internal sealed record PatientListItem(
    Guid Id,
    string? ChartNumber,
    string LegalGivenName,
    string LegalFamilyName,
    string? PreferredName,
    DateOnly DateOfBirth,
    string Sex,
    IdentifierFields? PrimaryIdentifier,
    string? Email,
    string? Mobile,
    bool Active,
    bool PortalAccess);

internal sealed record PatientList(IReadOnlyList<PatientListItem> Items, int Offset, int Limit, bool HasMore, string MatchedBy);

/// <param name="Q">Name words, a date of birth, an identifier or chart number, a phone number or an email address.</param>
internal sealed record SearchPatientsQuery(string? Q, DateOnly? DateOfBirth, string Status, int Offset, int Limit) : IQuery<PatientList>;

internal sealed class SearchPatientsValidator : AbstractValidator<SearchPatientsQuery>
{
    public SearchPatientsValidator()
    {
        RuleFor(x => x.Q).MaximumLength(100).Must(q => q is null || StrictStringConverter.IsAcceptable(q)).WithErrorCode("invalid");
        RuleFor(x => x.Status).IsOneOf(["active", "inactive", "all"]).WithMessage("Use active, inactive or all.").WithErrorCode("invalid_choice");
        RuleFor(x => x.Offset).InclusiveBetween(0, 10_000);
        RuleFor(x => x.Limit).InclusiveBetween(1, PageClause.MaxLimit);
    }
}

/// <summary>What the search box holds, decided once; each kind is answered from an index.</summary>
internal sealed partial record SearchCriteria(string MatchedBy, string? Email = null, string? Number = null, string? Phone = null, string? NameQuery = null, DateOnly? DateOfBirth = null, string? ChartNumber = null)
{
    private static readonly char[] Punctuation = [' ', '-', '.', '(', ')', '+', '/'];

    public static SearchCriteria From(string? q)
    {
        var text = q?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new SearchCriteria("all");
        }

        if (text.Contains('@', StringComparison.Ordinal))
        {
            return new SearchCriteria("email", Email: EmailAddresses.Normalize(text));
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new SearchCriteria("dateOfBirth", DateOfBirth: date);
        }

        var compact = new string(text.Where(c => !Punctuation.Contains(c)).ToArray()).ToUpperInvariant();
        if (compact.Length > 0 && compact.All(char.IsAsciiLetterOrDigit) && compact.Any(char.IsAsciiDigit))
        {
            // Ten digits may be an Ontario health number or a phone number: both are looked up, and
            // the grouping decides what the list says it matched (613 555-0123 against 1234 567 890).
            var phone = PhoneNumbers.TryNormalize(text, out var e164) ? e164 : null;
            var looksLikePhone = phone is not null && (compact.Length != 10 || PhoneGrouping().IsMatch(text));
            return new SearchCriteria(
                looksLikePhone ? "phone" : "identifier", Number: compact, Phone: phone, ChartNumber: PatientRules.NormalizeChartNumber(text));
        }

        return PatientNames.PrefixQuery(text) is { } words ? new SearchCriteria("name", NameQuery: words) : new SearchCriteria("all");
    }

    /// <summary>
    /// The SQL conditions on <c>registration.patients p</c> this reading of the search text needs, with
    /// <paramref name="dateOfBirth"/> (a separate filter) taking the place of a date typed as text;
    /// their values come from <see cref="Parameters"/>.
    /// </summary>
    public IEnumerable<string> Conditions(DateOnly? dateOfBirth = null)
    {
        if ((dateOfBirth ?? DateOfBirth) is not null)
        {
            yield return "p.date_of_birth = @DateOfBirth";
        }

        if (Email is not null)
        {
            yield return "p.id in (select c.patient_id from registration.patient_contacts c where c.clinic_id = @ClinicId and c.value = @Email)";
        }

        if (Number is not null)
        {
            yield return
                """
                p.id in (select i.patient_id from registration.patient_identifiers i where i.clinic_id = @ClinicId and i.number = @Number
                         union select c.patient_id from registration.patient_contacts c where c.clinic_id = @ClinicId and c.value = @Phone
                         union select q.id from registration.patients q where q.clinic_id = @ClinicId and q.chart_number = @ChartNumber)
                """;
        }

        if (NameQuery is not null)
        {
            yield return "p.name_search @@ to_tsquery('simple', @NameQuery)";
        }
    }

    /// <summary>The values of <see cref="Conditions"/> and of <c>@ClinicId</c>, with <paramref name="more"/>'s properties added.</summary>
    public DynamicParameters Parameters(Guid clinicId, DateOnly? dateOfBirth = null, object? more = null)
    {
        var parameters = new DynamicParameters(more);
        parameters.AddDynamicParams(new
        {
            ClinicId = clinicId,
            DateOfBirth = dateOfBirth ?? DateOfBirth,
            Email,
            Number,
            Phone = Phone ?? string.Empty,
            NameQuery,
            ChartNumber,
        });
        return parameters;
    }

    [GeneratedRegex(@"^\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneGrouping();
}

internal sealed class SearchPatientsHandler(IDbSession db, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<SearchPatientsQuery, Result<PatientList>>
{
    public async Task<Result<PatientList>> Handle(SearchPatientsQuery request, CancellationToken cancellationToken)
    {
        var criteria = SearchCriteria.From(request.Q);
        var conditions = new List<string> { "p.clinic_id = @ClinicId" };
        if (request.Status != "all")
        {
            conditions.Add(request.Status == "active" ? "p.active" : "not p.active");
        }

        conditions.AddRange(criteria.Conditions(request.DateOfBirth));
        // The first identifier, email and mobile are kept on the patient row, so a page is one scan of one index.
        var rows = await db.QueryAsync<ListRow>(
            $"""
            select p.id, p.chart_number, p.legal_given_name, p.legal_family_name, p.preferred_name, p.date_of_birth, p.sex,
                   p.active, p.portal_access, p.list_id_type as id_type, p.list_id_number as number, p.list_id_version as version_code,
                   p.list_email as email, p.list_mobile as mobile
            from registration.patients p
            where {string.Join("\n  and ", conditions)}
            order by p.sort_key, p.id
            {PageClause.Sql(request.Limit, request.Offset)}
            """,
            criteria.Parameters(clinic.ClinicId, request.DateOfBirth, new { request.Offset }),
            cancellationToken);
        var items = rows.Take(request.Limit).Select(row => row.ToItem()).ToList();
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.Searched, clinic.ClinicId, Details: new { matchedBy = criteria.MatchedBy, results = items.Count }),
            cancellationToken);
        return new PatientList(items, request.Offset, request.Limit, rows.Count > request.Limit, criteria.MatchedBy);
    }

    private sealed record ListRow(
        Guid Id, string? ChartNumber, string LegalGivenName, string LegalFamilyName, string? PreferredName, DateOnly DateOfBirth, string Sex,
        bool Active, bool PortalAccess, string? IdType, string? Number, string? VersionCode, string? Email, string? Mobile)
    {
        public PatientListItem ToItem() => new(
            Id, ChartNumber, LegalGivenName, LegalFamilyName, PreferredName, DateOfBirth, Sex,
            IdType is null ? null : new IdentifierFields(IdType, Number!, VersionCode),
            Email, Mobile, Active, PortalAccess);
    }
}

internal sealed class SearchPatientsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapClinicGroup("/patients")
            .MapGet("/", async Task<Results<Ok<PatientList>, ErrorHttpResult>> (
                    string? q, DateOnly? dateOfBirth, string? status, int? offset, int? limit, IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new SearchPatientsQuery(q, dateOfBirth, status ?? "active", offset ?? 0, limit ?? 25), cancellationToken))
                .ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .WithTags("Registration")
            .WithName("SearchPatients")
            .ValidatedAs<SearchPatientsQuery>()
            .WithSummary("The clinic's patients, found by name, date of birth, identifier, chart number, phone or email, sorted by name.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
}
