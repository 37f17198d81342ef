namespace Portal.Registration.Patients;

/// <summary>Which fields differ between two versions of a patient, by the names the JSON uses; never their values.</summary>
internal static class PatientChanges
{
    public static IReadOnlyList<string> Between(PatientRecord? before, PatientRecord after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        void Compare<T>(string name, Func<PatientRecord, T> value, IEqualityComparer<T>? comparer = null)
        {
            if (before is null ? !IsEmpty(value(after)) : !(comparer ?? EqualityComparer<T>.Default).Equals(value(before), value(after)))
            {
                changes.Add(name);
            }
        }

        Compare("chartNumber", p => p.ChartNumber);
        Compare("legalGivenName", p => p.LegalGivenName);
        Compare("legalFamilyName", p => p.LegalFamilyName);
        Compare("preferredName", p => p.PreferredName);
        Compare("dateOfBirth", p => p.DateOfBirth);
        Compare("sex", p => p.Sex);
        Compare("gender", p => p.Gender);
        Compare("address", p => p.Address);
        Compare("emails", p => p.Emails, Sequence<string>.Instance);
        Compare("mobiles", p => p.Mobiles, Sequence<string>.Instance);
        Compare("preferredContactMethod", p => p.PreferredContactMethod);
        Compare("preferredLanguage", p => p.PreferredLanguage);
        Compare("identifiers", p => p.Identifiers, Sequence<IdentifierFields>.Instance);
        Compare("active", p => p.Active);
        return changes;
    }

    private static bool IsEmpty<T>(T value) => value switch
    {
        null => true,
        System.Collections.ICollection { Count: 0 } => true,
        _ => false,
    };

    private sealed class Sequence<T> : IEqualityComparer<IReadOnlyList<T>>
    {
        public static readonly Sequence<T> Instance = new();

        public bool Equals(IReadOnlyList<T>? x, IReadOnlyList<T>? y) => x is null ? y is null : y is not null && x.SequenceEqual(y);

        public int GetHashCode(IReadOnlyList<T> obj) => obj.Count;
    }
}
