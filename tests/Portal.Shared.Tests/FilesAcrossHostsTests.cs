using System.Net;

namespace Portal.Shared.Tests;

/// <summary>Two hosts behind a load balancer, each with its own local folder, on one database.</summary>
public sealed class FilesAcrossHostsTests
{
    [Fact]
    public async Task A_file_uploaded_through_one_host_process_is_downloaded_through_another()
    {
        await using var first = await PortalApp.StartAsync();
        await using var second = await PortalApp.StartAsync(new PortalAppOptions
        {
            ConnectionString = first.ConnectionString,
            FilesRoot = Path.Combine(Path.GetTempPath(), "portal-test-files", Guid.NewGuid().ToString("N")),
        });
        var clinic = await first.CreateClinicAsync();
        using var owner = await first.SignedInAsync(clinic, clinic.Owner);
        var image = TestImages.Png(300, 200, red: 7);
        var uploads = $"/api/clinics/{clinic.Slug}/settings/portal/background-images";

        using var upload = await owner.PostBytesAsync(uploads, image, "image/png");
        await upload.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var id = (await upload.ReadJsonAsync()).GetProperty("id").GetGuid();

        using var elsewhere = owner.CopyTo(second.BaseAddress);
        using var download = await elsewhere.GetAsync($"{uploads}/{id}");
        await download.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(image);
    }
}
