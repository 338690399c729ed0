using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Redaction;

namespace Observability.Pipelines.Tests.Redaction;

public class RedactionTests
{
    /// <summary>Secrets of every kind the issue names, each with the text that must never be stored.</summary>
    public static TheoryData<string, string> Secrets => new()
    {
        { "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" },
        { "curl -H 'Authorization: bearer abcdefghijklmnop1234' http://x", "abcdefghijklmnop1234" },
        { "calling api with api_key=sk_live_51HqLyjWDarjtT1zdp7dc", "sk_live_51HqLyjWDarjtT1zdp7dc" },
        { "config {\"apiKey\": \"AbC123xyz987QWE\"}", "AbC123xyz987QWE" },
        { "X-Api-Key: 9f8e7d6c5b4a39281706", "9f8e7d6c5b4a39281706" },
        { "aws key AKIAIOSFODNN7EXAMPLE in env", "AKIAIOSFODNN7EXAMPLE" },
        { "pushing with ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789" },
        { "HF_TOKEN hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567", "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567" },
        { "openai sk-proj-AbCdEfGhIjKlMnOpQrStUv123", "sk-proj-AbCdEfGhIjKlMnOpQrStUv123" },
        { "connecting to postgres://trainer:S3cr3t-P4ss@db.internal:5432/runs", "S3cr3t-P4ss" },
        { "mirror https://bob:hunter2@artifacts.example.com/simple", "hunter2" },
        { "login password=correcthorsebatterystaple user=alice", "correcthorsebatterystaple" },
        { "db_password: 'Tr0ub4dor&3'", "&3" },
        { "{\"client_secret\": \"a b&c\"}", "b&c" },
        { "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq9lL0N\nq3cN5fTz\n-----END RSA PRIVATE KEY-----", "MIIEpAIBAAKCAQEA7bq9lL0N" },
        { "key: -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmU (truncated", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU" },
        { "job submitted by alice.smith@example.com for review", "alice.smith@example.com" },
        { "Basic dXNlcjpwYXNzd29yZA== sent", "dXNlcjpwYXNzd29yZA==" },
    };

    [Theory]
    [MemberData(nameof(Secrets))]
    public void Each_kind_of_secret_is_removed(string text, string secret)
    {
        var redacted = SecretRedactor.Default.Redact(text);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains("REDACTED", redacted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("step=10 loss=0.25 samples_per_s=1203.4 rank=3")]
    [InlineData("basic training loop started")]
    [InlineData("tokenizer loaded; max_tokens=512")]
    [InlineData("NCCL INFO Channel 00 : 0[0] -> 1[1] via P2P/IPC/read")]
    public void Clean_text_is_untouched_and_the_same_instance(string text)
    {
        Assert.Same(text, SecretRedactor.Default.Redact(text));
    }

    [Fact]
    public void Quoted_values_keep_their_quotes_so_json_stays_json()
    {
        var redacted = SecretRedactor.Default.Redact("{\"user\":\"a\",\"password\": \"p w\",\"n\":1}");
        Assert.Equal("{\"user\":\"a\",\"password\": \"[REDACTED]\",\"n\":1}", redacted);
        using var _ = System.Text.Json.JsonDocument.Parse(redacted);
    }

    [Fact]
    public void The_user_of_a_url_is_kept_only_the_password_goes()
    {
        Assert.Equal("https://bob:[REDACTED]@artifacts.example.com/simple", SecretRedactor.Default.Redact("https://bob:hunter2@artifacts.example.com/simple"));
    }

    [Fact]
    public void Redaction_is_idempotent()
    {
        foreach (var (text, _) in Secrets.Select(r => ((string)r[0], (string)r[1])))
        {
            var once = SecretRedactor.Default.Redact(text);
            Assert.Equal(once, SecretRedactor.Default.Redact(once));
        }
    }

    [Fact]
    public void Secret_named_fields_are_withheld_whole()
    {
        var doc = new EcsDocument();
        doc.Set("db.password", "plainword");
        doc.Set("labels.api_key", 123456L);
        doc.Set("http.request.headers.authorization", "whatever");
        doc.Set("user.name", "alice");
        SecretRedactor.Default.RedactDocument(doc);
        Assert.Equal("[REDACTED]", doc["db.password"]);
        Assert.Equal("[REDACTED]", doc["labels.api_key"]);
        Assert.Equal("[REDACTED]", doc["http.request.headers.authorization"]);
        Assert.Equal("alice", doc["user.name"]);
    }

    /// <summary>
    /// Verdicts on field names are remembered by instance in a small table: names that share a slot, copies of a name
    /// and more names than the table holds must all keep their own verdict, also from several threads at once.
    /// </summary>
    [Fact]
    public void Secret_field_names_are_recognised_however_many_and_whichever_instance()
    {
        var redactor = new SecretRedactor(SecretRedactor.BuiltInRules);
        var names = Enumerable.Range(0, 6_000).Select(i => i % 3 == 0 ? $"svc{i}.db_password" : $"svc{i}.passes").ToArray();
        var disagreements = 0;
        Parallel.For(0, 4, _ =>
        {
            for (var round = 0; round < 3; round++)
            {
                foreach (var name in names)
                {
                    var copy = new string(name.AsSpan());
                    if (redactor.IsSecretFieldName(name) != name.EndsWith("_password", StringComparison.Ordinal)
                        || redactor.IsSecretFieldName(copy) != copy.EndsWith("_password", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref disagreements);
                    }
                }
            }
        });
        Assert.Equal(0, disagreements);
    }

    /// <summary>
    /// Secrets placed in every kind of field a pipeline produces (message, event.original, a grok capture, kv keys,
    /// JSON leaves, arrays, error.message of a failed processor) never survive the runner, whatever the pipeline did.
    /// </summary>
    [Theory]
    [MemberData(nameof(Secrets))]
    public void No_field_of_a_processed_event_keeps_the_secret(string text, string secret)
    {
        var yaml = """
            processors:
              - set: { field: copy.of.message, copy_from: message }
              - grok: { patterns: ['^%{DATA:first} %{GREEDYDATA:rest}$'], ignore_failure: true }
              - kv: { field: message, target_field: kv, ignore_failure: true }
              - append: { field: tags, value: ['{{message}}'] }
              - json: { field: message }
            """;
        var compiler = new PipelineCompiler(PipelineHarness.Context());
        var pipeline = compiler.Compile(Observability.Pipelines.Definition.PipelineLoader.Parse(yaml, "t.yml", "t"));
        var runner = new PipelineRunner([pipeline], compiler.Context.Redactor);
        var doc = new EcsDocument { Message = text };
        doc.Set("labels.note", new List<object?> { "x", text });
        runner.Process(doc);

        Assert.True(doc.Contains(EcsFields.EventOriginal));
        var json = EcsJson.ToJson(doc);
        Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        Assert.DoesNotContain(System.Text.Json.JsonEncodedText.Encode(secret).ToString(), json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_redact_processor_takes_extra_patterns_and_field_lists()
    {
        var p = PipelineHarness.Processor("redact: { fields: [message], patterns: ['JOB-[0-9]+'] }");
        var doc = new EcsDocument { Message = "JOB-1234 by ops@example.com" };
        doc.Set("other", "ops@example.com");
        p.Run(doc);
        Assert.Equal("[REDACTED] by [REDACTED:email]", doc.Message);
        Assert.Equal("ops@example.com", doc["other"]);
    }

    [Fact]
    public void The_runner_can_be_told_not_to_redact()
    {
        var runner = new PipelineRunner([], redactor: null);
        var doc = new EcsDocument { Message = "ops@example.com" };
        runner.Process(doc);
        Assert.Equal("ops@example.com", doc.Message);
    }
}
