using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Portal.TestKit.Peers;

namespace Portal.TestKit.Tests;

/// <summary>The stand-in against an HttpClient posting as Portal's SMS sender will: a form body with Basic auth.</summary>
public sealed class TwilioStandInTests
{
    private const string Patient = "+15145550123";
    private const string ClinicNumber = "+14385550199";
    private const string ServiceSid = "MG0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_message_posted_as_Portal_does_is_created_and_recorded()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", "Your appointment is confirmed."), ("StatusCallback", "https://portal.test/sms/status?clinic=erables")));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain($"\"to\":\"{Patient}\"", customMessage: "written as Twilio writes it, without \\u escapes");
        using var json = JsonDocument.Parse(text);
        var resource = json.RootElement;
        var sid = resource.GetProperty("sid").GetString()!;
        sid.ShouldMatch("^SM[0-9a-f]{32}$");
        resource.GetProperty("account_sid").GetString().ShouldBe(TwilioStandIn.AccountSid);
        resource.GetProperty("to").GetString().ShouldBe(Patient);
        resource.GetProperty("from").GetString().ShouldBe(ClinicNumber);
        resource.GetProperty("messaging_service_sid").ValueKind.ShouldBe(JsonValueKind.Null);
        resource.GetProperty("body").GetString().ShouldBe("Your appointment is confirmed.");
        resource.GetProperty("status").GetString().ShouldBe("queued");
        resource.GetProperty("num_segments").GetString().ShouldBe("1");
        resource.GetProperty("direction").GetString().ShouldBe("outbound-api");
        resource.GetProperty("api_version").GetString().ShouldBe("2010-04-01");
        resource.GetProperty("uri").GetString().ShouldBe($"/2010-04-01/Accounts/{TwilioStandIn.AccountSid}/Messages/{sid}.json");
        resource.GetProperty("price").ValueKind.ShouldBe(JsonValueKind.Null);
        resource.GetProperty("error_code").ValueKind.ShouldBe(JsonValueKind.Null);
        resource.GetProperty("error_message").ValueKind.ShouldBe(JsonValueKind.Null);
        var created = DateTimeOffset.ParseExact(resource.GetProperty("date_created").GetString()!, "ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        created.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        var message = await twilio.WaitForAsync(m => m.To == Patient, Patience);
        message.ShouldBe(twilio.Messages.Single());
        message.Sid.ShouldBe(sid);
        message.From.ShouldBe(ClinicNumber);
        message.MessagingServiceSid.ShouldBeNull();
        message.Body.ShouldBe("Your appointment is confirmed.");
        message.StatusCallback!.OriginalString.ShouldBe("https://portal.test/sms/status?clinic=erables");
        twilio.Rejections.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_message_through_a_messaging_service_is_accepted_without_a_sender_yet()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await PostAsync(http, twilio, Form(("To", Patient), ("MessagingServiceSid", ServiceSid), ("Body", "Rappel : rendez-vous demain à 9 h.")));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("status").GetString().ShouldBe("accepted");
        json.RootElement.GetProperty("from").ValueKind.ShouldBe(JsonValueKind.Null);
        json.RootElement.GetProperty("messaging_service_sid").GetString().ShouldBe(ServiceSid);
        json.RootElement.GetProperty("num_segments").GetString().ShouldBe("0");
        var message = twilio.Messages.Single();
        message.MessagingServiceSid.ShouldBe(ServiceSid);
        message.From.ShouldBeNull();
        message.Body.ShouldBe("Rappel : rendez-vous demain à 9 h.");
    }

    [Theory]
    [InlineData("Short and plain GSM text.", "1")]
    [InlineData("Deux messages: 9 h – un tiret demi-cadratin force l'UCS-2 et ce texte fait plus de soixante-dix caractères.", "2")]
    public async Task Segments_are_counted_as_Twilio_bills_them(string body, string segments)
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", body)));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("num_segments").GetString().ShouldBe(segments);
    }

    [Fact]
    public async Task A_long_gsm_body_takes_153_characters_a_segment()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        using var at160 = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", new string('a', 160))));
        using var at161 = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", new string('a', 161))));
        using var at1600 = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", new string('a', 1600))));

        (await SegmentsAsync(at160)).ShouldBe("1");
        (await SegmentsAsync(at161)).ShouldBe("2");
        (await SegmentsAsync(at1600)).ShouldBe("11");
    }

    public static TheoryData<string, string[], int, int> InvalidRequests => new()
    {
        { "no To", ["From", ClinicNumber, "Body", "hi"], 400, 21604 },
        { "empty To", ["To", string.Empty, "From", ClinicNumber, "Body", "hi"], 400, 21604 },
        { "To without +", ["To", "5145550123", "From", ClinicNumber, "Body", "hi"], 400, 21211 },
        { "To with spaces", ["To", "+1 514 555 0123", "From", ClinicNumber, "Body", "hi"], 400, 21211 },
        { "To too long", ["To", "+1234567890123456", "From", ClinicNumber, "Body", "hi"], 400, 21211 },
        { "neither From nor service", ["To", Patient, "Body", "hi"], 400, 21603 },
        { "both From and service", ["To", Patient, "From", ClinicNumber, "MessagingServiceSid", ServiceSid, "Body", "hi"], 400, 21606 },
        { "malformed service sid", ["To", Patient, "MessagingServiceSid", "MG123", "Body", "hi"], 400, 21705 },
        { "no Body", ["To", Patient, "From", ClinicNumber], 400, 21602 },
        { "empty Body", ["To", Patient, "From", ClinicNumber, "Body", string.Empty], 400, 21602 },
        { "Body over 1600", ["To", Patient, "From", ClinicNumber, "Body", new string('a', 1601)], 400, 21617 },
        { "relative StatusCallback", ["To", Patient, "From", ClinicNumber, "Body", "hi", "StatusCallback", "/sms/status"], 400, 21609 },
        { "ftp StatusCallback", ["To", Patient, "From", ClinicNumber, "Body", "hi", "StatusCallback", "ftp://portal.test/status"], 400, 21609 },
        { "lower-case names", ["to", Patient, "from", ClinicNumber, "body", "hi"], 400, 21604 },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_is_refused_with_Twilio_status_and_code(string why, string[] fields, int status, int code)
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await PostAsync(http, twilio, Form([.. fields.Chunk(2).Select(pair => (pair[0], pair[1]))]));

        await ShouldBeTwilioErrorAsync(response, status, code, why);
        twilio.Messages.ShouldBeEmpty(why);
        var rejection = twilio.Rejections.Single();
        rejection.Status.ShouldBe(status);
        rejection.Code.ShouldBe(code);
        rejection.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_body_of_exactly_1600_characters_is_accepted()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        using var response = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", new string('é', 1600))));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_json_body_is_not_read_as_parameters()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, twilio.MessagesUrl)
        {
            Content = new StringContent($"{{\"To\":\"{Patient}\",\"From\":\"{ClinicNumber}\",\"Body\":\"hi\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = BasicAuth(TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);

        using var response = await http.SendAsync(request);

        await ShouldBeTwilioErrorAsync(response, 400, 21604, "Twilio reads form parameters only");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(TwilioStandIn.AccountSid, "0000000000000000000000000000000f")]
    [InlineData("AC00000000000000000000000000000000", TwilioStandIn.AuthToken)]
    public async Task Wrong_or_missing_credentials_are_refused_401(string? user, string? password)
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, twilio.MessagesUrl) { Content = Form(("To", Patient), ("From", ClinicNumber), ("Body", "hi")) };
        if (user is not null)
        {
            request.Headers.Authorization = BasicAuth(user, password!);
        }

        using var response = await http.SendAsync(request);

        await ShouldBeTwilioErrorAsync(response, 401, 20003, "credentials");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic");
        twilio.Messages.ShouldBeEmpty();
        twilio.Rejections.Single().Code.ShouldBe(20003);
    }

    [Fact]
    public async Task Another_account_in_the_path_is_not_found_404()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(twilio.BaseUrl, "/2010-04-01/Accounts/AC99999999999999999999999999999999/Messages.json"))
        {
            Content = Form(("To", Patient), ("From", ClinicNumber), ("Body", "hi")),
        };
        request.Headers.Authorization = BasicAuth(TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);

        using var response = await http.SendAsync(request);

        await ShouldBeTwilioErrorAsync(response, 404, 20404, "account in the path");
        twilio.Messages.ShouldBeEmpty();
    }

    [Fact]
    public async Task Other_paths_and_methods_answer_as_Twilio_does()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        using var unknown = await http.GetAsync(new Uri(twilio.BaseUrl, "/2010-04-01/Accounts/" + TwilioStandIn.AccountSid + "/Calls.json"));
        using var get = await http.GetAsync(twilio.MessagesUrl);

        await ShouldBeTwilioErrorAsync(unknown, 404, 20404, "unknown resource");
        await ShouldBeTwilioErrorAsync(get, 405, 20004, "only create is served");
    }

    [Fact]
    public async Task A_server_failure_answers_every_request_with_its_status_and_json()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();
        twilio.Failure = new TwilioFailure(500, 20500, "Internal Server Error");

        using var first = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", "hi")));
        using var malformed = await PostAsync(http, twilio, Form(("Body", "no To")));

        await ShouldBeTwilioErrorAsync(first, 500, 20500, "failure set");
        await ShouldBeTwilioErrorAsync(malformed, 500, 20500, "the failure comes before validation");
        first.Headers.RetryAfter.ShouldBeNull();
        twilio.Messages.ShouldBeEmpty();
        twilio.Rejections.ShouldBeEmpty();

        twilio.Failure = null;
        using var after = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", "hi")));
        after.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Throttling_answers_429_with_retry_after()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();
        twilio.Failure = new TwilioFailure(429, 20429, "Too Many Requests", TimeSpan.FromSeconds(1.2));

        using var response = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", "hi")));

        await ShouldBeTwilioErrorAsync(response, 429, 20429, "throttled");
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_forced_invalid_number_failure_reads_like_the_real_one()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();
        twilio.Failure = new TwilioFailure(400, 21211, "The 'To' number +15005550001 is not a valid phone number.");

        using var response = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", "hi")));

        var error = await ShouldBeTwilioErrorAsync(response, 400, 21211, "forced");
        error.GetProperty("message").GetString().ShouldBe("The 'To' number +15005550001 is not a valid phone number.");
    }

    [Fact]
    public async Task A_delay_slows_each_answer()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();
        twilio.Delay = TimeSpan.FromMilliseconds(300);

        var clock = Stopwatch.StartNew();
        using var response = await PostAsync(http, twilio, Form(("To", Patient), ("From", ClinicNumber), ("Body", "hi")));

        clock.Elapsed.ShouldBeGreaterThanOrEqualTo(twilio.Delay);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Waiting_sees_messages_from_parallel_senders_and_times_out_usefully()
    {
        await using var twilio = await TwilioStandIn.StartAsync();
        using var http = new HttpClient();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await PostAsync(http, twilio, Form(("To", $"+1514555{i:0000}"), ("From", ClinicNumber), ("Body", $"Code {i}")));
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
        }));

        await twilio.WaitForCountAsync(20, Patience);
        (await twilio.WaitForAsync(m => m.Body == "Code 7", Patience)).To.ShouldBe("+15145550007");
        twilio.Messages.Select(m => m.Sid).Distinct().Count().ShouldBe(20);
        var timeout = await Should.ThrowAsync<TimeoutException>(() => twilio.WaitForAsync(m => m.Body == "Code 99", TimeSpan.FromMilliseconds(200)));
        timeout.Message.ShouldContain("20 arrived");

        twilio.Clear();
        twilio.Messages.ShouldBeEmpty();
        await Should.ThrowAsync<TimeoutException>(() => twilio.WaitForCountAsync(1, TimeSpan.FromMilliseconds(100)));
    }

    internal static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    internal static AuthenticationHeaderValue BasicAuth(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient http, TwilioStandIn twilio, HttpContent form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(twilio.BaseUrl, $"/2010-04-01/Accounts/{TwilioStandIn.AccountSid}/Messages.json")) { Content = form };
        request.Headers.Authorization = BasicAuth(TwilioStandIn.AccountSid, TwilioStandIn.AuthToken);
        return await http.SendAsync(request);
    }

    private static async Task<string> SegmentsAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("num_segments").GetString()!;
    }

    /// <summary>Checks Twilio's error shape: {"code", "message", "more_info", "status"}; returns the body.</summary>
    private static async Task<JsonElement> ShouldBeTwilioErrorAsync(HttpResponseMessage response, int status, int code, string why)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, $"{why}: {text}");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var error = JsonDocument.Parse(text).RootElement.Clone();
        error.EnumerateObject().Select(p => p.Name).ShouldBe(["code", "message", "more_info", "status"], ignoreOrder: true);
        error.GetProperty("code").GetInt32().ShouldBe(code, why);
        error.GetProperty("status").GetInt32().ShouldBe(status, why);
        error.GetProperty("more_info").GetString().ShouldBe($"https://www.twilio.com/docs/errors/{code}");
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        return error;
    }
}
