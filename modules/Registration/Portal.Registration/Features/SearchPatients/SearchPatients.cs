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
internal sealed partial record SearchCriteria(
    string MatchedBy, string? Email = null, string? Number = null, string? Phone = null, IReadOnlyList<string>? NameWords = null,
    DateOnly? DateOfBirth = null, string? ChartNumber = null)
{
    private static readonly char[] Punctuation = [' ', '-', '.', '(', ')', '+', '/'];

    // U+10FFFF sorts after every character in the keys' "C" collation: a word followed by it ends the range of the keys it starts.
    private static readonly string AfterEveryCharacter = char.ConvertFromUtf32(0x10FFFF);

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

        return PatientNames.PrefixWords(text) is { } words ? new SearchCriteria("name", NameWords: words) : new SearchCriteria("all");
    }

    /// <summary>
    /// A query of the patients (<c>patient_id</c>, <c>sort_key</c>, each once) the search text finds in
    /// <c>registration.patient_search_keys</c>, read from its index alone; null when the text is not
    /// looked up there (no text, or a date of birth). <paramref name="active"/> keeps only active or
    /// only inactive patients.
    /// </summary>
    public string? KeyMatches(bool? active = null)
    {
        var status = active switch { true => " and s.active", false => " and not s.active", null => string.Empty };
        if (Email is not null)
        {
            return $"select s.patient_id, s.sort_key from registration.patient_search_keys s where s.clinic_id = @ClinicId and s.kind = 'c' and s.key = @Email{status}";
        }

        if (Number is not null)
        {
            // One patient may have the number as an identifier and as a chart number: union keeps it once.
            return
                $"""
                select s.patient_id, s.sort_key from registration.patient_search_keys s where s.clinic_id = @ClinicId and s.kind = 'i' and s.key = @Number{status}
                union select s.patient_id, s.sort_key from registration.patient_search_keys s where s.clinic_id = @ClinicId and s.kind = 'c' and s.key = @Phone{status}
                union select s.patient_id, s.sort_key from registration.patient_search_keys s where s.clinic_id = @ClinicId and s.kind = 'h' and s.key = @ChartNumber{status}
                """;
        }

        if (NameWords is not null)
        {
            // Each word is a range of the "C"-ordered keys: the name words it starts. The longest word, likely the fewest
            // matches, is read from the lookup index; each other word is checked per match in the patient's own keys.
            var words = Enumerable.Range(0, NameWords.Count).OrderByDescending(i => NameWords[i].Length).ThenBy(i => i).ToList();
            return
                $"select distinct s.patient_id, s.sort_key from registration.patient_search_keys s where s.clinic_id = @ClinicId and s.kind = 'n' and s.key >= @NameFrom{words[0]} and s.key < @NameTo{words[0]}{status}"
                + string.Concat(words.Skip(1).Select(i =>
                    $"\n  and exists (select 1 from registration.patient_search_keys t where t.patient_id = s.patient_id and t.kind = 'n' and t.key >= @NameFrom{i} and t.key < @NameTo{i})"));
        }

        return null;
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

        if (KeyMatches() is { } matches)
        {
            yield return $"p.id in (select m.patient_id from ({matches}) m)";
        }
    }

    /// <summary>The values of <see cref="Conditions"/> and <see cref="KeyMatches"/> and of <c>@ClinicId</c>, with <paramref name="more"/>'s properties added.</summary>
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
            ChartNumber,
        });
        for (var i = 0; i < (NameWords?.Count ?? 0); i++)
        {
            parameters.Add($"NameFrom{i}", NameWords![i]);
            parameters.Add($"NameTo{i}", NameWords[i] + AfterEveryCharacter);
        }

        return parameters;
    }

    [GeneratedRegex(@"^\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneGrouping();
}

internal sealed class SearchPatientsHandler(IDbSession db, ClinicContext clinic, IAuditLog audit)
    : IRequestHandler<SearchPatientsQuery, Result<PatientList>>
{
    private const string ListColumns =
        """
        p.id, p.chart_number, p.legal_given_name, p.legal_family_name, p.preferred_name, p.date_of_birth, p.sex,
               p.active, p.portal_access, p.list_id_type as id_type, p.list_id_number as number, p.list_id_version as version_code,
               p.list_email as email, p.list_mobile as mobile
        """;

    public async Task<Result<PatientList>> Handle(SearchPatientsQuery request, CancellationToken cancellationToken)
    {
        var criteria = SearchCriteria.From(request.Q);
        bool? active = request.Status == "all" ? null : request.Status == "active";
        var parameters = criteria.Parameters(clinic.ClinicId, request.DateOfBirth, new { request.Offset });
        var matches = request.DateOfBirth is null ? criteria.KeyMatches(active) : null;
        // The first identifier, email and mobile are kept on the patient row, so a page is one scan of one index. A name,
        // phone, identifier, chart number or email finds its page in the search keys' index, then reads only that page's rows.
        var rows = matches is not null
            ? await db.QueryAsync<ListRow>(
                $"""
                with page as (
                    {matches}
                    order by sort_key, patient_id
                    {PageClause.Sql(request.Limit, request.Offset)})
                select {ListColumns}
                from page join registration.patients p on p.id = page.patient_id
                order by page.sort_key, page.patient_id
                """,
                parameters,
                cancellationToken)
            : await db.QueryAsync<ListRow>(
                $"""
                select {ListColumns}
                from registration.patients p
                where {string.Join("\n  and ", Conditions(request, criteria, active))}
                order by p.sort_key, p.id
                {PageClause.Sql(request.Limit, request.Offset)}
                """,
                parameters,
                cancellationToken);
        var items = rows.Take(request.Limit).Select(row => row.ToItem()).ToList();
        await audit.RecordAsync(
            new AuditEvent(PatientAudit.Searched, clinic.ClinicId, Details: new { matchedBy = criteria.MatchedBy, results = items.Count }),
            cancellationToken);
        return new PatientList(items, request.Offset, request.Limit, rows.Count > request.Limit, criteria.MatchedBy);
    }

    private static IEnumerable<string> Conditions(SearchPatientsQuery request, SearchCriteria criteria, bool? active)
    {
        yield return "p.clinic_id = @ClinicId";
        if (active is { } wanted)
        {
            yield return wanted ? "p.active" : "not p.active";
        }

        foreach (var condition in criteria.Conditions(request.DateOfBirth))
        {
            yield return condition;
        }
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
