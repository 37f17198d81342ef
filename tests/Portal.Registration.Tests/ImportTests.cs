using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;
using Portal.Registration.Import;
using Portal.Shared.Cli;

namespace Portal.Registration.Tests;

public sealed class ImportTests(RecordingAppFixture fixture) : IClassFixture<RecordingAppFixture>
{
    private const string Header =
        "chart_number,legal_given_name,legal_family_name,preferred_name,date_of_birth,sex,gender,email,mobile,preferred_contact_method," +
        "preferred_language,health_card_province,health_card_number,health_card_version,other_id_type,other_id_number," +
        "address_line1,address_line2,city,province,postal_code,country,active,portal_access";

    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_valid_file_imports_every_row_normalised_with_the_clinics_portal_access_default()
    {
        var clinic = await App.CreateClinicAsync();
        await TurnOnPortalAccessForNewPatientsAsync(clinic);
        await AddIdTypeAsync(clinic, "MRN");
        const string file = """
            Chart_Number,LEGAL_GIVEN_NAME,legal_family_name,preferred_name,Date_Of_Birth,sex,email,mobile,preferred_contact_method,preferred_language,health_card_province,health_card_number,health_card_version,other_id_type,other_id_number,address_line1,city,province,postal_code,country,active,portal_access
             c-100 ,Marie-Ève,Tremblay,Mimi,1984-03-07,Female,Marie.Tremblay@Example.COM; m.tremblay@example.org,(613) 555-0101,,FR,on,9876 543 217,ab,mrn,h-12345,12 rue Principale,Gatineau,qc,j8x3y4,,,
            C-101,John,Smith,,1950-11-30,male,,613-555-0102,,,,,,,,,,,,,no,no
            ,Ada,Lovelace,,2001-01-02,female,ada@example.org,,,en,ON,1234567897,,,,,,,,,yes,yes
            """;

        var run = await ImportAsync(clinic, file);

        run.Exit.ShouldBe(0, run.Errors);
        run.Errors.ShouldBeEmpty();
        run.Output.Trim().ShouldBe($"Imported 3 patients into {clinic.Slug} (0 rows skipped).");
        var patients = (await PatientsAsync(clinic)).ToDictionary(p => p.LegalGivenName);
        patients.Count.ShouldBe(3);

        var marie = patients["Marie-Ève"];
        marie.ShouldBe(marie with
        {
            ChartNumber = "C-100", PreferredName = "Mimi", DateOfBirth = new DateOnly(1984, 3, 7), Sex = "female",
            PreferredContactMethod = "both", PreferredLanguage = "fr", Active = true, PortalAccess = true,
            AddressLine1 = "12 rue Principale", AddressCity = "Gatineau", AddressRegion = "QC", AddressPostalCode = "J8X 3Y4", AddressCountry = "CA",
        });
        marie.Contacts.ShouldBe(["email:0:marie.tremblay@example.com", "email:1:m.tremblay@example.org", "mobile:0:+16135550101"]);
        marie.Identifiers.ShouldBe(["ON:9876543217:AB", "MRN:H12345:"]);

        var john = patients["John"];
        (john.ChartNumber, john.PreferredContactMethod, john.PreferredLanguage, john.Active, john.PortalAccess).ShouldBe(("C-101", "sms", "en", false, false));
        john.Contacts.ShouldBe(["mobile:0:+16135550102"]);
        john.Identifiers.ShouldBeEmpty();
        john.AddressCountry.ShouldBeNull();

        var ada = patients["Ada"];
        (ada.ChartNumber, ada.PreferredContactMethod, ada.Active, ada.PortalAccess).ShouldBe((null, "email", true, true));
        ada.Identifiers.ShouldBe(["ON:1234567897:"]);
    }

    [Fact]
    public async Task Portal_access_left_empty_is_off_when_the_clinic_does_not_give_new_patients_access()
    {
        var clinic = await App.CreateClinicAsync();

        var run = await ImportAsync(clinic, Csv(Row("Ada", "Lovelace", card: "1234567897"), Row("Alan", "Turing", portalAccess: "yes")));

        run.Exit.ShouldBe(0, run.Errors);
        (await PatientsAsync(clinic)).Select(p => (p.LegalGivenName, p.PortalAccess)).OrderBy(p => p.LegalGivenName)
            .ShouldBe([("Ada", false), ("Alan", true)]);
    }

