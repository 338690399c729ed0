using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// OpenStack nova as collected from several files: <c>file yyyy-MM-dd HH:mm:ss.fff pid LEVEL module [request
/// context] message</c>, the context six words (<c>[req-… user project - - -]</c>); instance ids in brackets,
/// lifecycle words as parameters. Held out: never tuned on.
/// </summary>
internal static class OpenStackFormat
{
    private static string Instance(Random r) => $"[instance: {Uuid(r)}]";

    private static string Api(Random r, string path) => $"{Ip(r)} \"{path} HTTP/1.1\" status: {Pick(r, ["200", "200", "202", "404"])} len: {r.Next(200, 3000)} time: {F(r.NextDouble(), 7)}";

    public static LogFormat Create() => new("openstack", HeldOut: true, Header, [
        new("get-detail", r => Api(r, $"GET /v2/{Hex(r, 32)}/servers/detail"), 30, Component: "nova.osapi_compute.wsgi.server"),
        new("post-events", r => Api(r, $"POST /v2/{Hex(r, 32)}/os-server-external-events"), 6, Component: "nova.osapi_compute.wsgi.server"),
        new("lifecycle", r => $"{Instance(r)} VM {Pick(r, ["Started", "Stopped", "Paused", "Resumed"])} (Lifecycle Event)", 10, Component: "nova.compute.manager"),
        new("pending", r => $"{Instance(r)} During sync_power_state the instance has a pending task (spawning). Skip.", 4, Component: "nova.compute.manager"),
        new("image-check", r => $"image {Uuid(r)} at (/var/lib/nova/instances/_base/{Hex(r, 40)}): checking", 8, Component: "nova.virt.libvirt.imagecache"),
        new("resource-view", r => $"Final resource view: name=cp-{r.Next(1, 4)}.slowvm1.tcloud-pg0.utah.cloudlab.us phys_ram={r.Next(60000, 70000)}MB used_ram={r.Next(512, 60000)}MB phys_disk={r.Next(15, 30)}GB used_disk={r.Next(0, 30)}GB total_vcpus={r.Next(8, 17)} used_vcpus={r.Next(0, 17)} pci_stats=[]", 6, Component: "nova.compute.resource_tracker"),
        new("memory", r => $"{Instance(r)} Total memory: {r.Next(60000, 70000)} MB, used: {F(r.Next(512, 60000), 2)} MB", 6, Component: "nova.compute.claims"),
        new("claim", r => $"{Instance(r)} Attempting claim: memory {Pick(r, ["512", "2048", "4096"])} MB, disk {r.Next(0, 40)} GB, vcpus {r.Next(1, 8)} CPU", 5, Component: "nova.compute.claims"),
        new("creating", r => $"{Instance(r)} Creating image", 5, Component: "nova.virt.libvirt.driver"),
        new("spawn", r => $"{Instance(r)} Took {F(r.NextDouble() * 30, 2)} seconds to spawn the instance on the hypervisor.", 5, Component: "nova.compute.manager"),
        new("metadata", r => $"{Ip(r)},{Ip(r)} \"GET /openstack/2013-10-17/meta_data.json HTTP/1.1\" status: 200 len: {r.Next(200, 3000)} time: {F(r.NextDouble(), 7)}", 5, Component: "nova.metadata.wsgi.server"),
        new("unknown-base", r => $"Unknown base file: /var/lib/nova/instances/_base/{Hex(r, 40)}", 3, Level: "WARNING", Component: "nova.virt.libvirt.imagecache"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec)
    {
        var file = spec.Component.Contains("compute.", StringComparison.Ordinal) || spec.Component.Contains("virt", StringComparison.Ordinal) ? "nova-compute.log.1.2017-05-16_13:55:31" : "nova-api.log.1.2017-05-16_13:53:08";
        var context = r.Next(4) == 0 ? $"[req-{Uuid(r)} - - - - -]" : $"[req-{Uuid(r)} {Hex(r, 32)} {Hex(r, 32)} - - -]";
        return $"{file} {D(t, "yyyy-MM-dd HH:mm:ss.fff")} {r.Next(2000, 30000)} {spec.Level} {spec.Component} {context} ";
    }
}
