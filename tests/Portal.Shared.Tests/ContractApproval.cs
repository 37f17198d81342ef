namespace Portal.Shared.Tests;

/// <summary>
/// How a deliberate change of the API's contract is accepted: run the contract tests with
/// <c>PORTAL_ACCEPT_CONTRACT=1</c>, which rewrites the committed files from the host, then review the diff.
/// </summary>
internal static class ContractApproval
{
    public const string AcceptVariable = "PORTAL_ACCEPT_CONTRACT";

    public static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    /// <summary>Compares, or with <see cref="AcceptVariable"/> set rewrites, a committed file; the failure message says which.</summary>
    public static async Task VerifyAsync(string approvedPath, string received, string receivedName, Func<string, string, string> difference)
    {
        if (Accepting)
        {
            await File.WriteAllTextAsync(approvedPath, received);
            return;
        }

        var approved = File.Exists(approvedPath) ? (await File.ReadAllTextAsync(approvedPath)).ReplaceLineEndings("\n") : "";
        if (received != approved)
        {
            var receivedPath = Path.Combine(AppContext.BaseDirectory, receivedName);
            await File.WriteAllTextAsync(receivedPath, received);
            Assert.Fail(
                $"The host differs from {approvedPath} (the host's version is in {receivedPath}). If the change is intended, "
                + $"run the tests of tests/Portal.Shared.Tests with {AcceptVariable}=1 and commit the rewritten file.\n"
                + difference(approved, received));
        }
    }
}