    [Fact]
    public async Task One_bad_row_stops_the_import_and_every_problem_is_reported_by_row_and_column()
    {
        var clinic = await App.CreateClinicAsync();
        (await ImportAsync(clinic, Csv(Row("Existing", "Patient", card: "1234567897", chart: "A-1")))).Exit.ShouldBe(0);

        var run = await ImportAsync(clinic, BadFile);

        run.Exit.ShouldBe(1);
        run.Output.ShouldBeEmpty();
        var problems = ProblemLines(run.Errors);
        problems.Select(p => p[..p.IndexOf(": ", p.IndexOf(": ", StringComparison.Ordinal) + 2, StringComparison.Ordinal)]).ShouldBe(
        [
            "row 3: health_card_number",
            "row 4: date_of_birth",
            "row 5: email",
            "row 6: health_card_number",
            "row 7: health_card_number",
            "row 8: chart_number",
            "row 9: other_id_type",
        ]);
        problems[0].ShouldContain("check digit");
        problems[1].ShouldContain("yyyy-mm-dd");
        problems[2].ShouldBe("row 5: email: This is not an email address.");
        problems[3].ShouldBe("row 6: health_card_number: Row 2 has the same health card.");
        problems[4].ShouldBe("row 7: health_card_number: Another patient of this clinic has this health card.");
        problems[5].ShouldBe("row 8: chart_number: Another patient of this clinic has this chart number.");
        problems[6].ShouldContain("This clinic has no ID types of its own");
        run.Errors.ShouldContain("Nothing was imported: 7 rows of 9 have problems.");
        (await PatientsAsync(clinic)).Select(p => p.LegalGivenName).ShouldBe(["Existing"]);
    }

    [Fact]
    public async Task With_skip_invalid_the_good_rows_are_imported_and_the_bad_ones_reported()
    {
        var clinic = await App.CreateClinicAsync();
        (await ImportAsync(clinic, Csv(Row("Existing", "Patient", card: "1234567897", chart: "A-1")))).Exit.ShouldBe(0);

        var run = await ImportAsync(clinic, BadFile, "--skip-invalid");

        run.Exit.ShouldBe(0, run.Errors);
        run.Output.Trim().ShouldBe($"Imported 2 patients into {clinic.Slug} (7 rows skipped).");
        ProblemLines(run.Errors).Count.ShouldBe(7);
        run.Errors.ShouldContain("Skipped 7 rows with problems.");
        (await PatientsAsync(clinic)).Select(p => p.LegalGivenName).Order(StringComparer.Ordinal).ShouldBe(["Existing", "Good", "Later"]);
    }

    [Fact]
    public async Task The_same_card_and_chart_number_may_be_on_file_at_another_clinic()
    {
        var first = await App.CreateClinicAsync();
        var second = await App.CreateClinicAsync();
        var file = Csv(Row("Ada", "Lovelace", card: "1234567897", chart: "A-1"));

        (await ImportAsync(first, file)).Exit.ShouldBe(0);
        var run = await ImportAsync(second, file);

        run.Exit.ShouldBe(0, run.Errors);
        (await PatientsAsync(second)).ShouldHaveSingleItem().Identifiers.ShouldBe(["ON:1234567897:"]);
    }

