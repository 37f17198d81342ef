using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.TestKit.Tests;

/// <summary>One request as the receiving app saw it: the full URL, the form fields and the signature header.</summary>
internal sealed record ReceivedCallback(string Url, IReadOnlyList<KeyValuePair<string, string>> Form, string? Signature, string? ContentType, string? UserAgent);

/// <summary>A tiny Kestrel app standing where Portal's status-callback endpoint would be, keeping what it is sent.</summary>
internal sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedCallback> _received;

    private CallbackReceiver(WebApplication app, ConcurrentQueue<ReceivedCallback> received, Uri baseUrl)
    {
        _app = app;
        _received = received;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<ReceivedCallback> Received => [.. _received];

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var received = new ConcurrentQueue<ReceivedCallback>();
        app.Run(async context =>
        {
            var request = context.Request;
            var form = await request.ReadFormAsync();
            received.Enqueue(new ReceivedCallback(
                $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
                [.. form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? string.Empty)))],
                request.Headers["X-Twilio-Signature"].FirstOrDefault(),
                request.ContentType,
                request.Headers.UserAgent.FirstOrDefault()));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CallbackReceiver(app, received, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
