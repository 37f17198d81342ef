using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Portal.Questionnaires.Fhir;

/// <summary>FHIR R4 JSON in and out, strictly: unknown elements, wrong types and a wrong resourceType are refused with what was wrong.</summary>
internal static class FhirJson
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>The resource, or the reasons it could not be read (at most five, each one line).</summary>
    public static (T? Resource, IReadOnlyList<string> Problems) Parse<T>(string json)
        where T : Resource
    {
        try
        {
            var resource = Deserializer.Deserialize<T>(json);
            return resource is null ? (null, [$"The JSON is not a FHIR {typeof(T).Name}."]) : (resource, []);
        }
        catch (DeserializationFailedException e)
        {
            var problems = e.Exceptions.Select(x => x.Message).Distinct().Take(5).ToList();
            return (null, problems.Count == 0 ? [e.Message] : problems);
        }
        catch (FormatException e)
        {
            return (null, [e.Message]);
        }
        catch (InvalidCastException e)
        {
            return (null, [e.Message]);
        }
    }

    public static string Write(Resource resource) => Serializer.SerializeToString(resource);
}
