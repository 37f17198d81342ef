using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Registration.Patients;

/// <summary>One thing wrong with what was entered: the field as the JSON names it, a code for pages, a sentence for people.</summary>
internal sealed record FieldProblem(string Field, string Code, string Message);

internal static class PatientChoices
{
    public static readonly IReadOnlyList<string> Sexes = ["female", "male", "x", "unknown"];
    public static readonly IReadOnlyList<string> ContactMethods = ["email", "sms", "both"];
    public static readonly IReadOnlyList<string> Languages = ["en", "fr"];
    public static readonly IReadOnlyList<string> Countries = ["CA", "US"];
    public const int MaxContactsPerKind = 3;
    public const int MaxIdentifiers = 5;
    public const int MaxNameLength = 100;
    public const int MaxGenderLength = 50;
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);
}

/// <summary>
/// Every rule on what staff enter about a patient, in one place for the forms and the import. The
/// rules that need the database (the clinic's own ID types, uniqueness) are the handlers'.
/// </summary>
internal static partial class PatientRules
{
    public static IReadOnlyList<FieldProblem> Check(PatientFields fields, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var problems = new List<FieldProblem>();
        void Add(string field, string code, string message) => problems.Add(new FieldProblem(field, code, message));

        if (fields.ChartNumber is { } chart && !string.IsNullOrWhiteSpace(chart) && !ChartNumberPattern().IsMatch(NormalizeChartNumber(chart)!))
        {
            Add("chartNumber", "invalid", "A chart number has up to 20 letters, digits, hyphens or slashes.");
        }

        CheckName(problems, "legalGivenName", fields.LegalGivenName, required: true, PatientChoices.MaxNameLength);
        CheckName(problems, "legalFamilyName", fields.LegalFamilyName, required: true, PatientChoices.MaxNameLength);
        CheckName(problems, "preferredName", fields.PreferredName, required: false, PatientChoices.MaxNameLength);
        CheckName(problems, "gender", fields.Gender, required: false, PatientChoices.MaxGenderLength);

        if (fields.DateOfBirth > today)
        {
            Add("dateOfBirth", "date_in_future", "The date of birth is in the future.");
        }
        else if (fields.DateOfBirth < PatientChoices.EarliestBirthDate)
        {
            Add("dateOfBirth", "date_too_early", "The date of birth is before 1900.");
        }

        CheckChoice(problems, "sex", fields.Sex, PatientChoices.Sexes);
        CheckChoice(problems, "preferredLanguage", fields.PreferredLanguage, PatientChoices.Languages);
        if (fields.Address is { } address)
        {
            CheckAddress(problems, address);
        }

        var emails = CheckContacts(problems, "emails", fields.Emails, NormalizeEmail, "invalid_email", "This is not an email address.");
        var mobiles = CheckContacts(problems, "mobiles", fields.Mobiles, NormalizeMobile, "invalid_phone", "This is not a mobile number Portal can text: use 10 digits for Canada and the US, or + and the country code.");
        if (CheckChoice(problems, "preferredContactMethod", fields.PreferredContactMethod, PatientChoices.ContactMethods))
        {
            // A patient with no email and no mobile cannot be reached anyway; the choice waits for one.
            var reachable = emails > 0 || mobiles > 0;
            var method = fields.PreferredContactMethod;
            if (reachable && method is "email" or "both" && emails == 0)
            {
                Add("preferredContactMethod", "email_required_for_method", "Add an email address, or choose SMS.");
            }

            if (reachable && method is "sms" or "both" && mobiles == 0)
            {
                Add("preferredContactMethod", "mobile_required_for_method", "Add a mobile number, or choose email.");
            }
        }

        CheckIdentifiers(problems, fields.Identifiers);
        return problems;
    }

    public static string? NormalizeChartNumber(string? chartNumber) =>
        string.IsNullOrWhiteSpace(chartNumber) ? null : chartNumber.Trim().ToUpperInvariant();

    public static string? NormalizeOptional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string? NormalizeEmail(string email) => EmailAddresses.IsValid(email) ? EmailAddresses.Normalize(email) : null;

    public static string? NormalizeMobile(string mobile) => PhoneNumbers.TryNormalize(mobile, out var e164) ? e164 : null;

    /// <summary>A clinic ID number as stored: no spaces or hyphens, upper case.</summary>
    public static string NormalizeIdNumber(string number) =>
        new string(number.Where(c => c is not (' ' or '-')).ToArray()).ToUpperInvariant();

    public static string NormalizeIdType(string type) => type.Trim().ToUpperInvariant();

    public static bool IsIdTypeCode(string code) => IdTypePattern().IsMatch(code);

