using Portal.Registration.Patients;

namespace Portal.Registration.Tests;

public sealed class PostalAddressTests
{
    // ---------- Regions ----------

    [Fact]
    public void Canada_has_its_thirteen_provinces_and_territories() =>
        PostalAddresses.Provinces.ShouldBe(["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);

    [Fact]
    public void The_provinces_are_the_same_ones_that_issue_health_cards() =>
        PostalAddresses.Provinces.ShouldBe(HealthCards.All.Select(t => t.Code));

    [Fact]
    public void United_states_has_fifty_states_the_district_of_columbia_and_five_territories()
    {
        PostalAddresses.UsStates.Count.ShouldBe(56);
        PostalAddresses.UsStates.ShouldBeUnique();
        PostalAddresses.UsStates.ShouldBe(PostalAddresses.UsStates.Order(StringComparer.Ordinal));
        PostalAddresses.UsStates.ShouldContain("DC");
        PostalAddresses.UsStates.ShouldContain("PR");
        PostalAddresses.UsStates.ShouldContain("VI");
        PostalAddresses.UsStates.ShouldContain("GU");
        PostalAddresses.UsStates.ShouldContain("AS");
        PostalAddresses.UsStates.ShouldContain("MP");
    }

    [Theory]
    [InlineData("CA", "ON")]
    [InlineData("CA", "QC")]
    [InlineData("CA", "NU")]
    [InlineData("US", "NY")]
    [InlineData("US", "CA")]
    [InlineData("US", "DC")]
    [InlineData("US", "PR")]
    [InlineData("US", "WY")]
    public void Region_codes_are_recognised_for_their_own_country(string country, string code) =>
        PostalAddresses.IsRegion(country, code).ShouldBeTrue();

    [Theory]
    [InlineData("CA", "NY")]
    [InlineData("CA", "PQ")]
    [InlineData("CA", "NF")]
    [InlineData("US", "ON")]
    [InlineData("US", "PI")]
    [InlineData("CA", "on")]
    [InlineData("ca", "ON")]
    [InlineData("FR", "ON")]
    [InlineData("CA", "")]
    public void Region_codes_from_another_country_old_forms_and_lower_case_are_refused(string country, string code) =>
        PostalAddresses.IsRegion(country, code).ShouldBeFalse();

    // ---------- Canadian postal codes ----------

    [Theory]
    [InlineData("K1A 0B1")]
    [InlineData("K1A0B1")]
    [InlineData("K1A-0B1")]
    [InlineData("k1a 0b1")]
    [InlineData("k1a0b1")]
    [InlineData("  K1A 0B1  ")]
    public void Canadian_postal_code_is_stored_upper_case_with_one_space(string input) =>
        Normalized("CA", input).ShouldBe("K1A 0B1");

    [Theory]
    [InlineData("H3Z 2Y7")]
    [InlineData("X0A 0H0")]
    [InlineData("Y1A 6V4")]
    [InlineData("A1B 3W4")]
    [InlineData("V6B 4Z9")]
    [InlineData("T2P 5X4")]
    public void Canadian_postal_codes_from_across_the_country_are_accepted(string input) =>
        Normalized("CA", input).ShouldBe(input);

    [Theory]
    [InlineData("D1A 1A1")]
    [InlineData("F1A 1A1")]
    [InlineData("I1A 1A1")]
    [InlineData("O1A 1A1")]
    [InlineData("Q1A 1A1")]
    [InlineData("U1A 1A1")]
    [InlineData("K1D 1A1")]
    [InlineData("K1A 1I1")]
    [InlineData("K1O 1A1")]
    [InlineData("K1A 1U1")]
    [InlineData("K1Q 1A1")]
    [InlineData("K1A 1F1")]
    public void Canadian_postal_code_with_d_f_i_o_q_or_u_is_refused(string input) => ShouldBeRefused("CA", input);

    [Theory]
    [InlineData("W1A 1A1")]
    [InlineData("Z1A 1A1")]
    public void Canadian_postal_code_starting_with_w_or_z_is_refused(string input) => ShouldBeRefused("CA", input);

    [Theory]
    [InlineData("K1W 1Z1", "K1W 1Z1")]
    [InlineData("k1z-1w1", "K1Z 1W1")]
    public void W_and_z_are_accepted_after_the_first_letter(string input, string expected) =>
        Normalized("CA", input).ShouldBe(expected);

    [Theory]
    [InlineData("K1A  0B1")]
    [InlineData("K1A_0B1")]
    [InlineData("K 1A 0B1")]
    [InlineData("K1A0B")]
    [InlineData("K1A 0B12")]
    [InlineData("11A 0B1")]
    [InlineData("KAA 0B1")]
    [InlineData("K1A AB1")]
    [InlineData("K1A 011")]
    [InlineData("K1A 0BB")]
    [InlineData("K１A 0B1")]
    [InlineData("12345")]
    [InlineData("")]
    [InlineData("   ")]
    public void Canadian_postal_code_not_of_the_form_a1a_1a1_is_refused(string input) => ShouldBeRefused("CA", input);

    // ---------- US ZIP codes ----------

    [Theory]
    [InlineData("20500", "20500")]
    [InlineData(" 20500 ", "20500")]
    [InlineData("00601", "00601")]
    [InlineData("20500-0003", "20500-0003")]
    [InlineData("20500 0003", "20500-0003")]
    public void Us_zip_code_is_stored_as_five_digits_or_zip_plus_4_with_a_hyphen(string input, string expected) =>
        Normalized("US", input).ShouldBe(expected);

    [Theory]
    [InlineData("2050")]
    [InlineData("205000")]
    [InlineData("205000003")]
    [InlineData("20500-003")]
    [InlineData("20500-00031")]
    [InlineData("20500--0003")]
    [InlineData("20500.0003")]
    [InlineData("2050O")]
    [InlineData("K1A 0B1")]
    [InlineData("")]
    public void Us_zip_code_of_any_other_shape_is_refused(string input) => ShouldBeRefused("US", input);

    [Theory]
    [InlineData("FR", "75001")]
    [InlineData("ca", "K1A 0B1")]
    [InlineData("us", "20500")]
    [InlineData("", "20500")]
    public void Postal_codes_are_only_understood_for_canada_and_the_united_states(string country, string input) =>
        ShouldBeRefused(country, input);

    [Fact]
    public void Missing_postal_code_is_refused() => ShouldBeRefused("CA", null!);

    private static string Normalized(string country, string input)
    {
        PostalAddresses.TryNormalizePostalCode(country, input, out var normalized)
            .ShouldBeTrue($"expected \"{input}\" to be accepted for {country}");
        return normalized.ShouldNotBeNull();
    }

    private static void ShouldBeRefused(string country, string input)
    {
        PostalAddresses.TryNormalizePostalCode(country, input, out var normalized)
            .ShouldBeFalse($"expected \"{input}\" to be refused for {country}");
        normalized.ShouldBeNull();
    }
}
