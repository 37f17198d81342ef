using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Cli;

namespace Portal.Identity.Tests;

public sealed partial class SetupLinkTests(PortalAppFixture fixture) : IClassFixture<PortalAppFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task A_clinic_added_from_the_command_line_gets_an_owner_who_sets_a_password_with_the_link_and_is_signed_in()
    {
        var slug = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var (exitCode, output) = await RunCliAsync("clinics add", "--slug", slug, "--name", "Clinique du Parc", "--owner-email", "Boss@Parc.test");

        exitCode.ShouldBe(0, output);
        output.ShouldContain($"/{slug}/admin/");
        var token = TokenFrom(output);
        using var client = App.CreateClient();
        using var setup = await client.PostJsonAsync("/api/staff/setup", new { token, password = "a garden of tulips in spring" });
        await setup.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var profile = await setup.ReadJsonAsync();

        profile.GetProperty("role").GetString().ShouldBe("owner");
        profile.GetProperty("clinic").GetProperty("slug").GetString().ShouldBe(slug);
        var me = await client.GetJsonAsync<JsonElement>($"/api/clinics/{slug}/staff/me");
        me.GetProperty("email").GetString().ShouldBe("boss@parc.test");
    }

    [Fact]
    public async Task A_setup_link_works_once()
    {
        var token = TokenFrom((await RunCliAsync("operators add", "--email", $"op-{Guid.NewGuid():N}@portal.test")).Output);
        using var client = App.CreateClient();
        using (var first = await client.PostJsonAsync("/api/staff/setup", new { token, password = "first choice of a long password" }))
        {
            await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var second = await client.PostJsonAsync("/api/staff/setup", new { token, password = "second try at taking the account" });
        await second.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "setup_link_invalid");
        var me = await client.GetJsonAsync<JsonElement>("/api/operator/me");
        me.GetProperty("role").GetString().ShouldBe("operator");
    }

    [Fact]
    public async Task A_setup_link_expires_after_72_hours()
    {
        var token = TokenFrom((await RunCliAsync("operators add", "--email", $"late-{Guid.NewGuid():N}@portal.test")).Output);
        App.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromMinutes(1));
        using var client = App.CreateClient();

        using var response = await client.PostJsonAsync("/api/staff/setup", new { token, password = "too late for this long password" });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "setup_link_invalid");
    }

    [Theory]
    [InlineData("short")]
    [InlineData("123456789012")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    public async Task A_weak_password_is_refused_and_the_link_stays_usable(string password)
    {
        var token = TokenFrom((await RunCliAsync("operators add", "--email", $"weak-{Guid.NewGuid():N}@portal.test")).Output);
        using var client = App.CreateClient();

        using var weak = await client.PostJsonAsync("/api/staff/setup", new { token, password });
        var problem = await weak.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "weak_password");
        problem.Errors!.ShouldContainKey("password");
        using var strong = await client.PostJsonAsync("/api/staff/setup", new { token, password = "a much better passphrase now" });
        await strong.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_command_line_refuses_a_taken_or_reserved_address_and_explains_why()
    {
        var clinic = await App.CreateClinicAsync();

        var taken = await RunCliAsync("clinics add", "--slug", clinic.Slug, "--name", "Again", "--owner-email", "x@y.test");
        var reserved = await RunCliAsync("clinics add", "--slug", "api", "--name", "Api", "--owner-email", "x@y.test");
        var missing = await RunCliAsync("clinics add", "--slug", "no-owner-here", "--name", "Nobody");

        taken.ExitCode.ShouldBe(1);
        taken.Output.ShouldContain("slug_taken");
        reserved.ExitCode.ShouldBe(1);
        reserved.Output.ShouldContain("slug");
        missing.ExitCode.ShouldNotBe(0);
        missing.Output.ShouldContain("--owner-email is required");
    }

    private async Task<(int ExitCode, string Output)> RunCliAsync(string command, params string[] arguments) =>
        await App.InScopeAsync(async services =>
        {
            var cli = services.GetServices<ICliCommand>().Single(c => c.Name == command);
            using var output = new StringWriter();
            try
            {
                var exit = await cli.RunAsync(new CliArguments(arguments), output, CancellationToken.None);
                return (exit, output.ToString());
            }
            catch (CliUsageException usage)
            {
                return (2, usage.Message);
            }
        });

    private static string TokenFrom(string output) => SetupToken().Match(output).Groups[1].Value;

    [GeneratedRegex("#token=([A-Za-z0-9_-]+)")]
    private static partial Regex SetupToken();
}
