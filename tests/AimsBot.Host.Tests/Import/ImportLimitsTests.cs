namespace AimsBot.Host.Tests.Import;

/// <summary>The size limit on an attached file (here lowered to 400 bytes), checked while downloading it.</summary>
public sealed class ImportLimitsTests : ImportHostTest
{
    public ImportLimitsTests()
        : base(new Dictionary<string, string?> { ["Import:MaxBytes"] = "400" })
    {
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_and_nothing_is_written()
    {
        var rows = Enumerable.Range(1, 12).Select(i => $"system,System Number {i},,,developer,operation,high,,aad-owner-0001,,,,,,,").ToArray();
        var csv = Csv(rows);
        Assert.True(csv.Length > 400);

        var reply = await ImportAsync(csv);

        Assert.Contains("larger than", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, Downloads);
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task A_file_under_the_limit_is_imported()
    {
        await RecordUserAsync(Owner, "Olu Owner", "olu@contoso.com");

        var reply = await ImportAsync(Csv("system,Small One,,,developer,operation,high,,olu@contoso.com,,,,,,,"));

        Assert.Contains("register.csv: imported", reply.Shown, StringComparison.Ordinal);
        Assert.NotNull(await Systems.GetAsync(Tenant, "small-one"));
    }
}
