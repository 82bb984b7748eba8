using AimsBot.Teams.Cards;

namespace AimsBot.Teams.Tests.Cards;

public sealed class TableLayoutTests
{
    private static TableRow Row(bool header, params string[] texts) => new()
    {
        Cells = texts.Select(t => new TableCell { Items = [new TextBlock(t) { Size = "Small", Weight = header ? "Bolder" : null }] }).ToList(),
    };

    /// <summary>The characters column <paramref name="index"/> gets in the narrowest client, given the weights.</summary>
    private static double Share(List<TableColumnDefinition> columns, int index) =>
        (double)columns[index].Width / columns.Sum(c => c.Width) * TableLayout.NarrowestWidthInCharacters;

    [Fact]
    public void Every_header_word_keeps_its_room_next_to_a_long_description()
    {
        List<TableRow> rows =
        [
            Row(true, "Date (UTC)", "Submitter", "Kind", "Link"),
            Row(false, "2026-10-31 09:12", "Alex Wilber", "Attestation", "contoso.sharepoint.com/sites/aims/monit…"),
            Row(false, "2026-10-30 17:40", "Dana Owner", "Note", "October drift and error dashboard, reviewed by the model risk team every week"),
        ];

        var columns = TableLayout.FitColumns(rows);

        Assert.Equal(4, columns.Count);
        Assert.True(Share(columns, 1) >= "Submitter".Length * 1.15, $"Submitter gets {Share(columns, 1):F1} characters");
        Assert.True(Share(columns, 2) >= "Attestation".Length, $"Attestation gets {Share(columns, 2):F1} characters");
        // The long free text takes most of what is left, rather than the one-word Kind column.
        Assert.True(columns[3].Width > columns[2].Width, $"Link {columns[3].Width} vs Kind {columns[2].Width}");
    }

    [Fact]
    public void Markdown_links_and_escapes_count_as_the_text_people_read()
    {
        List<TableRow> plain = [Row(true, "Link", "Who"), Row(false, "intranet.example/policy", "Dana")];
        List<TableRow> marked = [Row(true, "Link", "Who"), Row(false, "[intranet.example/policy](https://intranet.example/policy/with/a/very/long/address/that/nobody/reads?x=1)", "Dana")];

        Assert.Equal(TableLayout.FitColumns(plain).Select(c => c.Width), TableLayout.FitColumns(marked).Select(c => c.Width));
    }

    [Fact]
    public void Ids_and_hashes_longer_than_a_word_may_wrap_and_do_not_claim_a_minimum()
    {
        List<TableRow> rows =
        [
            Row(true, "Sequence", "Hash"),
            Row(false, "12", "f96e1c066f42a73c74b1ff9e0d43d52a95bdfe09c2da03465f317b12a0c1d2e3"),
        ];

        var columns = TableLayout.FitColumns(rows);

        Assert.True(Share(columns, 0) >= "Sequence".Length * 1.15);
        Assert.True(Share(columns, 1) < TableLayout.NarrowestWidthInCharacters, "the hash wraps inside its share");
    }

    [Fact]
    public void Short_columns_that_all_fit_get_what_they_ask_for()
    {
        List<TableRow> rows = [Row(true, "Row", "Column", "Problem"), Row(false, "3", "owner", "Unknown person")];

        var columns = TableLayout.FitColumns(rows);

        // Everything fits: each column's weight follows its widest text (+1 for the gap), so "Problem" is widest.
        Assert.True(columns[2].Width > columns[1].Width && columns[1].Width > columns[0].Width);
    }

    [Fact]
    public void An_empty_table_has_no_columns()
    {
        Assert.Empty(TableLayout.FitColumns([]));
    }
}
