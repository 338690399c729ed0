using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace Observability.Cli.Up;

/// <summary>
/// <c>obs up --demo</c>: appends a realistic log stream of a small GPU training cluster (scheduler, trainer ranks,
/// NCCL, data loaders, GPU health) to <c>&lt;data&gt;/demo/cluster.log</c>, which the agent tails like any other file.
/// Deterministic (seeded) so two runs tell the same story; about <see cref="UpSettings.DemoRate"/> lines a second.
/// </summary>
public sealed class DemoLogWriter : BackgroundService
{
    private static readonly string[] Nodes = ["gpu-node-01", "gpu-node-02", "gpu-node-03", "gpu-node-04"];
    private static readonly string[] Jobs = ["llama-7b-sft", "resnet50-ddp", "bert-large-pretrain"];
    private readonly string _path;
    private readonly int _rate;
    private readonly TimeProvider _time;
    private readonly Random _random = new(20261126);
    private readonly Dictionary<string, (int Epoch, int Step, double Loss)> _progress = [];
    private long _written;

    public DemoLogWriter(string dataDirectory, int rate, TimeProvider time)
    {
        _path = PathIn(dataDirectory);
        _rate = Math.Max(1, rate);
        _time = time;
        foreach (var job in Jobs)
        {
            _progress[job] = (0, 0, 2.5 + _random.NextDouble());
        }
    }

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "demo", "cluster.log");

    public static string GlobIn(string dataDirectory) => Path.Combine(dataDirectory, "demo", "*.log");

    public long Written => Interlocked.Read(ref _written);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        await using var writer = new StreamWriter(file, new UTF8Encoding(false)) { AutoFlush = false, NewLine = "\n" };
        var tick = TimeSpan.FromMilliseconds(100);
        var perTick = Math.Max(1, _rate / 10);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                for (var i = 0; i < perTick; i++)
                {
                    await writer.WriteLineAsync(NextLine(_time.GetUtcNow()));
                    Interlocked.Increment(ref _written);
                }

                await writer.FlushAsync(stoppingToken);
                await Task.Delay(tick, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One line in the training workers' layout, <c>&lt;ISO time&gt; &lt;LEVEL&gt; &lt;process&gt;[&lt;pid&gt;] &lt;host&gt; &lt;message&gt;</c>,
    /// which <c>pipelines/30-training.yml</c> parses (level, process, host, <c>key=value</c> metrics as <c>training.*</c>).
    /// </summary>
    internal string NextLine(DateTimeOffset now)
    {
        var ts = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var nodeIndex = _random.Next(Nodes.Length);
        var node = Nodes[nodeIndex];
        var job = Jobs[_random.Next(Jobs.Length)];
        var rank = _random.Next(8);
        var roll = _random.Next(1000);
        var (epoch, step, loss) = _progress[job];
        string P(string process, int offset) => $"{process}[{1000 + (nodeIndex * 100) + offset}] {node}";
        return roll switch
        {
            < 600 => Step(),
            < 700 => F($"{ts} INFO  {P("dataloader", 10 + rank)} job={job} rank={rank} worker={_random.Next(8)} prefetched={_random.Next(2, 16)} wait_ms={_random.Next(0, 40)}"),
            < 780 => F($"{ts} INFO  {P("gpu-monitor", 50)} gpu={rank} util={0.55 + (_random.NextDouble() * 0.45):0.00} mem_used_mib={_random.Next(30000, 79000)} temp_c={_random.Next(55, 84)} power_w={_random.Next(250, 700)}"),
            < 840 => F($"{ts} INFO  scheduler[900] scheduler-01 job={job} state=running ranks=8 nodes={Nodes.Length} queue_depth={_random.Next(0, 5)}"),
            < 880 => F($"{ts} WARN  {P("dataloader", 10 + rank)} job={job} rank={rank} slow batch: wait_ms={_random.Next(200, 2500)} (input pipeline stall)"),
            < 910 => F($"{ts} WARN  {P("trainer", rank)} NCCL WARN Call to ibv_poll_cq took {_random.Next(5, 60)} ms, retrying allreduce job={job} rank={rank}"),
            < 930 => F($"{ts} WARN  {P("gpu-monitor", 50)} gpu={rank} temp_c={_random.Next(85, 92)} thermal throttling: clocks reduced to {_random.Next(1100, 1400)} MHz"),
            < 945 => F($"{ts} ERROR {P("trainer", rank)} CUDA out of memory. Tried to allocate {_random.Next(1, 8)}.{_random.Next(10, 99)} GiB (GPU {rank}; 79.15 GiB total capacity) job={job} rank={rank}"),
            < 955 => F($"{ts} ERROR {P("trainer", rank)} Watchdog caught collective operation timeout: WorkNCCL(SeqNum={step}, OpType=ALLREDUCE, Timeout(ms)=1800000) job={job} rank={rank}"),
            < 962 => F($"{ts} ERROR {P("kernel", 0)} NVRM: Xid (PCI:0000:{_random.Next(16, 99):x2}:00): 79, pid={_random.Next(2000, 9000)}, GPU has fallen off the bus"),
            < 975 => F($"{ts} INFO  scheduler[900] scheduler-01 job={job} checkpoint saved step={step} path=/ckpt/{job}/step-{step:D7}.pt size_mb={_random.Next(900, 14000)}"),
            < 990 => F($"{ts} INFO  {P("trainer", rank)} job={job} rank={rank} epoch={epoch} finished val_loss={loss * 1.05:0.0000} val_acc={Math.Min(0.99, 1 - (loss / 4)):0.000}"),
            _ => F($"{ts} WARN  scheduler[900] scheduler-01 job={job} rank={rank} heartbeat missed for {_random.Next(10, 45)} s on {node}, marking rank suspect"),
        };

        string Step()
        {
            step++;
            loss = Math.Max(0.05, loss * (0.9995 + ((_random.NextDouble() - 0.5) * 0.002)));
            if (step % 500 == 0)
            {
                epoch++;
            }

            _progress[job] = (epoch, step, loss);
            return F($"{ts} INFO  {P("trainer", rank)} job={job} rank={rank} epoch={epoch} step={step} loss={loss:0.00000} lr={3e-4 * Math.Pow(0.99, epoch):0.0e+0} samples_per_s={_random.Next(600, 950)}.{_random.Next(10)} step_ms={_random.Next(180, 420)}");
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