    private static void CheckName(List<FieldProblem> problems, string field, string? value, bool required, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                problems.Add(new FieldProblem(field, "required", "This is required."));
            }
        }
        else if (value.Trim().Length > maxLength)
        {
            problems.Add(new FieldProblem(field, "too_long", $"Use at most {maxLength} characters."));
        }
        else if (!IsSingleLine(value))
        {
            problems.Add(new FieldProblem(field, "invalid", "Use one line of text."));
        }
    }

    private static bool CheckChoice(List<FieldProblem> problems, string field, string? value, IReadOnlyList<string> choices)
    {
        if (value is not null && choices.Contains(value, StringComparer.Ordinal))
        {
            return true;
        }

        problems.Add(new FieldProblem(field, "invalid_choice", $"Use one of: {string.Join(", ", choices)}."));
        return false;
    }

    private static void CheckAddress(List<FieldProblem> problems, AddressFields address)
    {
        CheckName(problems, "address.line1", address.Line1, required: true, PatientChoices.MaxNameLength);
        CheckName(problems, "address.line2", address.Line2, required: false, PatientChoices.MaxNameLength);
        CheckName(problems, "address.city", address.City, required: true, PatientChoices.MaxNameLength);
        if (!PatientChoices.Countries.Contains(address.Country, StringComparer.Ordinal))
        {
            problems.Add(new FieldProblem("address.country", "unknown_country", "Portal takes addresses in Canada (CA) and the United States (US)."));
            return;
        }

        if (address.Province is null || !PostalAddresses.IsRegion(address.Country, address.Province))
        {
            problems.Add(new FieldProblem("address.province", "unknown_province",
                address.Country == "CA" ? "Use a province or territory code, such as ON." : "Use a state code, such as NY."));
        }

        if (address.PostalCode is null || !PostalAddresses.TryNormalizePostalCode(address.Country, address.PostalCode, out _))
        {
            problems.Add(new FieldProblem("address.postalCode", "invalid_postal_code",
                address.Country == "CA" ? "A Canadian postal code looks like K1A 0B1." : "A ZIP code has 5 digits, or 5 and 4."));
        }
    }

    /// <summary>Checks a list of contact points and returns how many valid ones it holds.</summary>
    private static int CheckContacts(
        List<FieldProblem> problems, string field, IReadOnlyList<string> values, Func<string, string?> normalize, string invalidCode, string invalidMessage)
    {
        if (values.Count > PatientChoices.MaxContactsPerKind)
        {
            problems.Add(new FieldProblem(field, "too_many", $"Enter at most {PatientChoices.MaxContactsPerKind}."));
            return 0;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var normalized = values[i] is { Length: <= 254 } value ? normalize(value) : null;
            if (normalized is null)
            {
                problems.Add(new FieldProblem($"{field}[{i}]", invalidCode, invalidMessage));
            }
            else if (!seen.Add(normalized))
            {
                problems.Add(new FieldProblem($"{field}[{i}]", "contact_twice", "This one is already in the list."));
            }
        }

        return seen.Count;
    }

    private static void CheckIdentifiers(List<FieldProblem> problems, IReadOnlyList<IdentifierFields> identifiers)
    {
        if (identifiers.Count > PatientChoices.MaxIdentifiers)
        {
            problems.Add(new FieldProblem("identifiers", "too_many", $"Enter at most {PatientChoices.MaxIdentifiers} identifiers."));
            return;
        }

        var types = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < identifiers.Count; i++)
        {
            var identifier = identifiers[i];
            var field = $"identifiers[{i}]";
            var type = identifier.Type is null ? string.Empty : NormalizeIdType(identifier.Type);
            if (!IsIdTypeCode(type))
            {
                problems.Add(new FieldProblem($"{field}.type", "unknown_id_type", "Choose an ID type."));
                continue;
            }

            if (!types.Add(type))
            {
                problems.Add(new FieldProblem($"{field}.type", "id_type_twice", "A patient has one identifier of each type."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(identifier.Number))
            {
                problems.Add(new FieldProblem($"{field}.number", "required", "This is required."));
                continue;
            }

            if (HealthCards.IsProvince(type))
            {
                var card = HealthCards.Check(type, identifier.Number, identifier.VersionCode);
                if (!card.IsValid)
                {
                    problems.Add(new FieldProblem($"{field}.{card.ErrorField}", card.ErrorCode!, card.Message!));
                }
            }
            else if (!IdNumberPattern().IsMatch(NormalizeIdNumber(identifier.Number)))
            {
                problems.Add(new FieldProblem($"{field}.number", "id_number_format", "An ID number has up to 30 letters and digits."));
            }
            else if (!string.IsNullOrWhiteSpace(identifier.VersionCode))
            {
                problems.Add(new FieldProblem($"{field}.versionCode", "version_code_not_used", "Only Ontario health cards have a version code."));
            }
        }
    }

    private static bool IsSingleLine(string value) =>
        StrictStringConverter.IsAcceptable(value) && !value.Any(c => c is '\t' or '\r' or '\n' || char.IsControl(c));

    [GeneratedRegex("^[A-Z0-9/-]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChartNumberPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdTypePattern();

    [GeneratedRegex("^[A-Z0-9]{1,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdNumberPattern();
}

/// <summary>Runs <see cref="PatientRules"/> for the create and edit commands, so problems come back as one 400.</summary>
internal abstract class PatientFieldsValidator<T> : AbstractValidator<T>
    where T : PatientFields
{
    protected PatientFieldsValidator(TimeProvider clock) =>
        RuleFor(x => x).Custom((fields, context) =>
        {
            // A day of slack: "today" differs across the clinic's and the server's time zones.
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1));
            foreach (var problem in PatientRules.Check(fields, today))
            {
                context.AddFailure(new ValidationFailure(problem.Field, problem.Message) { ErrorCode = problem.Code });
            }
        });
}
