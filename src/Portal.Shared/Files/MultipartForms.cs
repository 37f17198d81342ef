using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Portal.Shared.Results;

namespace Portal.Shared.Files;

/// <summary>Reads an upload endpoint's multipart/form-data body within that endpoint's limits; a body that is not one is a 4xx problem, never a 500.</summary>
public static class MultipartForms
{
    /// <param name="howToSend">What the 415 answer tells a caller that did not send multipart/form-data.</param>
    public static async Task<Result<IFormCollection>> ReadAsync(HttpRequest request, FormOptions limits, string howToSend, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasFormContentType || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Error.UnsupportedMediaType("multipart_required", howToSend);
        }

        try
        {
            return Result<IFormCollection>.Success(await new FormFeature(request, limits).ReadFormAsync(cancellationToken));
        }
        catch (Exception failure) when (failure is InvalidDataException || (failure is IOException && failure is not BadHttpRequestException))
        {
            return Error.Validation("malformed_form", "The form could not be read.");
        }
    }
}
