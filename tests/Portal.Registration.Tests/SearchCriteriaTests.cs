using Portal.Registration.Features.SearchPatients;

namespace Portal.Registration.Tests;

public sealed class SearchCriteriaTests
{
    [Theory]
    [InlineData("", "all")]
    [InlineData("Tremblay", "name")]
    [InlineData("Côté-Lefebvre", "name")]
    [InlineData("1984-03-09", "dateOfBirth")]
    [InlineData("Camille@Example.com", "email")]
    [InlineData("1234 567 890", "identifier")]
    [InlineData("1234567890", "identifier")]
    [InlineData("9004 170 222", "identifier")]
    [InlineData("A-1001", "identifier")]
    [InlineData("H00042", "identifier")]
    [InlineData("613 555 0123", "phone")]
    [InlineData("(613) 555-0123", "phone")]
    [InlineData("613.555.0123", "phone")]
    [InlineData("+1 613 555 0123", "phone")]
    [InlineData("+33 1 23 45 67 89", "phone")]
    public void The_search_box_text_decides_what_is_looked_up(string text, string matchedBy) =>
        SearchCriteria.From(text).MatchedBy.ShouldBe(matchedBy, text);

    [Fact]
    public void Ten_digits_are_looked_up_both_as_an_identifier_and_as_a_phone_number()
    {
        var criteria = SearchCriteria.From("613 555 0123");

        criteria.Number.ShouldBe("6135550123");
        criteria.Phone.ShouldBe("+16135550123");
    }

    [Fact]
    public void Name_words_become_a_prefix_query_with_accents_and_operators_removed()
    {
        SearchCriteria.From("Côté-Lef").NameWords.ShouldBe(["cote", "lef"]);
        SearchCriteria.From("a & b | !c:*").NameWords.ShouldBe(["a", "b", "c"]);
        SearchCriteria.From("&|!").MatchedBy.ShouldBe("all");
    }
}
