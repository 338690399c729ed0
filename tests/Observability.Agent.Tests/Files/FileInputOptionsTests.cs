using Observability.Agent.Files;
using Observability.Core.Options;

namespace Observability.Agent.Tests.Files;

public sealed class FileInputOptionsTests
{
    [Fact]
    public void Defaults_with_an_include_pattern_are_valid()
    {
        new FileInputOptions { Include = ["/var/log/*.log"] }.Validate();
    }

    [Theory]
    [InlineData("Include", "agent.files.include")]
    [InlineData("MaxBatchLines", "agent.files.max_batch_lines")]
    [InlineData("Dataset", "agent.files.dataset")]
    [InlineData("MaxEventBytes", "agent.files.max_event_bytes")]
    [InlineData("Multiline:Preset", "agent.files.multiline.preset")]
    [InlineData("DeadLetterTopic", "agent.files.dead_letter_topic")]
    [InlineData("Datasets", "agent.files.datasets[0].dataset")]
    public void A_bad_value_fails_naming_its_key(string key, string expected)
    {
        var o = new FileInputOptions { Include = ["/x/*.log"] };
        switch (key)
        {
            case "Include": o.Include = []; break;
            case "MaxBatchLines": o.MaxBatchLines = 0; break;
            case "Dataset": o.Dataset = "my-logs"; break;
            case "MaxEventBytes": o.MaxEventBytes = 10; break;
            case "Multiline:Preset": o.Multiline = new MultilineOptions { Preset = "cobol" }; break;
            case "DeadLetterTopic": o.DeadLetterTopic = o.Topic; break;
            case "Datasets": o.Datasets.Add(new FileDataset { Glob = "/var/log/kern.log", Dataset = "Kernel-Logs" }); break;
        }

        var ex = Assert.Throws<ObsConfigException>(o.Validate);
        Assert.Equal(expected, ex.Key);
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_events_go_to_obs_deadletter_unless_the_dead_letter_topic_is_turned_off()
    {
        Assert.Equal(Core.Transport.Topics.DeadLetter, new FileInputOptions().DeadLetterTopic);
        new FileInputOptions { Include = ["/x/*.log"], DeadLetterTopic = null }.Validate();
        new FileInputOptions { Include = ["/x/*.log"], DeadLetterTopic = "" }.Validate();
    }
}
