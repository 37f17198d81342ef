using System.Text;

namespace Portal.TestKit.Peers;

/// <summary>What a peer has received, in arrival order, with waits that wake on each arrival instead of polling.</summary>
internal sealed class Arrivals<T>(string pluralNoun)
    where T : class
{
    private readonly Lock _gate = new();
    private readonly List<T> _items = [];
    private TaskCompletionSource _arrival = NewSignal();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource arrival;
        lock (_gate)
        {
            _items.Add(item);
            arrival = _arrival;
            _arrival = NewSignal();
        }

        arrival.TrySetResult();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    /// <summary>The first item, received before or during the wait, that matches; TimeoutException listing what came otherwise.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var deadline = new CancellationTokenSource(timeout);
        var checkedUpTo = 0;
        while (true)
        {
            Task arrival;
            T[] fresh;
            lock (_gate)
            {
                arrival = _arrival.Task;
                checkedUpTo = Math.Min(checkedUpTo, _items.Count);
                fresh = [.. _items.Skip(checkedUpTo)];
                checkedUpTo = _items.Count;
            }

            var found = fresh.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (!await ArrivedInTimeAsync(arrival, deadline.Token))
            {
                throw new TimeoutException($"No {pluralNoun} matching the condition arrived within {Seconds(timeout)}. {Describe(Snapshot())}");
            }
        }
    }

    public async Task WaitForCountAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrival;
            int received;
            lock (_gate)
            {
                arrival = _arrival.Task;
                received = _items.Count;
            }

            if (received >= count)
            {
                return;
            }

            if (!await ArrivedInTimeAsync(arrival, deadline.Token))
            {
                throw new TimeoutException($"Expected {count} {pluralNoun} within {Seconds(timeout)} but {Count} arrived. {Describe(Snapshot())}");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Seconds(TimeSpan timeout) => $"{timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    private static async Task<bool> ArrivedInTimeAsync(Task arrival, CancellationToken deadline)
    {
        try
        {
            await arrival.WaitAsync(deadline);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Describe(IReadOnlyList<T> items)
    {
        if (items.Count == 0)
        {
            return "None arrived at all.";
        }

        const int Shown = 10;
        var text = new StringBuilder().Append(items.Count).Append(" arrived");
        if (items.Count > Shown)
        {
            text.Append(" (the last ").Append(Shown).Append(" shown)");
        }

        text.Append(':');
        foreach (var item in items.TakeLast(Shown))
        {
            text.Append(Environment.NewLine).Append("  ").Append(item);
        }

        return text.ToString();
    }
}
