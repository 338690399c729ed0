using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// A mobile health app's log: <c>yyyyMMdd-HH:mm:ss:SSS|component|pid|message</c>, fields separated by bars
/// with no spaces, the milliseconds not zero-padded; step counts and <c>##</c>-joined series as parameters.
/// </summary>
internal static class HealthAppFormat
{
    private static string Series(Random r) => string.Join("##", Enumerable.Range(0, r.Next(1, 7)).Select(_ => r.Next(0, 99999)));

    public static LogFormat Create() => new("healthapp", HeldOut: false, Header, [
        new("stand-step", r => $"onStandStepChanged {r.Next(0, 20000)}", 20, Component: "Step_LSC"),
        new("extend", r => $"onExtend:{r.NextInt64(1514000000000, 1515000000000)} {r.Next(0, 20000)} {r.Next(0, 20000)} {r.Next(0, 40)}", 15, Component: "Step_LSC"),
        new("receive", r => $"onReceive action: android.intent.action.{Pick(r, ["SCREEN_ON", "SCREEN_OFF", "TIME_TICK", "USER_PRESENT"])}", 10, Component: "Step_StandReportReceiver"),
        new("detail", r => $"setTodayTotalDetailSteps={Series(r)}", 10, Component: "Step_SPUtils"),
        new("broadcast", r => $"processHandleBroadcastAction action:android.intent.action.{Pick(r, ["SCREEN_ON", "SCREEN_OFF", "TIME_TICK"])}", 10, Component: "Step_LSC"),
        new("calories", r => $"calculateCaloriesWithCache totalCalories={r.Next(0, 200000)}", 8, Component: "Step_ExtSDM"),
        new("altitude", r => $"calculateAltitudeWithCache totalAltitude={r.Next(0, 400)}", 8, Component: "Step_ExtSDM"),
        new("flush", r => "flush sensor data", 5, Component: "Step_StandStepCounter"),
        new("report", r => $"REPORT : {r.Next(0, 20000)} {r.Next(0, 9000)} {r.Next(0, 200000)} {r.Next(0, 400)}", 6, Component: "Step_NotificationUtil"),
        new("upload", r => $"isDataUpload: {(r.Next(2) == 0 ? "true" : "false")}, last upload time {r.NextInt64(1514000000000, 1515000000000)}", 4, Component: "HiH_HiSyncUtil"),
        new("screen", r => $"screen status unknown,think screen {(r.Next(2) == 0 ? "on" : "off")}", 4, Component: "Step_ScreenUtil"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"{D(t, "yyyyMMdd-HH:mm:ss")}:{t.Millisecond}|{spec.Component}|{r.Next(30002312, 30002320)}|";
}
