using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Registration.Contracts;
using Portal.Shared.Database;
using static Portal.Registration.Tests.DocumentSamples;

namespace Portal.Registration.Tests;

/// <summary>The chart's documents as Messaging reaches them, through Portal.Registration.Contracts.</summary>
public sealed class PatientDocumentsContractTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    private static readonly NewPatientDocument LabResult = new(DocumentType.LabResult, "Lipid panel", new DateOnly(2026, 11, 3), "Dynacare");

    private Task<T> Documents<T>(Func<IPatientDocuments, Task<T>> call) =>
        App.InScopeAsync(services => call(services.GetRequiredService<IPatientDocuments>()));

    [Fact]
    public async Task A_document_saved_from_a_forward_only_stream_is_in_the_chart_and_opens_for_its_patient()
    {
        var (clinic, patientId, _) = await ClinicWithTwoPatientsAsync();
        var pdf = Pdf("lipids");

        var added = (await Documents(d => d.AddAsync(clinic.Id, patientId, LabResult, new ForwardOnlyStream(pdf), "application/pdf", default))).ThrowIfFailed();
        var opened = await Documents(async d =>
        {
            await using var document = await d.OpenAsync(clinic.Id, patientId, added.Id, default);
            using var copy = new MemoryStream();
            await document!.Content.CopyToAsync(copy);
            return (document.Document, document.DownloadName, Bytes: copy.ToArray());
        });

        added.ShouldBe(added with { PatientId = patientId, Type = DocumentType.LabResult, Title = "Lipid panel", Source = "Dynacare", ContentType = "application/pdf", Length = pdf.Length });
        opened.Document.ShouldBe(added);
        opened.DownloadName.ShouldBe("Lipid panel.pdf");
        opened.Bytes.ShouldBe(pdf);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        (await staff.GetJsonAsync<System.Text.Json.JsonElement>(DocumentsUrl(clinic, patientId))).GetProperty("items")[0].GetProperty("id").GetGuid().ShouldBe(added.Id);
        (await App.QueryAsync<string>(
            "select action from platform.audit_log where target_id = @id order by id", new { id = added.Id.ToString() }))
            .ShouldBe(["registration.document.added", "registration.document.opened"]);
    }

    [Fact]
    public async Task A1_opening_a_document_with_another_patients_id_or_another_clinic_finds_nothing_and_audits_nothing()
    {
        var (clinic, patientA, patientB) = await ClinicWithTwoPatientsAsync();
        var other = await App.CreateClinicAsync();
        var added = (await Documents(d => d.AddAsync(clinic.Id, patientA, LabResult, new MemoryStream(Pdf()), null, default))).ThrowIfFailed();

        (await Documents(d => d.OpenAsync(clinic.Id, patientB, added.Id, default))).ShouldBeNull();
        (await Documents(d => d.OpenAsync(other.Id, patientA, added.Id, default))).ShouldBeNull();
        (await Documents(d => d.OpenAsync(clinic.Id, patientA, Guid.NewGuid(), default))).ShouldBeNull();

        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where action = 'registration.document.opened' and target_id = @id", new { id = added.Id.ToString() }))
            .ShouldBe(0);
    }

    [Fact]
    public async Task A1_looking_up_documents_by_id_returns_only_that_patients_in_that_clinic()
    {
        var (clinic, patientA, patientB) = await ClinicWithTwoPatientsAsync();
        var other = await App.CreateClinicAsync();
        var first = (await Documents(d => d.AddAsync(clinic.Id, patientA, LabResult with { Date = new DateOnly(2026, 1, 1) }, new MemoryStream(Pdf()), null, default))).ThrowIfFailed();
        var second = (await Documents(d => d.AddAsync(clinic.Id, patientA, LabResult with { Date = new DateOnly(2026, 6, 1) }, new MemoryStream(Text()), null, default))).ThrowIfFailed();
        var ofB = (await Documents(d => d.AddAsync(clinic.Id, patientB, LabResult, new MemoryStream(Pdf()), null, default))).ThrowIfFailed();

        var found = await Documents(d => d.FindAsync(clinic.Id, patientA, [first.Id, ofB.Id, second.Id, Guid.NewGuid()], default));

        found.Select(d => d.Id).ShouldBe([second.Id, first.Id]);
        (await Documents(d => d.FindAsync(other.Id, patientA, [first.Id, second.Id], default))).ShouldBeEmpty();
        (await Documents(d => d.FindAsync(clinic.Id, patientA, [], default))).ShouldBeEmpty();
    }

    [Fact]
    public async Task F1_a_lying_declared_type_or_an_unknown_patient_is_an_error_and_stores_nothing()
    {
        var (clinic, patientId, _) = await ClinicWithTwoPatientsAsync();
        var filesBefore = await StoredFilesAsync();

        var lying = await Documents(d => d.AddAsync(clinic.Id, patientId, LabResult, new MemoryStream(Pdf()), "image/png", default));
        var unknown = await Documents(d => d.AddAsync(clinic.Id, Guid.NewGuid(), LabResult, new MemoryStream(Pdf()), null, default));
        var tooBig = await Documents(d => d.AddAsync(
            clinic.Id, patientId, LabResult, new ForwardOnlyStream([.. "%PDF-1.7\n"u8, .. new byte[50 * 1024 * 1024]]), null, default));

        lying.Error!.Code.ShouldBe("declared_type_mismatch");
        unknown.Error!.Code.ShouldBe("patient_not_found");
        tooBig.Error!.Code.ShouldBe("document_too_large");
        (await StoredFilesAsync()).ShouldBe(filesBefore);
        (await App.QuerySingleAsync<long>("select count(*) from registration.documents where patient_id = @patientId", new { patientId })).ShouldBe(0);
    }

    [Fact]
    public async Task A_document_added_in_a_callers_transaction_that_rolls_back_leaves_no_row_and_no_file()
    {
        var (clinic, patientId, _) = await ClinicWithTwoPatientsAsync();
        var filesBefore = await StoredFilesAsync();

        await App.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<IDbSession>();
            await db.BeginTransactionAsync(default);
            (await services.GetRequiredService<IPatientDocuments>().AddAsync(clinic.Id, patientId, LabResult, new MemoryStream(Pdf()), null, default)).ThrowIfFailed();
            (await StoredFilesAsync()).ShouldBe(filesBefore + 1);
            await db.RollbackAsync(default);
            return true;
        });

        (await StoredFilesAsync()).ShouldBe(filesBefore);
        (await App.QuerySingleAsync<long>("select count(*) from registration.documents where patient_id = @patientId", new { patientId })).ShouldBe(0);
    }

    private async Task<(TestClinic Clinic, Guid PatientA, Guid PatientB)> ClinicWithTwoPatientsAsync()
    {
        var clinic = await App.CreateClinicAsync();
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);
        return (clinic, await staff.NewPatientIdAsync(clinic), await staff.NewPatientIdAsync(clinic));
    }

    private Task<long> StoredFilesAsync() =>
        App.QuerySingleAsync<long>("select count(*) from platform.files where key like 'registration/documents/%'");

    /// <summary>A request body or pipe: no length, no seeking.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
