namespace Portal.Quarantine;

/// <summary>Uses another module's implementation instead of its Contracts: exactly what the module rule forbids.</summary>
public static class ReachesIntoSettings
{
    public static Type Target => typeof(Portal.Settings.SettingsModule);
}
