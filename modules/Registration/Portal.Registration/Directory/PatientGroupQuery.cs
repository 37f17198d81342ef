using Portal.Registration.Contracts;
using Portal.Registration.Features.SearchPatients;

namespace Portal.Registration.Directory;

/// <summary>The SQL condition of a <see cref="PatientGroupFilter"/>: the patient search's own reading of the search text, plus the group's filters.</summary>
internal sealed record PatientGroupQuery(string Where, SearchCriteria Criteria, PatientGroupFilter Filter)
{
    public static PatientGroupQuery From(PatientGroupFilter filter)
    {
        var criteria = SearchCriteria.From(filter.Search);
        var conditions = new List<string> { "p.clinic_id = @ClinicId" };
        if (filter.Active is { } active)
        {
            conditions.Add(active ? "p.active" : "not p.active");
        }

        if (filter.PortalAccess is { } access)
        {
            conditions.Add(access ? "p.portal_access" : "not p.portal_access");
        }

        if (filter.BornBefore is not null)
        {
            conditions.Add("p.date_of_birth < @bornBefore");
        }

        if (filter.BornOnOrAfter is not null)
        {
            conditions.Add("p.date_of_birth >= @bornOnOrAfter");
        }

        conditions.AddRange(criteria.Conditions());
        return new PatientGroupQuery(string.Join("\n  and ", conditions), criteria, filter);
    }

    public object Parameters(Guid clinicId, Guid? after, int limit) =>
        Criteria.Parameters(clinicId, more: new { after, limit, bornBefore = Filter.BornBefore, bornOnOrAfter = Filter.BornOnOrAfter });
}
