using System.Net;
using System.Text.Json.Nodes;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

public sealed class PatientSearchTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task One_search_box_finds_a_patient_by_name_birth_date_card_phone_email_or_chart_number()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var number = TestCards.Ontario();
        var body = NewPatient(number, givenName: "Héloïse", familyName: "Côté-Lefebvre");
        body["preferredName"] = "Lou";
        body["dateOfBirth"] = "1971-07-14";
        body["emails"] = new JsonArray("heloise@example.org");
        body["mobiles"] = new JsonArray("819 555 0142");
        body["chartNumber"] = "HC-9";
        var target = (await staff.CreatePatientAsync(clinic, body)).GetProperty("id").GetGuid();
        var decoy = NewPatient(givenName: "Louis", familyName: "Coté");
        decoy["dateOfBirth"] = "1971-07-15";
        decoy["mobiles"] = new JsonArray("819 555 0143");
        await staff.CreatePatientAsync(clinic, decoy);

        foreach (var (query, matchedBy) in new[]
                 {
                     ("heloise", "name"), ("COTE lef", "name"), ("lou cote-lef", "name"), ("1971-07-14", "dateOfBirth"),
                     ($"{number[..4]} {number[4..7]} {number[7..]}", "identifier"), ("(819) 555-0142", "phone"), ("+18195550142", "phone"),
                     ("HELOISE@Example.ORG", "email"), ("hc-9", "identifier"),
                 })
        {
            var found = await staff.SearchAsync(clinic, $"?q={Uri.EscapeDataString(query)}");
            found.Ids().ShouldBe([target], query);
            found.GetProperty("matchedBy").GetString().ShouldBe(matchedBy, query);
        }

        (await staff.SearchAsync(clinic, "?q=cote")).Ids().Count.ShouldBe(2);
        (await staff.SearchAsync(clinic, "?q=cote&dateOfBirth=1971-07-15")).Ids().Count.ShouldBe(1);
        (await staff.SearchAsync(clinic, "?q=zzzz")).Ids().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_list_shows_the_first_identifier_email_and_mobile_on_file_after_creation_and_after_an_edit_and_finds_the_others_too()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        var (card, otherCard) = (TestCards.Ontario(), TestCards.Ontario());
        var body = NewPatient(card, givenName: "Maëlle", familyName: "Gauthier");
        body["identifiers"] = new JsonArray(
            new JsonObject { ["type"] = "ON", ["number"] = card, ["versionCode"] = "ab" },
            new JsonObject { ["type"] = "QC", ["number"] = "GAUM84030912", ["versionCode"] = null });
        body["emails"] = new JsonArray("maelle@example.org", "m.gauthier@example.net");
        body["mobiles"] = new JsonArray("613 555 0101", "613 555 0102");
        var chart = await staff.CreatePatientAsync(clinic, body);
        var id = chart.GetProperty("id").GetGuid();

        await ListedShouldBe("ON", card, "AB", "maelle@example.org", "+16135550101");
        (await staff.SearchAsync(clinic, "?q=m.gauthier%40example.net")).Ids().ShouldBe([id]);
        (await staff.SearchAsync(clinic, "?q=613-555-0102")).Ids().ShouldBe([id]);

        var edit = EditBody(chart);
        edit["identifiers"] = new JsonArray(new JsonObject { ["type"] = "ON", ["number"] = otherCard, ["versionCode"] = null });
        edit["emails"] = new JsonArray("m.gauthier@example.net");
        edit["mobiles"] = new JsonArray();
        edit["preferredContactMethod"] = "email";
        using (var saved = await staff.SendJsonAsync(HttpMethod.Put, PatientUrl(clinic, id), edit))
        {
            await saved.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await ListedShouldBe("ON", otherCard, null, "m.gauthier@example.net", null);

        async Task ListedShouldBe(string idType, string number, string? version, string email, string? mobile)
        {
            var item = (await staff.SearchAsync(clinic, "?q=gauthier")).GetProperty("items").EnumerateArray().Single();
            var identifier = item.GetProperty("primaryIdentifier");
            (identifier.GetProperty("type").GetString(), identifier.GetProperty("number").GetString(), identifier.GetProperty("versionCode").GetString())
                .ShouldBe((idType, number, version));
            item.GetProperty("email").GetString().ShouldBe(email);
            item.GetProperty("mobile").GetString().ShouldBe(mobile);

            // The row's copy agrees with the tables it copies: the first of each by position.
            var fromTables = await App.QuerySingleAsync<string>(
                """
                select concat_ws('|', (select i.number from registration.patient_identifiers i where i.patient_id = @id order by i.position limit 1),
                                      (select c.value from registration.patient_contacts c where c.patient_id = @id and c.kind = 'email' order by c.position limit 1),
                                      coalesce((select c.value from registration.patient_contacts c where c.patient_id = @id and c.kind = 'mobile' order by c.position limit 1), '-'))
                """,
                new { id });
            fromTables.ShouldBe($"{number}|{email}|{mobile ?? "-"}");
        }
    }

    [Fact]
    public async Task The_list_is_sorted_by_family_then_given_name_pages_with_has_more_and_filters_by_status()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        foreach (var (given, family) in new[] { ("Zoé", "Bélanger"), ("Adam", "Bélanger"), ("Émile", "Abbott"), ("Yan", "Zhang"), ("Nadia", "Ouellet") })
        {
            await admin.CreatePatientAsync(clinic, NewPatient(givenName: given, familyName: family));
        }

        var inactive = NewPatient(givenName: "Gone", familyName: "Away");
        inactive["active"] = false;
        await admin.CreatePatientAsync(clinic, inactive);

        var first = await admin.SearchAsync(clinic, "?limit=2");
        var second = await admin.SearchAsync(clinic, "?limit=2&offset=2");
        var last = await admin.SearchAsync(clinic, "?limit=2&offset=4");

        string Names(System.Text.Json.JsonElement page) => string.Join(", ", page.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("legalFamilyName").GetString()} {i.GetProperty("legalGivenName").GetString()}"));
        Names(first).ShouldBe("Abbott Émile, Bélanger Adam");
        Names(second).ShouldBe("Bélanger Zoé, Ouellet Nadia");
        Names(last).ShouldBe("Zhang Yan");
        first.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        last.GetProperty("hasMore").GetBoolean().ShouldBeFalse();
        Names(await admin.SearchAsync(clinic, "?status=inactive")).ShouldBe("Away Gone");
        (await admin.SearchAsync(clinic, "?status=all")).Ids().Count.ShouldBe(6);
    }
}
