using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Core.Options;
using Observability.Storage.Elasticsearch.Kibana;
using Observability.Storage.Tests.Elasticsearch.Support;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>The import request as Kibana's saved-objects API expects it, against a local server.</summary>
public sealed class KibanaImporterTests
{
    [Fact]
    public async Task Imports_all_files_in_one_multipart_request_with_overwrite_and_kbn_xsrf()
    {
        string? query = null, xsrf = null, auth = null, fileName = null, fileText = null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.Run(async ctx =>
        {
            query = ctx.Request.Path + ctx.Request.QueryString;
            xsrf = ctx.Request.Headers["kbn-xsrf"];
            auth = ctx.Request.Headers.Authorization;
            var form = await ctx.Request.ReadFormAsync();
            var file = form.Files["file"]!;
            fileName = file.FileName;
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            fileText = await reader.ReadToEndAsync();
            var count = fileText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync($$"""{"success":true,"successCount":{{count}},"successResults":[]}""");
        });
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var files = Directory.GetFiles(RepoPaths.Dashboards, "*.ndjson");
        var expected = files.Sum(f => File.ReadLines(f).Count(l => l.Trim().Length > 0));

        using var importer = new KibanaImporter(new KibanaOptions { Url = url, ApiKey = "secret-key", Space = "ops" });
        var result = await importer.ImportAsync(KibanaImporter.Bundle(files), CancellationToken.None);

        Assert.True(result.Success);
        Assert.Equal(expected, result.SuccessCount);
        Assert.Equal("/s/ops/api/saved_objects/_import?overwrite=true", query);
        Assert.False(string.IsNullOrEmpty(xsrf));
        Assert.Equal("ApiKey secret-key", auth);
        Assert.EndsWith(".ndjson", fileName, StringComparison.Ordinal);
        Assert.Equal(expected, fileText!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Options_name_the_missing_key()
    {
        var e = Assert.Throws<ObsConfigException>(() => new KibanaOptions().ApplyEnvironment(getVariable: _ => null).Validate());
        Assert.Equal("--kibana", e.Key);
        Assert.Contains(KibanaOptions.UrlVariable, e.Message, StringComparison.Ordinal);
    }
}
