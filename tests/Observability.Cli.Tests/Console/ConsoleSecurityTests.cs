using System.Net;
using System.Text;
using Observability.Api.Query;
using Observability.Cli.Up.WebConsole;

namespace Observability.Cli.Tests.Console;

/// <summary>The console's token rules over real HTTP: nothing without the token, the login cookie's flags, hostile input kept as data.</summary>
public sealed class ConsoleSecurityTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/" },
        { "GET", "/console/" },
        { "GET", "/console/app.js" },
        { "GET", "/console/app.css" },
        { "GET", "/console/index.html" },
        { "GET", "/api/console/jobs" },
        { "GET", "/api/console/jobs/" + ConsoleFixture.JobId },
        { "GET", "/api/console/dashboards" },
        { "GET", "/api/console/dashboards/cluster-overview" },
        { "GET", "/api/console/reports" },
        { "GET", "/api/console/reports/daily" },
        { "GET", "/api/console/surrounding?at=2026-01-01T00:00:00Z&host=a" },
        { "GET", "/api/console/tail?q=" },
        { "GET", "/api/search?q=*" },
        { "POST", "/api/search" },
        { "POST", "/api/histogram" },
        { "POST", "/api/top" },
        { "GET", "/api/alerts" },
        { "GET", "/api/alerts/acknowledged" },
        { "POST", "/api/alerts/ack" },
        { "GET", "/api/silences" },
        { "POST", "/api/silences" },
        { "POST", "/api/reports/run" },
        { "GET", "/no/such/page" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_page_and_endpoint_answers_401_without_the_token(string method, string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        using var bare = await client.SendAsync(Request(method, path));
        using var wrongCookie = Request(method, path);
        wrongCookie.Headers.Add("Cookie", $"{ConsoleAuth.CookieName}=0123456789abcdef0123456789abcdef");
        using var wrong = await client.SendAsync(wrongCookie);

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task The_login_link_sets_an_http_only_strict_cookie_that_opens_the_console()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(fixture.BaseUrl) };

        using var refused = await client.GetAsync(new Uri(fixture.BaseUrl + "/login?token=not-the-token"));
        using var login = await client.GetAsync(new Uri(fixture.LoginUrl));
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        using var page = new HttpRequestMessage(HttpMethod.Get, "/console/");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var console = await client.SendAsync(page);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/console/", login.Headers.Location?.OriginalString);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Contains("script-src 'self'", console.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"; DROP TABLE logs; --")]
    [InlineData("message:\"'; DROP TABLE logs; --\"")]
    [InlineData("field'name:x")]
    public async Task Hostile_queries_from_the_page_are_rejected_or_matched_as_data(string kql)
    {
        using var client = Authorised();
        using var search = await client.PostAsync(new Uri(fixture.BaseUrl + QueryApiProtocol.SearchPath), Json($"{{\"query\":{System.Text.Json.JsonSerializer.Serialize(kql)},\"limit\":5}}"));
        using var count = await client.PostAsync(new Uri(fixture.BaseUrl + QueryApiProtocol.SearchPath), Json("{\"query\":\"\",\"count_only\":true}"));
        var body = await search.Content.ReadAsStringAsync();

        Assert.True(search.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{search.StatusCode}: {body}");
        if (search.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("\"total\":0", body, StringComparison.Ordinal); // no line holds that text
        }

        Assert.Contains("\"total\":", await count.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the table is still there
        Assert.DoesNotContain("\"total\":0,", await count.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("field'name")]
    [InlineData("host.name\"; DROP TABLE logs; --")]
    [InlineData("a) FROM logs; --")]
    public async Task Hostile_field_names_from_the_sidebar_are_rejected_or_looked_up_as_data(string field)
    {
        using var client = Authorised();
        using var top = await client.PostAsync(new Uri(fixture.BaseUrl + QueryApiProtocol.TopPath),
            Json($"{{\"query\":\"\",\"field\":{System.Text.Json.JsonSerializer.Serialize(field)},\"size\":5}}"));
        var body = await top.Content.ReadAsStringAsync();
        using var count = await client.PostAsync(new Uri(fixture.BaseUrl + QueryApiProtocol.SearchPath), Json("{\"query\":\"\",\"count_only\":true}"));

        // Refused as no field name, or taken as a JSON path parameter that no document has: never part of the SQL text.
        Assert.True(top.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{top.StatusCode}: {body}");
        if (top.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("\"buckets\":[]", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"total\":0,", await count.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the logs table is intact
    }

    [Fact]
    public async Task Surrounding_lines_match_a_hostile_path_as_data()
    {
        using var client = Authorised();
        var path = Uri.EscapeDataString("/var/log/x\" or host.name:* or \"'; DROP TABLE logs; --");
        using var around = await client.GetAsync(new Uri($"{fixture.BaseUrl}{DiscoverApi.SurroundingPath}?at={Uri.EscapeDataString(fixture.Now.ToString("O"))}&path={path}"));
        var body = await around.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, around.StatusCode);
        Assert.Contains("\"hits\":[]", body, StringComparison.Ordinal);
    }

    private HttpClient Authorised()
    {
        var client = new HttpClient();
        client.DefaultRequestHeaders.Add(QueryApiProtocol.TokenHeader, fixture.Up.Instance!.Token);
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? Json("{\"query\":\"\"}") : null,
    };
}
