using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Observability.Api;

/// <summary>Writes a JSON answer straight to the response with a <see cref="Utf8JsonWriter"/> (the shared protocol writers, ECS documents).</summary>
public sealed class JsonHttpResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(httpContext.Response.Body);
        write(w);
        await w.FlushAsync(httpContext.RequestAborted);
    }
}
