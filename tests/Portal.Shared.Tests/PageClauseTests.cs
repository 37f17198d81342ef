using Portal.Shared.Database;
using Shouldly;
using Xunit;

namespace Portal.Shared.Tests;

public sealed class PageClauseTests
{
    [Theory]
    [InlineData(1, 21)]
    [InlineData(20, 21)]
    [InlineData(21, 26)]
    [InlineData(25, 26)]
    [InlineData(26, 51)]
    [InlineData(50, 51)]
    [InlineData(51, 101)]
    [InlineData(100, 101)]
    public void A_page_reads_the_smallest_page_size_that_holds_it_and_one_row_more(int limit, int rows) =>
        PageClause.RowsToRead(limit).ShouldBe(rows);

    [Fact]
    public void The_limit_is_written_in_the_text_and_only_a_later_page_has_an_offset_parameter()
    {
        PageClause.Sql(25, 0).ShouldBe("limit 26");
        PageClause.Sql(7, 40).ShouldBe("limit 21 offset @Offset");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PageClause.MaxLimit + 1)]
    public void A_limit_outside_one_to_the_largest_page_is_a_mistake_of_the_caller(int limit) =>
        Should.Throw<ArgumentOutOfRangeException>(() => PageClause.RowsToRead(limit));
}
