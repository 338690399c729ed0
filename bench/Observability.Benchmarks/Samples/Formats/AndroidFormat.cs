using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Android logcat <c>-v threadtime</c>: <c>MM-dd HH:mm:ss.SSS pid tid L Tag: message</c>, pid and tid
/// right-aligned to five columns; wake-lock tags of one to three words, booleans and nulls as parameters.
/// </summary>
internal static class AndroidFormat
{
    private static readonly string[] Packages = ["com.tencent.mm", "com.android.systemui", "com.huawei.android.launcher", "com.tencent.qt.qtl", "android"];
    private static readonly string[] LockTags = ["WindowManager", "RILJ_ACK_WL", "*launch*", "View Lock", "NlpWakeLock", "AudioMix", "*alarm*", "WifiStateMachine"];

    private static string Bool(Random r) => r.Next(2) == 0 ? "true" : "false";

    private static string WorkSource(Random r) => r.Next(2) == 0 ? "null" : $"WorkSource{{{r.Next(1000, 11000)}}}";

    public static LogFormat Create() => new("android", HeldOut: false, Header, [
        new("acquire", r => $"acquire lock={r.Next(1000000, 300000000)}, flags=0x{r.Next(1, 0x40):x}, tag=\"{Pick(r, LockTags)}\", name={Pick(r, Packages)}, ws={WorkSource(r)}, uid={r.Next(1000, 11000)}, pid={r.Next(500, 30000)}", 20, Level: "D", Component: "PowerManagerService"),
        new("release", r => $"release:lock={r.Next(1000000, 300000000)}, flg=0x0, tag=\"{Pick(r, LockTags)}\", name={Pick(r, Packages)}, ws={WorkSource(r)}, uid={r.Next(1000, 11000)}, pid={r.Next(500, 30000)}", 20, Level: "D", Component: "PowerManagerService"),
        new("skipping", r => $"Skipping AppWindowToken{{{Hex(r, 7)} token=Token{{{Hex(r, 7)} ActivityRecord{{{Hex(r, 7)} u0 {Pick(r, Packages)}/.{Pick(r, ["Launcher", "MainActivity", "activity.info.NewsDetailXmlActivity"])} t{r.Next(100, 999)}}}}}}} -- going to hide", 8, Level: "V", Component: "WindowManager"),
        new("start-proc", r => $"Start proc {r.Next(500, 30000)}:{Pick(r, Packages)}/u0a{r.Next(10, 200)} for service {Pick(r, Packages)}/.{Pick(r, ["PushService", "CoreService", "SyncService"])}", 5, Level: "I", Component: "ActivityManager"),
        new("killing", r => $"Killing {r.Next(500, 30000)}:{Pick(r, Packages)}/u0a{r.Next(10, 200)} (adj {r.Next(0, 1000)}): empty #{r.Next(1, 40)}", 5, Level: "I", Component: "ActivityManager"),
        new("brightness", r => $"Animating brightness: target={r.Next(0, 256)}, rate={r.Next(0, 400)}", 6, Level: "D", Component: "DisplayPowerController"),
        new("powered", r => $"updateIsPoweredLocked: wasPowered={Bool(r)}, mIsPowered={Bool(r)}, oldPlugType={r.Next(0, 3)}, mPlugType={r.Next(0, 3)}, mBatteryLevel={r.Next(0, 101)}", 6, Level: "D", Component: "PowerManagerService"),
        new("broadcast", r => $"action:android.intent.action.{Pick(r, ["SCREEN_ON", "SCREEN_OFF", "BATTERY_CHANGED", "TIME_TICK"])}, mPermissionType:{r.Next(0, 2)}", 8, Level: "D", Component: "SendBroadcastPermission"),
        new("anr", r => $"ANR in {Pick(r, Packages)}", 1, Level: "E", Component: "ActivityManager"),
        new("user-activity", r => $"userActivityNoUpdateLocked: eventTime={r.Next(100000000, 300000000)}, event={r.Next(0, 3)}, flags=0x{r.Next(0, 4)}, uid={r.Next(1000, 11000)}", 10, Level: "D", Component: "PowerManagerService"),
        new("ready", r => "ready=true,policy=3,wakefulness=1,wksummary=0x23,uasummary=0x1,bootcompleted=true,boostinprogress=false,waitmodeenable=false,mode=false,manual=38,auto=-1,adj=0.0userId=0", 5, Level: "D", Component: "PowerManagerService"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"{D(t, "MM-dd HH:mm:ss.fff")} {r.Next(500, 30000),5} {r.Next(500, 30000),5} {spec.Level} {spec.Component}: ";
}
