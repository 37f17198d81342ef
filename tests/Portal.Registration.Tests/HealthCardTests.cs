using Portal.Registration.Patients;

namespace Portal.Registration.Tests;

public sealed class HealthCardTests
{
    private static readonly Dictionary<string, string> ProvinceNames = new(StringComparer.Ordinal)
    {
        ["AB"] = "Alberta",
        ["BC"] = "British Columbia",
        ["MB"] = "Manitoba",
        ["NB"] = "New Brunswick",
        ["NL"] = "Newfoundland and Labrador",
        ["NS"] = "Nova Scotia",
        ["NT"] = "Northwest Territories",
        ["NU"] = "Nunavut",
        ["ON"] = "Ontario",
        ["PE"] = "Prince Edward Island",
        ["QC"] = "Québec",
        ["SK"] = "Saskatchewan",
        ["YT"] = "Yukon",
    };

    // ---------- The list of provinces and territories ----------

    [Fact]
    public void All_thirteen_provinces_and_territories_are_listed_alphabetically_by_code() =>
        HealthCards.All.Select(t => t.Code).ShouldBe(
            ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"]);

    [Fact]
    public void Only_ontario_cards_carry_a_version_code() =>
        HealthCards.All.Where(t => t.VersionCode == VersionCodeRule.Optional).ShouldHaveSingleItem().Code.ShouldBe("ON");

    [Fact]
    public void Every_province_has_an_example_to_show_as_a_placeholder() =>
        HealthCards.All.ShouldAllBe(t => !string.IsNullOrWhiteSpace(t.Example));

    [Fact]
    public void Ontario_example_shows_the_ten_digit_shape() =>
        HealthCards.Find("ON").ShouldNotBeNull().Example.ShouldBe("1234 567 890");

    [Theory]
    [InlineData("ON")]
    [InlineData("QC")]
    [InlineData("YT")]
    public void Provinces_are_found_by_their_exact_code(string code)
    {
        HealthCards.Find(code).ShouldNotBeNull().Code.ShouldBe(code);
        HealthCards.IsProvince(code).ShouldBeTrue();
    }

    [Theory]
    [InlineData("on")]
    [InlineData(" ON")]
    [InlineData("ONT")]
    [InlineData("XX")]
    [InlineData("NY")]
    [InlineData("")]
    public void Anything_but_an_exact_upper_case_code_is_not_a_province(string code)
    {
        HealthCards.Find(code).ShouldBeNull();
        HealthCards.IsProvince(code).ShouldBeFalse();
    }

    [Fact]
    public void Checking_a_card_for_an_unknown_province_is_a_programming_error() =>
        Should.Throw<ArgumentException>(() => HealthCards.Check("XX", "9876543217", null));

    // ---------- Ontario ----------

    [Fact]
    public void Ontario_number_with_a_valid_check_digit_and_no_version_code_is_accepted()
    {
        var check = HealthCards.Check("ON", "9876543217", null);

        check.ShouldBe(new HealthCardCheck(true, "9876543217", null, null, null, null));
    }

    [Theory]
    [InlineData("A", "A")]
    [InlineData("AB", "AB")]
    [InlineData("ZZ", "ZZ")]
    [InlineData("ab", "AB")]
    [InlineData("k", "K")]
    [InlineData("  Xy ", "XY")]
    public void Ontario_version_code_of_one_or_two_letters_is_accepted_and_stored_upper_case(string versionCode, string stored)
    {
        var check = HealthCards.Check("ON", "9876543217", versionCode);

        check.IsValid.ShouldBeTrue();
        check.VersionCode.ShouldBe(stored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Blank_version_code_is_stored_as_none(string? versionCode)
    {
        var check = HealthCards.Check("ON", "9876543217", versionCode);

        check.IsValid.ShouldBeTrue();
        check.VersionCode.ShouldBeNull();
    }

    [Theory]
    [InlineData("9876 543 217")]
    [InlineData("9876-543-217")]
    [InlineData(" 9876 543-217 ")]
    [InlineData("98 76 54 32 17")]
    public void Spaces_and_hyphens_in_the_number_are_removed_before_it_is_checked_and_stored(string written)
    {
        var check = HealthCards.Check("ON", written, "ab");

        check.IsValid.ShouldBeTrue();
        check.Number.ShouldBe("9876543217");
        check.VersionCode.ShouldBe("AB");
    }

    [Theory]
    [InlineData("9876543210")]
    [InlineData("9876543218")]
    [InlineData("9876543271")]
    [InlineData("8976543217")]
    public void Ontario_number_with_a_wrong_check_digit_or_swapped_digits_is_refused(string number) =>
        ShouldFail(HealthCards.Check("ON", number, null), "number", "health_card_check_digit");

    [Theory]
    [InlineData("987654321")]
    [InlineData("98765432170")]
    [InlineData("")]
    public void Ontario_number_without_exactly_ten_digits_is_refused(string number)
    {
        var check = HealthCards.Check("ON", number, null);

        ShouldFail(check, "number", "id_number_format");
        check.Message.ShouldBe("An Ontario health number has 10 digits.");
    }

    [Theory]
    [InlineData("98765432A7")]
    [InlineData("9876543217AB")]
    [InlineData("987654321O")]
    [InlineData("9876543217.")]
    public void Ontario_number_with_letters_or_other_characters_is_refused(string number) =>
        ShouldFail(HealthCards.Check("ON", number, null), "number", "id_number_format");

    [Theory]
    [InlineData("ABC")]
    [InlineData("A B")]
    [InlineData("A-B")]
    public void Ontario_version_code_longer_than_two_letters_is_refused(string versionCode)
    {
        var check = HealthCards.Check("ON", "9876543217", versionCode);

        ShouldFail(check, "versionCode", "version_code_format");
        check.Message.ShouldBe("An Ontario version code is one or two letters.");
    }

    [Theory]
    [InlineData("A1")]
    [InlineData("12")]
    [InlineData("7")]
    [InlineData("É")]
    public void Ontario_version_code_with_digits_or_accented_letters_is_refused(string versionCode) =>
        ShouldFail(HealthCards.Check("ON", "9876543217", versionCode), "versionCode", "version_code_format");

    [Fact]
    public void A_wrong_number_is_reported_before_a_wrong_version_code() =>
        ShouldFail(HealthCards.Check("ON", "9876543218", "ABC"), "number", "health_card_check_digit");

    [Theory]
    [InlineData("123456789")]
    [InlineData("100000000")]
    [InlineData("555555555")]
    [InlineData("246813579")]
    [InlineData("400000001")]
    [InlineData("999999999")]
    public void Exactly_one_last_digit_completes_each_ontario_number_and_it_is_the_mod_10_check_digit(string firstNine)
    {
        var expected = OntarioCheckDigit(firstNine);

        HealthCards.Check("ON", firstNine + expected, null).IsValid.ShouldBeTrue();
        foreach (var other in Enumerable.Range(0, 10).Where(d => d != expected))
        {
            ShouldFail(HealthCards.Check("ON", firstNine + other, null), "number", "health_card_check_digit");
        }
    }

    [Theory]
    [InlineData("1234567897")]
    [InlineData("1000000008")]
    [InlineData("5555555555")]
    [InlineData("2468135799")]
    public void Generated_ontario_numbers_are_accepted(string number) =>
        HealthCards.Check("ON", number, "AA").IsValid.ShouldBeTrue();

    // ---------- British Columbia ----------

    [Theory]
    [InlineData("9698658215")]
    [InlineData("9698 658 215")]
    [InlineData("9000000018")]
    [InlineData("9000000111")]
    public void British_columbia_number_with_a_valid_mod_11_check_digit_is_accepted(string number)
    {
        var check = HealthCards.Check("BC", number, null);

        check.IsValid.ShouldBeTrue();
        check.Number.ShouldBe(number.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("9698648215")]
    [InlineData("9698658216")]
    [InlineData("9000000019")]
    public void British_columbia_number_with_a_wrong_check_digit_is_refused(string number) =>
        ShouldFail(HealthCards.Check("BC", number, null), "number", "health_card_check_digit");

    [Theory]
    [InlineData("5736504210")]
    [InlineData("1698658215")]
    [InlineData("969865821")]
    [InlineData("96986582150")]
    [InlineData("9736A04212")]
    public void British_columbia_number_not_of_ten_digits_starting_with_9_is_refused(string number)
    {
        var check = HealthCards.Check("BC", number, null);

        ShouldFail(check, "number", "id_number_format");
        check.Message.ShouldBe("A British Columbia personal health number has 10 digits and starts with 9.");
    }

    [Theory]
    [InlineData("900000000")]
    [InlineData("969865821")]
    [InlineData("912345678")]
    [InlineData("987654321")]
    [InlineData("900000001")]
    [InlineData("955555555")]
    public void British_columbia_check_digit_is_11_minus_the_weighted_sum_mod_11_and_some_numbers_have_none(string firstNine)
    {
        var expected = BritishColumbiaCheckDigit(firstNine);

        foreach (var last in Enumerable.Range(0, 10))
        {
            HealthCards.Check("BC", $"{firstNine}{last}", null).IsValid.ShouldBe(last == expected, $"last digit {last}");
        }
    }

    [Fact]
    public void British_columbia_number_whose_weighted_sum_leaves_no_remainder_cannot_be_completed() =>
        Enumerable.Range(0, 10).ShouldAllBe(last => !HealthCards.Check("BC", $"900000000{last}", null).IsValid);

    // ---------- Québec ----------

    [Theory]
    [InlineData("TEST54122816", "TEST54122816")]
    [InlineData("test 5412 2816", "TEST54122816")]
    [InlineData("ABCD-8501-0112", "ABCD85010112")]
    [InlineData("TREM 0012 3199", "TREM00123199")]
    public void Quebec_number_of_four_letters_and_eight_digits_with_a_real_birth_date_is_accepted(string written, string stored)
    {
        var check = HealthCards.Check("QC", written, null);

        check.IsValid.ShouldBeTrue();
        check.Number.ShouldBe(stored);
    }

    [Theory]
    [InlineData("ABCD85510112")]
    [InlineData("ABCD85620112")]
    [InlineData("ABCD85570712")]
    public void Quebec_number_with_a_month_from_51_to_62_for_a_woman_is_accepted(string number) =>
        HealthCards.Check("QC", number, null).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("ABCD85000112")]
    [InlineData("ABCD85130112")]
    [InlineData("ABCD85500112")]
    [InlineData("ABCD85630112")]
    [InlineData("ABCD85990112")]
    public void Quebec_number_with_an_impossible_month_is_refused(string number)
    {
        var check = HealthCards.Check("QC", number, null);

        ShouldFail(check, "number", "id_number_format");
        check.Message.ShouldNotBeNull().ShouldContain("birth month");
    }

    [Theory]
    [InlineData("ABCD85010012")]
    [InlineData("ABCD85013212")]
    [InlineData("ABCD85519912")]
    public void Quebec_number_with_an_impossible_day_is_refused(string number) =>
        ShouldFail(HealthCards.Check("QC", number, null), "number", "id_number_format");

    [Theory]
    [InlineData("ABC850101123")]
    [InlineData("ABCDE8501011")]
    [InlineData("ABCD8501011")]
    [InlineData("ABCD850101123")]
    [InlineData("1234ABCD5678")]
    [InlineData("ÉRIC85010112")]
    [InlineData("ABCD8501O112")]
    public void Quebec_number_not_of_four_letters_then_eight_digits_is_refused(string number)
    {
        var check = HealthCards.Check("QC", number, null);

        ShouldFail(check, "number", "id_number_format");
        check.Message.ShouldBe("A Québec health insurance number is 4 letters followed by 8 digits.");
    }

    // ---------- Provinces checked by length ----------

    [Theory]
    [InlineData("AB", "123456789", "12345678", "1234567890")]
    [InlineData("MB", "123456789", "12345678", "1234567890")]
    [InlineData("NB", "123456789", "12345678", "1234567890")]
    [InlineData("NL", "123456789012", "12345678901", "1234567890123")]
    [InlineData("NS", "1234567890", "123456789", "12345678901")]
    [InlineData("NU", "123456789", "12345678", "1234567890")]
    [InlineData("PE", "12345678", "1234567", "123456789")]
    [InlineData("SK", "123456789", "12345678", "1234567890")]
    [InlineData("YT", "123456789", "12345678", "1234567890")]
    [InlineData("NT", "N1234567", "N123456", "N12345678")]
    public void Other_provinces_accept_numbers_of_their_published_length_only(string code, string valid, string tooShort, string tooLong)
    {
        HealthCards.Check(code, valid, null).IsValid.ShouldBeTrue();
        ShouldFail(HealthCards.Check(code, tooShort, null), "number", "id_number_format");
        ShouldFail(HealthCards.Check(code, tooLong, null), "number", "id_number_format");
    }

    [Theory]
    [InlineData("AB", "12345-6789")]
    [InlineData("NL", "123 456 789 012")]
    [InlineData("PE", "1234 5678")]
    [InlineData("SK", "123-456-789")]
    public void Other_provinces_remove_spaces_and_hyphens_too(string code, string written)
    {
        var check = HealthCards.Check(code, written, null);

        check.IsValid.ShouldBeTrue();
        check.Number.ShouldBe(written.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AB", "12345678A")]
    [InlineData("MB", "A12345678")]
    [InlineData("NS", "12345X7890")]
    [InlineData("YT", "12345678.")]
    public void Other_provinces_refuse_letters_in_an_all_digit_number(string code, string number) =>
        ShouldFail(HealthCards.Check(code, number, null), "number", "id_number_format");

    [Theory]
    [InlineData("N1234567", "N1234567")]
    [InlineData("h1234567", "H1234567")]
    [InlineData("D 123 4567", "D1234567")]
    public void Northwest_territories_number_is_one_letter_then_seven_digits_stored_upper_case(string written, string stored)
    {
        var check = HealthCards.Check("NT", written, null);

        check.IsValid.ShouldBeTrue();
        check.Number.ShouldBe(stored);
    }

    [Theory]
    [InlineData("12345678")]
    [InlineData("NT123456")]
    [InlineData("1234567N")]
    public void Northwest_territories_number_without_its_leading_letter_is_refused(string number)
    {
        var check = HealthCards.Check("NT", number, null);

        ShouldFail(check, "number", "id_number_format");
        check.Message.ShouldBe("A Northwest Territories health number is one letter followed by 7 digits.");
    }

    [Theory]
    [InlineData("AB", "123456789")]
    [InlineData("BC", "9698658215")]
    [InlineData("MB", "123456789")]
    [InlineData("NB", "123456789")]
    [InlineData("NL", "123456789012")]
    [InlineData("NS", "1234567890")]
    [InlineData("NT", "N1234567")]
    [InlineData("NU", "123456789")]
    [InlineData("PE", "12345678")]
    [InlineData("QC", "TEST54122816")]
    [InlineData("SK", "123456789")]
    [InlineData("YT", "123456789")]
    public void Version_code_is_refused_for_every_province_but_ontario(string code, string number)
    {
        HealthCards.Check(code, number, null).IsValid.ShouldBeTrue();

        var check = HealthCards.Check(code, number, "AB");

        ShouldFail(check, "versionCode", "version_code_not_used");
        check.Message.ShouldBe($"{(code == "AB" ? "An" : "A")} {ProvinceNames[code]} health card has no version code.");
    }

    // ---------- Messages ----------

    [Theory]
    [InlineData("ON", "9876543218", null)]
    [InlineData("ON", "987654321", null)]
    [InlineData("ON", "9876 543 21A", null)]
    [InlineData("ON", "9876543217", "ABC")]
    [InlineData("BC", "9698648215", null)]
    [InlineData("BC", "5736504210", null)]
    [InlineData("QC", "ABCD85130112", null)]
    [InlineData("QC", "ABC850101123", null)]
    [InlineData("AB", "1234567890", null)]
    [InlineData("MB", "1234567890", null)]
    [InlineData("NB", "1234567890", null)]
    [InlineData("NL", "1234567890", null)]
    [InlineData("NS", "123456789", null)]
    [InlineData("NT", "123456789", null)]
    [InlineData("NU", "1234567890", null)]
    [InlineData("PE", "123456789", null)]
    [InlineData("SK", "1234567890", null)]
    [InlineData("YT", "1234567890", null)]
    [InlineData("SK", "123456789", "A")]
    public void Messages_name_the_province_and_never_repeat_the_number(string code, string number, string? versionCode)
    {
        var check = HealthCards.Check(code, number, versionCode);

        check.IsValid.ShouldBeFalse();
        var message = check.Message.ShouldNotBeNull();
        message.ShouldContain(ProvinceNames[code]);
        message.ShouldNotContain(number);
        for (var start = 0; start + 4 <= check.Number.Length; start++)
        {
            message.ShouldNotContain(check.Number.Substring(start, 4));
        }
    }

    [Fact]
    public void Accepted_cards_carry_no_error()
    {
        var check = HealthCards.Check("QC", "TEST54122816", null);

        check.ErrorField.ShouldBeNull();
        check.ErrorCode.ShouldBeNull();
        check.Message.ShouldBeNull();
    }

    private static void ShouldFail(HealthCardCheck check, string field, string code)
    {
        check.IsValid.ShouldBeFalse();
        check.ErrorField.ShouldBe(field);
        check.ErrorCode.ShouldBe(code);
        check.Message.ShouldNotBeNullOrWhiteSpace();
    }

    // Ontario's rule as the Ministry states it: double the 1st, 3rd, 5th, 7th and 9th digits, add the digits
    // of the products to the 2nd, 4th, 6th and 8th digits; the check digit brings the total to a multiple of 10.
    private static int OntarioCheckDigit(string firstNine)
    {
        var total = 0;
        for (var position = 1; position <= 9; position++)
        {
            var digit = firstNine[position - 1] - '0';
            total += position % 2 == 1 ? (digit * 2 / 10) + (digit * 2 % 10) : digit;
        }

        return (10 - (total % 10)) % 10;
    }

    // BC's rule: digits 2 to 9 weighted 2, 4, 8, 5, 10, 9, 7, 3, each product reduced mod 11; the check digit is
    // 11 minus the total mod 11, and a total leaving 0 or 1 gives no digit (-1 here).
    private static int BritishColumbiaCheckDigit(string firstNine)
    {
        int[] weights = [2, 4, 8, 5, 10, 9, 7, 3];
        var total = weights.Select((weight, i) => (firstNine[i + 1] - '0') * weight % 11).Sum();
        var check = 11 - (total % 11);
        return check <= 9 ? check : -1;
    }
}
