using System.Globalization;
using System.Text;
using Bogus;
using Portal.Registration.Patients;
using Gender = Bogus.DataSets.Name.Gender;

namespace Portal.Registration.Demo;

/// <summary>A made-up patient as the forms would have sent it.</summary>
internal sealed record DemoPatientFields : PatientFields
{
    public bool Active { get; init; } = true;

    public override bool IsActive => Active;
}

/// <summary>A made-up patient: what staff would have entered, and whether the patient starts with portal access.</summary>
internal sealed record GeneratedPatient(DemoPatientFields Fields, bool PortalAccess)
{
    public NewPatient ToNewPatient(Guid id) => new(id, PatientRecord.From(Fields), PortalAccess);
}

/// <summary>
/// Made-up Canadian patients for the demo clinic and for benchmarks: a third French-speaking, most with an
/// Ontario health card whose check digit is right, some from Québec and other provinces, addresses with real
/// cities and valid postal codes, emails only at example.com and example.org, and mobiles only in the
/// 555-0100 to 555-0199 range that North American numbering keeps for fiction. The same count, seed and
/// first index give the same patients. Chart numbers and most identifiers are derived from each patient's index
/// (<c>firstIndex</c> onwards), so batches with increasing first indexes do not collide; Québec numbers follow
/// from name and birth date and are unique within one call, but two calls may, rarely, repeat one.
/// </summary>
internal static class DemoPatients
{
    /// <summary>The clinic ID type the demo clinic defines; generated patients carry one when the clinic has it.</summary>
    public const string ClinicIdType = "MRN";
    public const string ClinicIdTypeNameEn = "Hospital record number";
    public const string ClinicIdTypeNameFr = "Numéro de dossier hospitalier";

    /// <summary>The audit action for made-up patients added to a clinic.</summary>
    public const string GeneratedAudit = "registration.patients.generated";

    private static readonly DateTime EarliestBirth = new(1930, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime LatestBirth = new(2024, 12, 31, 0, 0, 0, DateTimeKind.Utc);
    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string PostalLetters = "ABCEGHJKLMNPRSTVWXYZ";
    private static readonly string[] AreaCodes = ["613", "343", "819"];
    private static readonly string[] EmailDomains = ["example.com", "example.org"];
    private static readonly string[] Genders = ["Woman", "Man", "Non-binary", "Two-spirit"];

    private static readonly Place[] EnglishPlaces =
    [
        new("Ottawa", "ON", "K1", 30), new("Ottawa", "ON", "K2", 20), new("Kanata", "ON", "K2", 8), new("Nepean", "ON", "K2", 6),
        new("Kingston", "ON", "K7", 5), new("Cornwall", "ON", "K6", 3), new("Toronto", "ON", "M4", 8), new("Toronto", "ON", "M5", 6),
        new("Vancouver", "BC", "V6", 3), new("Calgary", "AB", "T2", 3), new("Winnipeg", "MB", "R3", 2), new("Halifax", "NS", "B3", 2),
        new("Moncton", "NB", "E1", 1), new("Gatineau", "QC", "J8", 3),
    ];

    private static readonly Place[] FrenchPlaces =
    [
        new("Gatineau", "QC", "J8", 30), new("Gatineau", "QC", "J9", 15), new("Montréal", "QC", "H2", 12), new("Québec", "QC", "G1", 6),
        new("Ottawa", "ON", "K1", 15), new("Orléans", "ON", "K1", 12), new("Rockland", "ON", "K4", 5), new("Hawkesbury", "ON", "K6", 3),
        new("Moncton", "NB", "E1", 2),
    ];

    public static IReadOnlyList<GeneratedPatient> Generate(int count, int seed, int firstIndex = 0, string? clinicIdType = ClinicIdType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);

        // Not HashCode.Combine: its hashes differ from one process to the next.
        var random = new Randomizer(unchecked((seed * 1_000_003) + firstIndex));

        // Bogus's fr_CA locale holds only postal code formats, province names and phone formats (its names
        // are the English ones), so French names and street names come from its fr locale.
        var generator = new Generator(random, new Faker("en_CA") { Random = random }, new Faker("fr") { Random = random }, clinicIdType);
        var patients = new List<GeneratedPatient>(count);
        for (var i = 0; i < count; i++)
        {
            patients.Add(generator.Next(firstIndex + i));
        }

        return patients;
    }

