using System.Net;
using static Portal.Registration.Tests.DocumentSamples;

namespace Portal.Registration.Tests;

/// <summary>Two hosts behind a load balancer on one database, each with its own local folder.</summary>
public sealed class DocumentsAcrossHostsTests
{
    [Fact]
    public async Task A_document_uploaded_through_one_host_process_is_downloaded_through_another()
    {
        await using var first = await PortalApp.StartAsync();
        await using var second = await PortalApp.StartAsync(new PortalAppOptions
        {
            ConnectionString = first.ConnectionString,
            FilesRoot = Path.Combine(Path.GetTempPath(), "portal-test-files", Guid.NewGuid().ToString("N")),
        });
        var clinic = await first.CreateClinicAsync();
        using var staff = await first.SignedInAsync(clinic, clinic.Staff);
        var patientId = await staff.NewPatientIdAsync(clinic);
        var video = Mp4(payload: (2 * 1024 * 1024) + 777, seed: 3);

        var document = await staff.AddDocumentAsync(clinic, patientId, video, type: "educational_video", title: "After your surgery");

        using var elsewhere = staff.CopyTo(second.BaseAddress);
        using var download = await elsewhere.GetAsync(document.GetProperty("downloadUrl").GetString()!);
        await download.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(video);
    }
}
