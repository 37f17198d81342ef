using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Options;

namespace Portal.Identity.Tests;

/// <summary>The work factor of staff password hashes, which test hosts lower and no other host may.</summary>
public sealed class StaffPasswordHashingTests
{
    [Fact]
    public async Task A_host_hashes_staff_passwords_with_PBKDF2_HMAC_SHA512_and_100000_iterations_unless_configured_higher()
    {
        // Outside "Testing" the test kit leaves the work factor to the host.
        await using var app = await PortalApp.StartAsync(new PortalAppOptions { Environment = "Staging" });
        var clinic = await app.CreateClinicAsync();

        var (prf, iterations) = HashParameters(await app.QuerySingleAsync<string>(
            "select password_hash from identity.staff_users where id = @id", new { id = clinic.Owner.Id }));

        prf.ShouldBe(2u, "ASP.NET Core Identity's V3 format names HMAC-SHA512 2");
        iterations.ShouldBe(100_000u);
    }

    [Fact]
    public async Task A_host_outside_testing_refuses_to_start_with_fewer_than_100000_iterations()
    {
        var options = new PortalAppOptions { Environment = "Staging" };
        options.Settings["Identity:StaffPasswords:Iterations"] = "99999";

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => PortalApp.StartAsync(options));

        refused.Message.ShouldContain("at least 100,000");
    }

    [Fact]
    public async Task A_password_hashed_with_fewer_iterations_than_the_host_uses_still_signs_in_and_is_hashed_again_with_the_host_s()
    {
        await using var weak = await PortalApp.StartAsync();
        var clinic = await weak.CreateClinicAsync();
        var options = new PortalAppOptions { ConnectionString = weak.ConnectionString };
        options.Settings["Identity:StaffPasswords:Iterations"] = "2000";
        await using var stronger = await PortalApp.StartAsync(options);
        string Query() => "select password_hash from identity.staff_users where id = @id";
        HashParameters(await stronger.QuerySingleAsync<string>(Query(), new { id = clinic.Owner.Id })).Iterations.ShouldBe(1000u);

        using var client = stronger.CreateClient();
        using var response = await client.PostJsonAsync(
            $"/api/clinics/{clinic.Slug}/staff/sign-in", new { email = clinic.Owner.Email, password = clinic.Owner.Password });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        HashParameters(await stronger.QuerySingleAsync<string>(Query(), new { id = clinic.Owner.Id })).Iterations.ShouldBe(2000u);
    }

    /// <summary>The V3 format: 0x01, then the PRF, the iteration count and the salt length as big-endian 32-bit numbers.</summary>
    private static (uint Prf, uint Iterations) HashParameters(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        bytes[0].ShouldBe((byte)0x01);
        return (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }
}
