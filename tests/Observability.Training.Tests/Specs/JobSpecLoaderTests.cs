using Observability.Training.Specs;
using Observability.Testing;

namespace Observability.Training.Tests.Specs;

public sealed class JobSpecLoaderTests
{
    [Fact]
    public void EveryExampleSpecLoads()
    {
        var dir = RepositoryRoot.Combine("examples", "jobs");
        var files = Directory.GetFiles(dir, "*.yml");
        Assert.True(files.Length >= 3);
        foreach (var f in files)
        {
            var spec = JobSpecLoader.LoadFile(f);
            Assert.False(string.IsNullOrEmpty(spec.Name));
        }
    }

    [Fact]
    public void AFullSpecParses()
    {
        var spec = JobSpecLoader.Parse("""
            name: tiny-transformer
            owner: ml-team
            model: { type: transformer, hidden: 16, layers: 1, heads: 2 }
            dataset: { type: sequence, samples: 512, features: 10, classes: 3, length: 6 }
            steps: 100
            batchSize: 32
            learningRate: 0.005
            optimizer: adamw
            worldSize: 2
            gpusPerRank: 1
            priority: 5
            maxRetries: 3
            timeout: 10m
            checkpointEvery: 25
            schedule: "0 0/30 * * * ?"
            """);
        Assert.Equal(("transformer", 2, 1, 5), (spec.Model.Type, spec.WorldSize, spec.GpusPerRank, spec.Priority));
        Assert.Equal(TimeSpan.FromMinutes(10), JobSpecLoader.ParseDuration(spec.Timeout));
    }

    [Theory]
    [InlineData("name: x\nsteps: 10\nworldSize: 0", "worldSize")]
    [InlineData("name: x\nsteps: 10\nmodel: { type: resnet }", "model.type")]
    [InlineData("name: x\nsteps: 10\noptimizer: lbfgs", "optimizer")]
    [InlineData("name: x", "steps")]
    [InlineData("name: x\nsteps: 10\ntimeout: soon", "timeout")]
    [InlineData("name: x\nsteps: 10\nschedule: every day", "schedule")]
    [InlineData("name: x\nsteps: 10\ndataset: { type: csv }", "dataset.path")]
    [InlineData("name: x\nsteps: 10\nmodel: { type: cnn }", "dataset.type")]
    [InlineData("name: x\nsteps: 10\nbatchSize: 2\nworldSize: 4", "batchSize")]
    [InlineData("name: x\nsteps: 10\nunknownKey: 1", "line 3")]
    [InlineData("steps: 10", "name")]
    public void ABadSpecNamesTheOffendingKey(string yaml, string key)
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpecLoader.Parse(yaml));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOversizedSpecIsRefused()
    {
        var e = Assert.Throws<JobSpecException>(() => JobSpecLoader.Parse("name: " + new string('x', JobSpecLoader.MaxSpecBytes)));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20ms", 20)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:03", 3000)]
    public void DurationsParse(string text, double ms)
    {
        Assert.True(JobSpecLoader.TryParseDuration(text, out var d));
        Assert.Equal(ms, d.TotalMilliseconds);
    }
}
