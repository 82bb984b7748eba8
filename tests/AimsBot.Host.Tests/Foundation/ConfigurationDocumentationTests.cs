using System.Reflection;
using AimsBot.Host.Tests.Support;
using AimsBot.Nudges;
using AimsBot.Storage;
using AimsBot.Teams.Connector;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Host.Tests.Foundation;

/// <summary>
/// docs/configuration.md cannot fall behind the code: every setting an options class binds (its section and each public
/// settable property) is listed there, and every options class is validated at start-up.
/// </summary>
public sealed class ConfigurationDocumentationTests
{
    /// <summary>Properties an options class has that are not read from its own section, and why.</summary>
    private static readonly Dictionary<(Type Type, string Property), string> NotFromTheirSection = new()
    {
        [(typeof(AimsBot.Teams.Authentication.BotAuthenticationOptions), "AllowAnonymous")] = "set by the host (local anonymous mode in Development), over whatever is configured",
        [(typeof(ConnectorOptions), nameof(ConnectorOptions.AppId))] = "the identity comes from Bot:AppId",
        [(typeof(ConnectorOptions), nameof(ConnectorOptions.AppPassword))] = "the identity comes from Bot:AppPassword",
        [(typeof(ConnectorOptions), nameof(ConnectorOptions.AppType))] = "the identity comes from Bot:AppType",
        [(typeof(ConnectorOptions), nameof(ConnectorOptions.TenantId))] = "the identity comes from Bot:TenantId",
        [(typeof(AimsBot.Access.RoleOptions), nameof(AimsBot.Access.RoleOptions.DefaultTenantId))] = "derived from Bot:TenantId and Bot:AllowedTenants",
    };

    /// <summary>The options classes that bind a configuration section: public <c>*Options</c> classes with a <c>SectionName</c>.</summary>
    private static IReadOnlyList<(Type Type, string Section)> OptionsClasses() =>
        new[] { typeof(NudgeOptions).Assembly, typeof(StorageOptions).Assembly, typeof(ConnectorOptions).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (x.Type, Section: (string)x.Field!.GetRawConstantValue()!))
            .OrderBy(x => x.Section, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_section_the_host_binds_is_found()
    {
        var sections = OptionsClasses().Select(o => o.Section).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { "Bot", "Bot:Connector", "Teams", "Storage", "Hangfire", "Proactive", "Nudges", "Register", "Audit", "Ledger", "Import", "Retention", "Graph", "Roles" },
            sections);
    }

    [Fact]
    public void Every_key_an_options_class_binds_is_in_docs_configuration_md()
    {
        var doc = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", "configuration.md"));

        var missing = (
            from options in OptionsClasses()
            from property in options.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            where property.SetMethod is { IsPublic: true } && !NotFromTheirSection.ContainsKey((options.Type, property.Name))
            let key = options.Section + ":" + property.Name
            // `Key` in a table row, or `Key:<id>` for a dictionary of settings.
            where !doc.Contains("`" + key + "`", StringComparison.Ordinal) && !doc.Contains("`" + key + ":", StringComparison.Ordinal)
            select $"{key} ({options.Type.Name}.{property.Name})").ToList();

        Assert.True(missing.Count == 0, "docs/configuration.md does not list: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_options_class_is_validated_by_the_host()
    {
        using var factory = new BotHostFactory();
        using var client = factory.CreateClient();

        var unvalidated = OptionsClasses()
            .Where(o => !factory.Services.GetServices(typeof(IValidateOptions<>).MakeGenericType(o.Type)).Any())
            .Select(o => o.Type.Name)
            .ToList();

        Assert.True(unvalidated.Count == 0, "No IValidateOptions<T> for: " + string.Join(", ", unvalidated));
    }
}
