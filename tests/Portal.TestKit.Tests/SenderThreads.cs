namespace Portal.TestKit.Tests;

/// <summary>
/// Parallel System.Net.Mail.SmtpClient sends (SendMailAsync included) stall while the thread pool is at its
/// minimum size: with more clients than pool threads, first sends wait for the pool to grow and can run into
/// their timeout. A test sending from many clients at once makes room first.
/// </summary>
internal static class SenderThreads
{
    public static void MakeRoomFor(int parallelClients)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = (parallelClients * 2) + Environment.ProcessorCount;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, Math.Max(completionPorts, wanted));
        }
    }
}
