using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Observability.Training.Worker.Checkpoints;

/// <summary>
/// Checkpoints of one job: <c>step-N/</c> directories holding model and optimizer state, made visible atomically
/// (written under a temporary name, renamed, then <c>latest.json</c> replaced by rename), the two newest kept.
/// A crash mid-save leaves the previous checkpoint in force.
/// </summary>
internal sealed class CheckpointStore(string directory)
{
    private const string Latest = "latest.json";

    public long? LatestStep()
    {
        var path = Path.Combine(directory, Latest);
        if (!File.Exists(path))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var step = doc.RootElement.GetProperty("step").GetInt64();
        return Directory.Exists(StepDirectory(step)) ? step : null;
    }

    public void Save(long step, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        Directory.CreateDirectory(directory);
        var tmp = Path.Combine(directory, $".tmp-{step}-{Environment.ProcessId}");
        Directory.CreateDirectory(tmp);
        model.save(Path.Combine(tmp, "model.bin"));
        optimizer.save_state_dict(Path.Combine(tmp, "optimizer.bin"));
        var final = StepDirectory(step);
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(tmp, final);
        var latestTmp = Path.Combine(directory, Latest + ".tmp");
        File.WriteAllText(latestTmp, $"{{\"step\":{step}}}");
        File.Move(latestTmp, Path.Combine(directory, Latest), overwrite: true);
        foreach (var old in Directory.GetDirectories(directory, "step-*")
            .Select(d => (Dir: d, Step: long.TryParse(Path.GetFileName(d)[5..], out var s) ? s : -1))
            .Where(d => d.Step >= 0 && d.Step < step).OrderByDescending(d => d.Step).Skip(1))
        {
            Directory.Delete(old.Dir, recursive: true);
        }
    }

    public void Load(long step, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        model.load(Path.Combine(StepDirectory(step), "model.bin"));
        optimizer.load_state_dict(Path.Combine(StepDirectory(step), "optimizer.bin"));
    }

    private string StepDirectory(long step) => Path.Combine(directory, $"step-{step}");
}
