using System.Globalization;
using Observability.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Observability.Training.Worker.Data;

/// <summary>Seeded synthetic datasets (identical in every rank, every run) and CSV files.</summary>
internal static class DatasetFactory
{
    public static TrainingData Create(DatasetSpec spec)
    {
        var g = new Generator((ulong)spec.Seed);
        int n = spec.Samples, f = spec.Features, c = spec.Classes, l = spec.Length;
        switch (spec.Type)
        {
            case "regression":
            {
                var x = torch.randn([n, f], generator: g);
                using var w = torch.randn([f, 1], generator: g);
                using var noise = torch.randn([n, 1], generator: g);
                return new TrainingData(x, x.matmul(w) + (noise * 0.1), 0);
            }

            case "classification":
            {
                var x = torch.randn([n, f], generator: g);
                using var w = torch.randn([f, c], generator: g);
                return new TrainingData(x, x.matmul(w).argmax(1), c);
            }

            case "images":
            {
                // Each class has its own pattern; an image is its class's pattern plus noise.
                using var patterns = torch.randn([c, 1, l, l], generator: g);
                var y = torch.randint(0, c, [n], generator: g);
                using var noise = torch.randn([n, 1, l, l], generator: g);
                return new TrainingData(patterns.index_select(0, y) + (noise * 0.5), y, c);
            }

            case "sequence":
            {
                // Tokens 0..features-1; the label is the most frequent token class (token mod classes).
                var tokens = torch.randint(0, f, [n, l], generator: g);
                using var cls = tokens.remainder(c);
                using var onehot = torch.nn.functional.one_hot(cls, c);
                var y = onehot.sum(1).argmax(1);
                return new TrainingData(tokens, y, c);
            }

            case "csv":
                return ReadCsv(spec.Path!, spec.Target!);
            default:
                throw new ArgumentException($"dataset.type '{spec.Type}' is not supported");
        }
    }

    /// <summary>Numeric CSV with a header row: every column but <paramref name="target"/> is a feature (regression).</summary>
    public static TrainingData ReadCsv(string path, string target)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty")).Split(',').Select(h => h.Trim()).ToArray();
        var t = Array.IndexOf(header, target);
        if (t < 0)
        {
            throw new InvalidDataException($"{path} has no column '{target}' (dataset.target)");
        }

        var xs = new List<float>();
        var ys = new List<float>();
        var line = 1;
        while (reader.ReadLine() is { } row)
        {
            line++;
            if (row.Length == 0)
            {
                continue;
            }

            var cells = row.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"{path} line {line}: {cells.Length} columns, the header has {header.Length}");
            }

            for (var i = 0; i < cells.Length; i++)
            {
                if (!float.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    throw new InvalidDataException($"{path} line {line}, column '{header[i]}': '{cells[i]}' is not a number");
                }

                (i == t ? ys : xs).Add(v);
            }
        }

        if (ys.Count == 0)
        {
            throw new InvalidDataException($"{path} has no data rows");
        }

        var x = torch.tensor(xs.ToArray(), [ys.Count, header.Length - 1]);
        var y = torch.tensor(ys.ToArray(), [ys.Count, 1]);
        return new TrainingData(x, y, 0);
    }
}
