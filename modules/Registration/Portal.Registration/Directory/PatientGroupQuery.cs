using Portal.Registration.Contracts;
using Portal.Registration.Features.SearchPatients;

namespace Portal.Registration.Directory;

/// <summary>The SQL condition of a <see cref="PatientGroupFilter"/>: the patient search's own reading of the search text, plus the group's filters.</summary>
internal sealed record PatientGroupQuery(string Where, SearchCriteria Criteria, PatientGroupFilter Filter)
{
    public static PatientGroupQuery From(PatientGroupFilter filter)
    {
        var criteria = SearchCriteria.From(filter.Search);
        var conditions = new List<string> { "p.clinic_id = @clinicId" };
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

        if (criteria.DateOfBirth is not null)
        {
            conditions.Add("p.date_of_birth = @dateOfBirth");
        }

        if (criteria.Email is not null)
        {
            conditions.Add("p.id in (select c.patient_id from registration.patient_contacts c where c.clinic_id = @clinicId and c.value = @email)");
        }

        if (criteria.Number is not null)
        {
            conditions.Add(
                """
                p.id in (select i.patient_id from registration.patient_identifiers i where i.clinic_id = @clinicId and i.number = @number
                         union select c.patient_id from registration.patient_contacts c where c.clinic_id = @clinicId and c.value = @phone
                         union select q.id from registration.patients q where q.clinic_id = @clinicId and q.chart_number = @chartNumber)
                """);
        }

        if (criteria.NameQuery is not null)
        {
            conditions.Add("p.name_search @@ to_tsquery('simple', @nameQuery)");
        }

        return new PatientGroupQuery(string.Join("\n  and ", conditions), criteria, filter);
    }

    public object Parameters(Guid clinicId, Guid? after, int limit) => new
    {
        clinicId,
        after,
        limit,
        bornBefore = Filter.BornBefore,
        bornOnOrAfter = Filter.BornOnOrAfter,
        dateOfBirth = Criteria.DateOfBirth,
        email = Criteria.Email,
        number = Criteria.Number,
        phone = Criteria.Phone ?? string.Empty,
        chartNumber = Criteria.ChartNumber,
        nameQuery = Criteria.NameQuery,
    };
}
