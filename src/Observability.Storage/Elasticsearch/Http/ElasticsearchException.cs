namespace Observability.Storage.Elasticsearch.Http;

/// <summary>
/// A request Elasticsearch did not complete. <see cref="IsTransient"/> tells the caller whether a retry of the
/// same batch may succeed (connection errors, 429, 5xx); otherwise it is a configuration or contract error.
/// </summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message)
        : base(message)
    {
    }

    public ElasticsearchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ElasticsearchException(string message, int? statusCode, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    public int? StatusCode { get; }

    public bool IsTransient { get; }
}