    /// <summary>The ten digits of an Ontario health number: nine given digits and the Luhn check digit that makes them valid.</summary>
    public static string OntarioHealthNumber(long nineDigits)
    {
        var payload = nineDigits.ToString("D9", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < payload.Length; i++)
        {
            // From the right, the check digit is position 0, so the payload's last digit is doubled.
            var digit = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return payload + (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>A British Columbia personal health number ("9" and nine digits) from eight digits, or null when no check digit fits them.</summary>
    public static string? BritishColumbiaHealthNumber(long eightDigits)
    {
        int[] weights = [2, 4, 8, 5, 10, 9, 7, 3];
        var digits = eightDigits.ToString("D8", CultureInfo.InvariantCulture);
        var body = "9" + digits;
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (body[i + 1] - '0') * weights[i] % 11;
        }

        var check = 11 - (sum % 11);
        return check is >= 0 and <= 9 ? body + (char)('0' + check) : null;
    }

    /// <summary>Spreads consecutive indexes over <paramref name="range"/> without repeats (the multiplier shares no factor with it).</summary>
    private static long Spread(long index, long range, long multiplier, long offset) => ((index * multiplier) + offset) % range;

    private static string Ascii(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var ascii = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsAsciiLetter(c))
            {
                ascii.Append(char.ToLowerInvariant(c));
            }
        }

        return ascii.ToString();
    }

    private sealed record Place(string City, string Province, string PostalPrefix, int Weight);

    private sealed class Generator(Randomizer random, Faker english, Faker french, string? clinicIdType)
    {
        private static readonly int BirthDays = (int)(LatestBirth - EarliestBirth).TotalDays;

        private readonly HashSet<string> _quebecNumbers = new(StringComparer.Ordinal);

        public GeneratedPatient Next(int index)
        {
            var isFrench = random.Number(0, 2) == 0;
            var sex = Pick(("female", 49), ("male", 49), ("x", 1), ("unknown", 1));
            var nameGender = sex switch
            {
                "female" => Gender.Female,
                "male" => Gender.Male,
                _ => random.Bool() ? Gender.Female : Gender.Male,
            };
            var names = isFrench ? french : english;
            var given = names.Name.FirstName(nameGender);
            var family = names.Name.LastName();
            var preferred = random.Bool(0.08f) ? names.Name.FirstName(nameGender) : null;
            var birth = DateOnly.FromDateTime(EarliestBirth.AddDays(random.Number(BirthDays)));
            var place = Pick(isFrench ? FrenchPlaces : EnglishPlaces);

            var emails = new List<string>();
            if (random.Bool(0.85f))
            {
                var local = $"{Ascii(given)}.{Ascii(family)}";
                emails.Add($"{local}{index}@{random.ArrayElement(EmailDomains)}");
                if (random.Bool(0.05f))
                {
                    emails.Add($"{local[0]}{Ascii(family)}.{index}@{random.ArrayElement(EmailDomains)}");
                }
            }

            var mobiles = new List<string>();
            if (random.Bool(emails.Count > 0 ? 0.75f : 0.9f))
            {
                mobiles.Add(Mobile(place));
                var second = Mobile(place);
                if (random.Bool(0.03f) && PatientRules.NormalizeMobile(second) != PatientRules.NormalizeMobile(mobiles[0]))
                {
                    mobiles.Add(second);
                }
            }

            var method = (emails.Count, mobiles.Count) switch
            {
                ( > 0, > 0) => Pick(("both", 5), ("email", 3), ("sms", 2)),
                (0, > 0) => "sms",
                _ => "email",
            };

            var identifiers = new List<IdentifierFields>();
            if (random.Bool(0.98f))
            {
                identifiers.Add(HealthCard(index, place.Province, family, given, birth, sex));
            }

            if (clinicIdType is not null && random.Bool(0.25f))
            {
                identifiers.Add(new IdentifierFields(clinicIdType, $"H{1_000_000 + Spread(index, 9_000_000, 7_654_321, 1_234_567)}", null));
            }

            var fields = new DemoPatientFields
            {
                ChartNumber = random.Bool(0.9f) ? $"D{index + 1:D6}" : null,
                LegalGivenName = given,
                LegalFamilyName = family,
                PreferredName = preferred,
                DateOfBirth = birth,
                Sex = sex,
                Gender = sex == "x" ? "Non-binary" : random.Bool(0.03f) ? random.ArrayElement(Genders) : null,
                Address = random.Bool(0.92f) ? Address(place, isFrench) : null,
                Emails = emails,
                Mobiles = mobiles,
                PreferredContactMethod = method,
                PreferredLanguage = isFrench ? "fr" : "en",
                Identifiers = identifiers,
                Active = random.Bool(0.97f),
            };
            return new GeneratedPatient(fields, random.Bool());
        }

