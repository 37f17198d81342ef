using Portal.Shared.Results;

namespace Portal.Questionnaires.Fhir;

/// <summary>What is wrong, per place (a link id, or a part of the resource), each with a code a page can translate and a message for people.</summary>
internal sealed class ItemProblems
{
    private readonly Dictionary<string, List<(string Code, string Message)>> _byPlace = new(StringComparer.Ordinal);

    public bool Any => _byPlace.Count > 0;

    public IEnumerable<string> Codes => _byPlace.Values.SelectMany(v => v).Select(v => v.Code);

    public void Add(string place, string code, string message)
    {
        if (!_byPlace.TryGetValue(place, out var list))
        {
            _byPlace[place] = list = [];
        }

        if (!list.Exists(p => p.Code == code))
        {
            list.Add((code, message));
        }
    }

    /// <summary>A 400 with one field per place (the link id), so the page can put each message beside its question.</summary>
    public Error ToError(string code, string message) =>
        Error.Validation(code, message, _byPlace.ToDictionary(p => p.Key, p => p.Value.Select(v => v.Message).ToArray())) with
        {
            FieldCodes = _byPlace.ToDictionary(p => p.Key, p => p.Value.Select(v => v.Code).ToArray()),
        };
}
