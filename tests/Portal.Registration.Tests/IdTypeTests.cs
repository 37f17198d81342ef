using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Portal.TestKit.RegistrationApi;

namespace Portal.Registration.Tests;

public sealed class IdTypeTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    private static JsonObject IdType(string code, bool searchable = false) =>
        new() { ["code"] = code, ["nameEn"] = "Hospital record number", ["nameFr"] = "Numéro de dossier hospitalier", ["searchable"] = searchable };

    [Fact]
    public async Task Managers_define_the_clinics_own_id_types_and_every_member_sees_them_beside_the_health_cards()
    {
        var clinic = await App.CreateClinicAsync();
        using var admin = await App.SignedInAsync(clinic, clinic.Admin);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        using (var created = await admin.SendJsonAsync(HttpMethod.Post, IdTypesUrl(clinic), IdType(" mrn-2 ")))
        {
            await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
            (await created.ReadJsonAsync()).GetProperty("code").GetString().ShouldBe("MRN-2");
        }

        using (var renamed = await admin.SendJsonAsync(HttpMethod.Put, IdTypesUrl(clinic) + "/MRN-2",
                   new JsonObject { ["nameEn"] = "Record number", ["nameFr"] = "Numéro de dossier", ["searchable"] = true }))
        {
            await renamed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var view = await staff.GetJsonAsync<JsonElement>(IdTypesUrl(clinic));
        view.GetProperty("healthCards").GetArrayLength().ShouldBe(13);
        var ontario = view.GetProperty("healthCards").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "ON");
        ontario.GetProperty("versionCode").GetString().ShouldBe("optional");
        var own = view.GetProperty("clinicTypes").EnumerateArray().ShouldHaveSingleItem();
        own.GetProperty("code").GetString().ShouldBe("MRN-2");
        own.GetProperty("nameFr").GetString().ShouldBe("Numéro de dossier");
        own.GetProperty("searchable").GetBoolean().ShouldBeTrue();
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @id and action like 'registration.id_type.%'", new { id = clinic.Id })).ShouldBe(2);
    }

    [Fact]
    public async Task The_staff_role_cannot_add_or_change_id_types()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        using (var created = await owner.SendJsonAsync(HttpMethod.Post, IdTypesUrl(clinic), IdType("MRN")))
        {
            await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using (var create = await staff.SendJsonAsync(HttpMethod.Post, IdTypesUrl(clinic), IdType("BADGE")))
        {
            await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var update = await staff.SendJsonAsync(HttpMethod.Put, IdTypesUrl(clinic) + "/MRN",
                   new JsonObject { ["nameEn"] = "x", ["nameFr"] = "x", ["searchable"] = true }))
        {
            await update.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        (await App.QueryAsync<(string, bool)>("select code, searchable from registration.id_types where clinic_id = @id", new { id = clinic.Id }))
            .ShouldBe([("MRN", false)]);
    }

    [Theory]
    [InlineData("ON", HttpStatusCode.BadRequest)]
    [InlineData("qc", HttpStatusCode.BadRequest)]
    [InlineData("A", HttpStatusCode.BadRequest)]
    [InlineData("-MRN", HttpStatusCode.BadRequest)]
    [InlineData("MRN NUMBER", HttpStatusCode.BadRequest)]
    [InlineData("ABCDEFGHIJKLMNOPQ", HttpStatusCode.BadRequest)]
    [InlineData("MRN", HttpStatusCode.Conflict)]
    [InlineData("mrn", HttpStatusCode.Conflict)]
    public async Task R6_a_bad_or_taken_id_type_code_is_refused_and_nothing_is_added(string code, HttpStatusCode expected)
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        using (var created = await owner.SendJsonAsync(HttpMethod.Post, IdTypesUrl(clinic), IdType("MRN")))
        {
            await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using var response = await owner.SendJsonAsync(HttpMethod.Post, IdTypesUrl(clinic), IdType(code));

        var problem = await response.ShouldBeProblemAsync(expected);
        if (expected == HttpStatusCode.Conflict)
        {
            problem.Code.ShouldBe("id_type_exists");
        }
        else
        {
            problem.FieldCodes.ShouldNotBeNull().ShouldContainKey("code");
        }

        (await App.QuerySingleAsync<long>("select count(*) from registration.id_types where clinic_id = @id", new { id = clinic.Id })).ShouldBe(1);
    }

    /// <summary>Every value of a good change of the wrong type.</summary>
    public static TheoryData<string, HttpStatusCode> WrongTypes
    {
        get
        {
            var data = new TheoryData<string, HttpStatusCode>();
            foreach (var (_, json) in BadJson.Mutations(JsonNode.Parse("{\"nameEn\": \"x\", \"nameFr\": \"y\", \"searchable\": true}")!))
            {
                data.Add(json, HttpStatusCode.BadRequest);
            }

            return data;
        }
    }

    [Theory]
    [InlineData("{\"nameEn\": \"\", \"nameFr\": \"x\", \"searchable\": true}", HttpStatusCode.BadRequest)]
    [InlineData("{\"nameEn\": \"x\", \"nameFr\": \"x\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"nameEn\": 1, \"nameFr\": \"x\", \"searchable\": true}", HttpStatusCode.BadRequest)]
    [InlineData("[", HttpStatusCode.BadRequest)]
    [MemberData(nameof(WrongTypes))]
    public async Task R6_a_bad_id_type_change_is_refused_and_nothing_changes(string json, HttpStatusCode expected)
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);
        using (var created = await owner.SendJsonAsync(HttpMethod.Post, IdTypesUrl(clinic), IdType("MRN")))
        {
            await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using var response = await owner.SendRawJsonAsync(HttpMethod.Put, IdTypesUrl(clinic) + "/MRN", json);

        await response.ShouldBeProblemAsync(expected);
        (await App.QuerySingleAsync<string>("select name_en from registration.id_types where clinic_id = @id", new { id = clinic.Id }))
            .ShouldBe("Hospital record number");
        App.Logs.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task R6_changing_an_id_type_the_clinic_does_not_have_is_404()
    {
        var clinic = await App.CreateClinicAsync();
        using var owner = await App.SignedInAsync(clinic, clinic.Owner);

        using var response = await owner.SendJsonAsync(HttpMethod.Put, IdTypesUrl(clinic) + "/NOPE",
            new JsonObject { ["nameEn"] = "x", ["nameFr"] = "x", ["searchable"] = true });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, "id_type_not_found");
    }
}
