using System.Net;

namespace Portal.Settings.Tests;

/// <summary>The test owns its host and database, since it makes the database refuse a commit.</summary>
public sealed class BackgroundImageCommitTests
{
    [Fact]
    public async Task An_upload_whose_transaction_fails_to_commit_leaves_no_file_behind()
    {
        await using var app = await PortalApp.StartAsync();
        var clinic = await app.CreateClinicAsync();
        using var owner = await app.SignedInAsync(clinic, clinic.Owner);
        // A deferred check runs at commit, after the handler has written the file and its row.
        await app.ExecuteAsync(
            $"""
            create function settings.refuse_at_commit() returns trigger language plpgsql as $$
            begin
                raise exception 'refused at commit';
            end $$;
            create constraint trigger refuse_at_commit after insert on settings.background_images
                deferrable initially deferred for each row
                when (new.clinic_id = '{clinic.Id}') execute function settings.refuse_at_commit();
            """);

        using (var refused = await owner.PostBytesAsync(SettingsApi.Uploads(clinic), TestImages.Png(), "image/png"))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        }

        (await StoredBackgroundsAsync(app)).ShouldBeEmpty();
        (await app.QuerySingleAsync<long>("select count(*) from settings.background_images where clinic_id = @id", new { id = clinic.Id })).ShouldBe(0);

        await app.ExecuteAsync("drop trigger refuse_at_commit on settings.background_images");
        var kept = await owner.UploadBackgroundAsync(clinic);
        var key = await app.QuerySingleAsync<string>("select storage_key from settings.background_images where id = @kept", new { kept });
        (await StoredBackgroundsAsync(app)).ShouldBe([key]);
    }

    private static Task<IReadOnlyList<string>> StoredBackgroundsAsync(PortalApp app) =>
        app.QueryAsync<string>("select key from platform.files where key like 'settings/background/%'");
}
