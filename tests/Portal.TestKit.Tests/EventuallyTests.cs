namespace Portal.TestKit.Tests;

public sealed class EventuallyTests
{
    [Fact]
    public async Task It_asks_again_until_the_answer_is_the_expected_one_and_returns_it()
    {
        var asked = 0;

        var answer = await Eventually.ReturnsAsync(() => Task.FromResult(++asked), n => n == 3, n => $"stopped at {n}", every: TimeSpan.FromMilliseconds(1));

        answer.ShouldBe(3);
        asked.ShouldBe(3);
    }

    [Fact]
    public async Task It_fails_with_the_last_answer_once_its_patience_runs_out()
    {
        var asked = 0;

        var failure = await Should.ThrowAsync<TimeoutException>(() => Eventually.ReturnsAsync(
            () => Task.FromResult(++asked), _ => false, n => $"stopped at {n}", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(5)));

        failure.Message.ShouldBe($"stopped at {asked}");
        asked.ShouldBeGreaterThan(1);
    }
}
