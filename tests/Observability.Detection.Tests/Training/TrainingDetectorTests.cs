using Observability.Core.Documents;
using Observability.Detection.Training;

namespace Observability.Detection.Tests.Training;

public sealed class TrainingDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static EcsDocument Step(int rank, int step, double loss, double stepMs)
    {
        var d = new EcsDocument();
        d.Set(EcsFields.Timestamp, T0.AddSeconds(step * 10));
        d.Set(EcsFields.HostName, $"node{rank / 4}");
        d.Set("training.job.id", "job-1");
        d.Set("training.rank", (long)rank);
        d.Set("training.step", (long)step);
        d.Set("training.loss", loss);
        d.Set("training.step.duration_ms", stepMs);
        return d;
    }

    [Fact]
    public void Nan_loss_spikes_stragglers_and_step_time_regressions_are_found_with_explanations()
    {
        var detector = new TrainingDetector();
        var rng = new Random(1);
        var found = new List<Observability.Detection.Anomalies.Anomaly>();
        for (var step = 0; step < 200; step++)
        {
            for (var rank = 0; rank < 8; rank++)
            {
                var loss = (2.0 * Math.Exp(-step / 300.0)) * (1 + (0.02 * rng.NextDouble()));
                if (rank == 0 && step == 120)
                {
                    loss *= 10;
                }

                if (rank == 1 && step == 150)
                {
                    loss = double.NaN;
                }

                var ms = 500 + (10 * rng.NextDouble());
                if (rank == 5 && step >= 100)
                {
                    ms *= 2; // a straggler, and a regression against its own baseline
                }

                found.AddRange(detector.Observe(Step(rank, step, loss, ms), T0));
            }
        }

        Assert.Contains(found, a => a.Kind == "loss_spike" && a.Entity["rank"] == "0" && a.Explanation.Contains("step 120", StringComparison.Ordinal));
        Assert.Contains(found, a => a.Kind == "loss_nonfinite" && a.Entity["rank"] == "1" && a.Score == 100);
        Assert.Contains(found, a => a.Kind == "straggler" && a.Entity["rank"] == "5");
        Assert.Contains(found, a => a.Kind == "step_time_regression" && a.Entity["rank"] == "5");
        Assert.DoesNotContain(found, a => a.Kind == "straggler" && a.Entity["rank"] != "5");
        Assert.All(found, a => Assert.InRange(a.Score, 0, 100));
    }

    [Fact]
    public void Idle_gpus_under_a_running_job_and_xid_and_ecc_events_are_reported()
    {
        var gpu = new GpuHealthDetector();
        var found = new List<Observability.Detection.Anomalies.Anomaly>();
        for (var i = 0; i < 40; i++)
        {
            var at = T0.AddSeconds(i * 10);
            gpu.ObserveJob("node1", "job-9", "running", at);
            var d = new EcsDocument();
            d.Set(EcsFields.Timestamp, at);
            d.Set(EcsFields.HostName, "node1");
            d.Set("gpu.index", 3L);
            d.Set("gpu.utilization.gpu.pct", 0.0);
            d.Set("gpu.ecc.uncorrected.total", i < 20 ? 0.0 : 2.0);
            if (i == 35)
            {
                d.Set("gpu.throttle.reasons", new List<object?> { "sw_power_cap", "hw_thermal_slowdown" });
            }

            if (i == 30)
            {
                d.Set("gpu.xid.code", 79L);
            }

            found.AddRange(gpu.Observe(d, at));
        }

        Assert.Contains(found, a => a.Kind == "gpu_idle" && a.Entity["job"] == "job-9" && a.Entity["gpu"] == "3");
        Assert.Single(found, a => a.Kind == "ecc");
        Assert.Contains(found, a => a.Kind == "xid" && a.Score == 100);
        Assert.Contains(found, a => a.Kind == "thermal_throttle" && a.Explanation.Contains("hw_thermal_slowdown", StringComparison.Ordinal));
    }
}