        private T Pick<T>(params (T Item, int Weight)[] choices)
        {
            var ticket = random.Number(0, choices.Sum(c => c.Weight) - 1);
            foreach (var (item, weight) in choices)
            {
                if (ticket < weight)
                {
                    return item;
                }

                ticket -= weight;
            }

            throw new InvalidOperationException("Weights must be positive.");
        }

        private Place Pick(Place[] places) => Pick(places.Select(p => (p, p.Weight)).ToArray());

        private char Letter(string letters) => letters[random.Number(0, letters.Length - 1)];

        private string Digit() => random.Number(0, 9).ToString(CultureInfo.InvariantCulture);

        /// <summary>A number in 555-0100 to 555-0199, written the ways staff write them.</summary>
        private string Mobile(Place place)
        {
            var area = place.Province == "QC" ? "819" : random.ArrayElement(AreaCodes);
            var line = $"01{random.Number(0, 99):D2}";
            return random.Number(0, 2) switch
            {
                0 => $"{area}-555-{line}",
                1 => $"({area}) 555-{line}",
                _ => $"+1 {area} 555 {line}",
            };
        }

        private AddressFields Address(Place place, bool isFrench)
        {
            var number = random.Number(1, 9999).ToString(CultureInfo.InvariantCulture);
            var line1 = isFrench ? $"{number}, {random.ArrayElement(FrenchStreetTypes)} {french.Name.LastName()}" : english.Address.StreetAddress();
            var line2 = random.Bool(0.15f) ? $"{(isFrench ? "App." : "Apt")} {random.Number(1, 1200)}" : null;
            var postalCode = $"{place.PostalPrefix}{Letter(PostalLetters)} {Digit()}{Letter(PostalLetters)}{Digit()}";
            return new AddressFields(line1, line2, place.City, place.Province, postalCode, PostalAddresses.Canada);
        }

        private IdentifierFields HealthCard(int index, string province, string family, string given, DateOnly birth, string sex)
        {
            switch (province)
            {
                case "QC":
                    return new IdentifierFields("QC", QuebecNumber(index, family, given, birth, sex), null);
                case "BC":
                    // About one eight-digit body in eleven has no check digit; the next candidate for this index is tried.
                    for (var attempt = 0L; ; attempt++)
                    {
                        if (BritishColumbiaHealthNumber(Spread(index + (attempt * 10_000_019), 100_000_000, 31_415_927, 2_718_281)) is { } number)
                        {
                            return new IdentifierFields("BC", number, null);
                        }
                    }

                case "AB" or "MB" or "NB":
                    return new IdentifierFields(province, (100_000_000 + Spread(index, 900_000_000, 271_828_183, 314_159)).ToString(CultureInfo.InvariantCulture), null);
                case "NS":
                    return new IdentifierFields("NS", (1_000_000_000 + Spread(index, 9_000_000_000, 2_718_281_827, 31_415)).ToString(CultureInfo.InvariantCulture), null);
                default:
                    var version = Pick((2, 85), (1, 5), (0, 10)) switch
                    {
                        2 => string.Concat(Letter(Letters), Letter(Letters)),
                        1 => Letter(Letters).ToString(),
                        _ => null,
                    };
                    var health = OntarioHealthNumber(100_000_000 + Spread(index, 900_000_000, 314_159_257, 271_828_183));
                    return new IdentifierFields("ON", random.Bool() ? health : $"{health[..4]} {health[4..7]} {health[7..]}", version);
            }
        }

        /// <summary>RAMQ: three letters of the family name, one of the given name, the birth date (month + 50 for women), two digits.</summary>
        private string QuebecNumber(int index, string family, string given, DateOnly birth, string sex)
        {
            var familyLetters = (Ascii(family) + "xxx")[..3].ToUpperInvariant();
            var givenLetter = (Ascii(given) + "x")[..1].ToUpperInvariant()[0];
            var month = birth.Month + (sex == "female" ? 50 : 0);
            var date = $"{birth.Year % 100:D2}{month:D2}{birth.Day:D2}";
            for (var attempt = 0; ; attempt++)
            {
                // Namesakes born the same day differ in the last two digits, then (rarely) in the fourth letter.
                var letter = attempt < 100 ? givenLetter : Letters[(givenLetter - 'A' + (attempt / 100)) % Letters.Length];
                var number = $"{familyLetters}{letter}{date}{(index + attempt) % 100:D2}";
                if (_quebecNumbers.Add(number))
                {
                    return number;
                }
            }
        }
    }

    private static readonly string[] FrenchStreetTypes = ["rue", "rue", "boulevard", "avenue", "chemin", "rue"];
}
