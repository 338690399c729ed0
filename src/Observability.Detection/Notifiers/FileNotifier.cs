using Observability.Core.Delivery;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>Appends each notification as one line of Alertmanager v4 JSON to a file (JSON Lines).</summary>
public sealed class FileNotifier : INotifier, IDisposable
{
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public FileNotifier(string receiver, string path, bool sendResolved = true)
    {
        Receiver = receiver;
        _path = Path.GetFullPath(path);
        SendResolved = sendResolved;
    }

    public string Receiver { get; }

    public string Integration => "file";

    public bool SendResolved { get; }

    public async Task NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var line = AlertmanagerPayload.Serialize(message);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await stream.WriteAsync(line, cancellationToken);
            stream.WriteByte((byte)'\n');
            await stream.FlushAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new DeliveryException($"file {_path}: {e.Message}", true, e);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
