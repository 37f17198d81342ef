using Portal.Shared.Validation;

namespace Portal.Shared.Tests;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("6135550123")]
    [InlineData("613 555 0123")]
    [InlineData("613-555-0123")]
    [InlineData("613.555.0123")]
    [InlineData("(613) 555-0123")]
    [InlineData("(613)555-0123")]
    [InlineData("  613 555 0123  ")]
    public void Ten_digits_in_any_common_punctuation_are_stored_as_e164(string input) =>
        Normalized(input).ShouldBe("+16135550123");

    [Theory]
    [InlineData("16135550123")]
    [InlineData("1 613 555 0123")]
    [InlineData("1-613-555-0123")]
    [InlineData("1 (613) 555-0123")]
    [InlineData("+16135550123")]
    [InlineData("+1 613 555 0123")]
    [InlineData("+1 (613) 555-0123")]
    [InlineData("+1.613.555.0123")]
    [InlineData("+ 1 613 555 0123")]
    public void A_leading_1_or_plus_1_is_the_north_american_country_code(string input) =>
        Normalized(input).ShouldBe("+16135550123");

    [Theory]
    [InlineData("514 555 0100", "+15145550100")]
    [InlineData("514 555 0199", "+15145550199")]
    [InlineData("(416) 555-0142", "+14165550142")]
    public void The_fictional_555_01xx_range_is_accepted(string input, string expected) =>
        Normalized(input).ShouldBe(expected);

    [Theory]
    [InlineData("200 200 0000", "+12002000000")]
    [InlineData("999 999 9999", "+19999999999")]
    [InlineData("800 555 1234", "+18005551234")]
    [InlineData("212 321 4567", "+12123214567")]
    [InlineData("613 221 4567", "+16132214567")]
    public void Area_codes_and_exchanges_from_200_to_999_that_are_not_n11_are_accepted(string input, string expected) =>
        Normalized(input).ShouldBe(expected);

    [Theory]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+33 1 23 45 67 89", "+33123456789")]
    [InlineData("+33.1.23.45.67.89", "+33123456789")]
    [InlineData("+61 (2) 5550-1234", "+61255501234")]
    [InlineData("+49 30 1234567", "+49301234567")]
    [InlineData("+4930123456", "+4930123456")]
    [InlineData("+353 1 234 5678", "+35312345678")]
    public void Other_countries_are_accepted_with_a_leading_plus(string input, string expected) =>
        Normalized(input).ShouldBe(expected);

    [Theory]
    [InlineData("+49 301 234", "+49301234")]
    [InlineData("+423 4567 8901 2345", "+423456789012345")]
    public void International_numbers_may_have_8_to_15_digits_in_total(string input, string expected) =>
        Normalized(input).ShouldBe(expected);

    [Fact]
    public void The_same_number_written_differently_is_stored_identically()
    {
        var forms = new[] { "613-555-0123", "(613) 555 0123", "+1 613.555.0123", "1 613 555 0123", "6135550123" };

        forms.Select(Normalized).Distinct().ShouldHaveSingleItem().ShouldBe("+16135550123");
    }

    [Theory]
    [InlineData("013 555 0123")]
    [InlineData("113 555 0123")]
    [InlineData("+1 013 555 0123")]
    [InlineData("1 113 555 0123")]
    public void Area_code_starting_with_0_or_1_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("211 555 0123")]
    [InlineData("411 555 0123")]
    [InlineData("611 555 0123")]
    [InlineData("911 555 0123")]
    [InlineData("+1 811 555 0123")]
    public void N11_area_code_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("613 055 0123")]
    [InlineData("613 155 0123")]
    [InlineData("+1 613 123 4567")]
    public void Exchange_starting_with_0_or_1_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("613 211 0123")]
    [InlineData("613 411 0123")]
    [InlineData("613 911 0123")]
    [InlineData("+1 613 511 0123")]
    public void N11_exchange_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("555 0123")]
    [InlineData("613 555 012")]
    [InlineData("613 555 01234")]
    [InlineData("26135550123")]
    [InlineData("116135550123")]
    [InlineData("+1 613 555 012")]
    [InlineData("+1 613 555 01234")]
    public void North_american_number_without_exactly_ten_digits_after_the_country_code_is_refused(string input) =>
        ShouldBeRefused(input);

    [Theory]
    [InlineData("442079460958")]
    [InlineData("0044 20 7946 0958")]
    [InlineData("011 44 20 7946 0958")]
    [InlineData("33123456789")]
    public void Digits_without_plus_that_are_not_north_american_are_refused_as_ambiguous(string input) =>
        ShouldBeRefused(input);

    [Theory]
    [InlineData("+0 123 456 7890")]
    [InlineData("+044 20 7946 0958")]
    public void Country_code_starting_with_0_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("+49 301 23")]
    [InlineData("+44")]
    [InlineData("+")]
    [InlineData("+123 4567 8901 23456")]
    public void International_number_outside_8_to_15_digits_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("613-555-CALL")]
    [InlineData("613 555 O123")]
    [InlineData("six one three")]
    [InlineData("+44 20 7946 095a")]
    public void Letters_are_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("613 555 0123 x123")]
    [InlineData("613 555 0123 ext. 4")]
    [InlineData("613-555-0123#12")]
    [InlineData("613 555 0123,,4")]
    public void Extensions_are_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("++1 613 555 0123")]
    [InlineData("+1 +613 555 0123")]
    [InlineData("+44 20 7946 0958 +1")]
    public void More_than_one_plus_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("1 +613 555 0123")]
    [InlineData("(+1) 613 555 0123")]
    public void Plus_anywhere_but_the_start_is_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData("613/555/0123")]
    [InlineData("613_555_0123")]
    [InlineData("613\t555\t0123")]
    [InlineData("613 555 0123;")]
    public void Punctuation_other_than_spaces_hyphens_dots_and_parentheses_is_refused(string input) =>
        ShouldBeRefused(input);

    [Theory]
    [InlineData("٦١٣٥٥٥٠١٢٣")]
    [InlineData("６１３５５５０１２３")]
    public void Digits_outside_ascii_are_refused(string input) => ShouldBeRefused(input);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("-- () ..")]
    public void Empty_or_blank_input_is_refused(string? input) => ShouldBeRefused(input);

    [Fact]
    public void Input_longer_than_30_characters_is_refused_even_when_its_digits_are_fine()
    {
        var thirty = "+1 (613) 555-0123".PadLeft(PhoneNumbers.MaxInputLength);
        var thirtyOne = "+1 (613) 555-0123".PadLeft(PhoneNumbers.MaxInputLength + 1);

        Normalized(thirty).ShouldBe("+16135550123");
        ShouldBeRefused(thirtyOne);
    }

    [Theory]
    [InlineData("+16135550123", true)]
    [InlineData("+18005551234", true)]
    [InlineData("+442079460958", false)]
    [InlineData("+33123456789", false)]
    public void North_american_numbers_are_recognised_from_their_stored_form(string e164, bool expected) =>
        PhoneNumbers.IsNorthAmerican(e164).ShouldBe(expected);

    private static string? Normalized(string input)
    {
        PhoneNumbers.TryNormalize(input, out var e164).ShouldBeTrue($"expected \"{input}\" to be accepted");
        return e164;
    }

    private static void ShouldBeRefused(string? input)
    {
        PhoneNumbers.TryNormalize(input, out var e164).ShouldBeFalse($"expected \"{input}\" to be refused");
        e164.ShouldBeNull();
    }
}