    [Theory]
    [InlineData("legal_given_name,legal_family_name,date_of_birth,sex,favourite_colour", "unknown columns: 'favourite_colour'")]
    [InlineData("legal_given_name,legal_family_name,date_of_birth", "lacks required columns: sex")]
    [InlineData("legal_given_name,legal_family_name,date_of_birth,sex,email,EMAIL", "names the column 'email' twice")]
    [InlineData("legal_given_name;legal_family_name;date_of_birth;sex", "separated by semicolons")]
    public async Task A_file_with_unknown_duplicate_or_missing_columns_is_refused_whole(string header, string reason)
    {
        var clinic = await App.CreateClinicAsync();

        var run = await ImportAsync(clinic, $"{header}\nAda,Lovelace,1815-12-10,female,blue,ada@example.org\n");

        run.Exit.ShouldBe(1);
        run.Errors.ShouldContain(reason);
        run.Errors.ShouldContain("Nothing was imported.");
        (await PatientsAsync(clinic)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_row_whose_values_do_not_line_up_with_the_header_is_reported_and_blank_rows_are_passed_over()
    {
        var clinic = await App.CreateClinicAsync();
        var file = "legal_given_name,legal_family_name,date_of_birth,sex\nAda,Lovelace,1980-05-17,female\n,,,\nSmith, John,Q,1950-01-01,male\n";

        var run = await ImportAsync(clinic, file);

        run.Exit.ShouldBe(1);
        ProblemLines(run.Errors).ShouldBe(["row 4: (row): The row has 5 values but the header names 4 columns."]);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused()
    {
        var clinic = await App.CreateClinicAsync();
        var latin1 = Encoding.Latin1.GetBytes(Csv(Row("Zoé", "Bélanger")));

        var run = await ImportBytesAsync(clinic, latin1);

        run.Exit.ShouldBe(1);
        run.Errors.ShouldContain("not UTF-8");
        (await PatientsAsync(clinic)).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_import_is_audited_once_with_counts_and_no_patient_data_and_each_patient_is_announced()
    {
        var clinic = await App.CreateClinicAsync();
        var run = await ImportAsync(clinic, Csv(
            Row("Ada", "Lovelace", card: "1234567897", email: "ada@example.org"),
            Row("Alan", "Turing", card: "1000000008", mobile: "613-555-0177"),
            Row("Bad", "Date", birth: "yesterday")), "--skip-invalid");
        run.Exit.ShouldBe(0, run.Errors);

        var entries = await App.QueryAsync<(string ActorKind, string TargetType, string TargetId, string Details)>(
            """
            select actor_kind, target_type, target_id, details::text from platform.audit_log
            where clinic_id = @id and action like 'registration.%'
            """,
            new { id = clinic.Id });

        var entry = entries.ShouldHaveSingleItem();
        (entry.ActorKind, entry.TargetType, entry.TargetId).ShouldBe(("system", "clinic", clinic.Id.ToString()));
        using var details = JsonDocument.Parse(entry.Details);
        details.RootElement.GetProperty("imported").GetInt32().ShouldBe(2);
        details.RootElement.GetProperty("skipped").GetInt32().ShouldBe(1);
        details.RootElement.GetProperty("file").GetString().ShouldEndWith(".csv");
        // Case-sensitive: the stored file name is random hex, which may hold "ada" by chance.
        foreach (var data in new[] { "Ada", "Lovelace", "Turing", "1234567897", "1000000008", "ada@example.org", "5550177", "1980-05-17" })
        {
            entry.Details.ShouldNotContain(data, Case.Sensitive);
        }

        var ids = (await PatientsAsync(clinic)).Select(p => p.Id).Order().ToList();
        fixture.Events.Received.OfType<PatientCreated>().Where(e => e.ClinicId == clinic.Id).Select(e => e.PatientId).Order().ShouldBe(ids);
    }

    [Fact]
    public async Task The_file_may_follow_a_flag_and_an_unknown_clinic_is_reported()
    {
        var run = await ImportAsync("no-such-clinic", Csv(Row("Ada", "Lovelace")));

        run.Exit.ShouldBe(1);
        run.Errors.ShouldContain("There is no clinic 'no-such-clinic'.");
        var clinic = await App.CreateClinicAsync();
        var flagFirst = await ImportAsync(clinic, Csv(Row("Ada", "Lovelace")), "--skip-invalid", putFileLast: true);
        flagFirst.Exit.ShouldBe(0, flagFirst.Errors);
        (await PatientsAsync(clinic)).ShouldHaveSingleItem();
    }

    // Rows 3 to 9 are wrong, one way each; rows 2 and 10 are right.
    private static string BadFile => Csv(
        Row("Good", "Row", card: "1000000008"),
        Row("Bad", "CheckDigit", card: "9876543218"),
        Row("Bad", "Date", birth: "1984-13-40"),
        Row("Bad", "Email", email: "not-an-email"),
        Row("Same", "Card", card: "1000 000 008"),
        Row("Taken", "Card", card: "1234567897"),
        Row("Taken", "Chart", chart: "a-1"),
        Row("Unknown", "IdType", otherType: "MRN", otherNumber: "H1"),
        Row("Later", "Row", card: "5555555555"));

    private static string Row(
        string given, string family, string birth = "1980-05-17", string sex = "female", string? email = null, string? mobile = null,
        string? card = null, string? chart = null, string? otherType = null, string? otherNumber = null, string? portalAccess = null) =>
        string.Join(',',
            chart, given, family, null, birth, sex, null, email, mobile, null,
            null, card is null ? null : "ON", card, null, otherType, otherNumber,
            null, null, null, null, null, null, null, portalAccess);

    private static string Csv(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    private static List<string> ProblemLines(string errors) =>
        errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith("row ", StringComparison.Ordinal)).ToList();

    private Task<ImportRun> ImportAsync(TestClinic clinic, string csv, string? flag = null) => ImportAsync(clinic.Slug, csv, flag);

    private Task<ImportRun> ImportAsync(TestClinic clinic, string csv, string flag, bool putFileLast) =>
        RunImportAsync(clinic.Slug, new UTF8Encoding(false).GetBytes(csv), flag, putFileLast);

    private Task<ImportRun> ImportAsync(string slug, string csv, string? flag = null) =>
        RunImportAsync(slug, new UTF8Encoding(false).GetBytes(csv), flag, putFileLast: false);

    private Task<ImportRun> ImportBytesAsync(TestClinic clinic, byte[] bytes) => RunImportAsync(clinic.Slug, bytes, null, putFileLast: false);

    /// <summary>Runs the command as <c>Portal.Host patients import</c> would, with standard error captured.</summary>
    private async Task<ImportRun> RunImportAsync(string slug, byte[] bytes, string? flag, bool putFileLast)
    {
        var path = Path.Combine(Path.GetTempPath(), $"patients-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            string[] arguments = putFileLast
                ? ["--clinic", slug, .. flag is null ? Array.Empty<string>() : [flag], path]
                : [path, "--clinic", slug, .. flag is null ? Array.Empty<string>() : [flag]];
            return await App.InScopeAsync(async services =>
            {
                var command = services.GetServices<ICliCommand>().OfType<ImportPatientsCliCommand>().Single();
                using var output = new StringWriter();
                using var errors = new StringWriter();
                var exit = await command.RunAsync(CliArguments.For(command, arguments), output, errors, CancellationToken.None);
                return new ImportRun(exit, output.ToString(), errors.ToString());
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<List<StoredPatient>> PatientsAsync(TestClinic clinic)
    {
        var rows = await App.QueryAsync<StoredPatient>(
            """
            select p.id, p.chart_number, p.legal_given_name, p.legal_family_name, p.preferred_name, p.date_of_birth, p.sex,
                   p.preferred_contact_method, p.preferred_language, p.active, p.portal_access,
                   p.address_line1, p.address_city, p.address_region, p.address_postal_code, p.address_country,
                   array(select c.kind || ':' || c.position || ':' || c.value from registration.patient_contacts c
                         where c.patient_id = p.id order by c.kind, c.position) as contacts,
                   array(select i.id_type || ':' || i.number || ':' || coalesce(i.version_code, '') from registration.patient_identifiers i
                         where i.patient_id = p.id order by i.position) as identifiers
            from registration.patients p
            where p.clinic_id = @id
            """,
            new { id = clinic.Id });
        return [.. rows];
    }

    private async Task TurnOnPortalAccessForNewPatientsAsync(TestClinic clinic)
    {
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.SetPortalSettingAsync(clinic, "newPatientsGetAccess", true);
    }

    private async Task AddIdTypeAsync(TestClinic clinic, string code)
    {
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        await owner.AddIdTypeAsync(clinic, code, searchable: true);
    }

    private sealed record ImportRun(int Exit, string Output, string Errors);

    // Properties rather than a constructor: Dapper passes text[] columns to constructors as System.Array.
    private sealed record StoredPatient
    {
        public Guid Id { get; init; }

        public string? ChartNumber { get; init; }

        public string LegalGivenName { get; init; } = "";

        public string LegalFamilyName { get; init; } = "";

        public string? PreferredName { get; init; }

        public DateOnly DateOfBirth { get; init; }

        public string Sex { get; init; } = "";

        public string PreferredContactMethod { get; init; } = "";

        public string PreferredLanguage { get; init; } = "";

        public bool Active { get; init; }

        public bool PortalAccess { get; init; }

        public string? AddressLine1 { get; init; }

        public string? AddressCity { get; init; }

        public string? AddressRegion { get; init; }

        public string? AddressPostalCode { get; init; }

        public string? AddressCountry { get; init; }

        public string[] Contacts { get; init; } = [];

        public string[] Identifiers { get; init; } = [];
    }
}
