using System.Buffers.Binary;
using AimsBot.Digest.Chart;
using AimsBot.Domain.Digest;
using ScottPlot.Plottables;
using SkiaSharp;

namespace AimsBot.Host.Tests.Digest.Chart;

/// <summary>
/// The digest's trend chart as a lead sees it: a PNG of the stated size, with a line for each of overdue controls,
/// evidence received and open nonconformities, one point per week, labelled by the week's Monday.
/// </summary>
public sealed class DigestChartTests
{
    /// <summary>Twelve weeks ending with the week of Monday 23 November 2026 (TestClock.Default), each figure moving.</summary>
    internal static IReadOnlyList<DigestWeek> TwelveWeeks() =>
        Enumerable.Range(0, 12)
            .Select(i => new DigestWeek(new DateOnly(2026, 9, 7).AddDays(7 * i), OverdueControls: 20 - i, EvidenceReceived: 30 + 5 * (i % 4), OpenNonconformities: 4 + i / 3))
            .ToList();

    [Fact]
    public void The_chart_is_a_png_of_600_by_300_pixels()
    {
        var png = DigestChart.RenderPng(TwelveWeeks());

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        // The IHDR chunk comes first: width and height, big-endian, at bytes 16 and 20.
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(600, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((600, 300), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void The_plot_has_the_three_series_with_their_weekly_figures_and_a_legend()
    {
        var weeks = TwelveWeeks();

        var plot = DigestChart.Build(weeks);

        var lines = plot.GetPlottables().OfType<Scatter>().ToList();
        Assert.Equal(["Overdue controls", "Evidence received", "Open nonconformities"], lines.Select(l => l.LegendText));
        Assert.Equal(weeks.Select(w => (double)w.OverdueControls), lines[0].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(weeks.Select(w => (double)w.EvidenceReceived), lines[1].Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal(weeks.Select(w => (double)w.OpenNonconformities), lines[2].Data.GetScatterPoints().Select(p => p.Y));
        // The legend sits above the plot, in a panel of its own.
        Assert.Single(plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>());
    }

    [Fact]
    public void Each_series_colour_is_drawn_in_the_png()
    {
        using var bitmap = SKBitmap.Decode(DigestChart.RenderPng(TwelveWeeks()));

        foreach (var series in DigestChart.Series)
        {
            var colour = SKColor.Parse(series.Colour);
            // A line 2.5 px wide over 11 gaps plus 12 markers and the legend's sample: hundreds of pixels of its colour.
            Assert.True(CountNear(bitmap, colour) > 200, $"{series.Label} ({series.Colour}) is not drawn: {CountNear(bitmap, colour)} pixels of its colour");
        }
    }

    [Fact]
    public void Without_a_series_its_colour_is_absent_so_the_colour_check_can_fail()
    {
        // The check above could pass on colours that are always there; here one line is hidden, and its colour goes.
        var plot = DigestChart.Build(TwelveWeeks());
        var nonconformities = plot.GetPlottables().OfType<Scatter>().Single(l => l.LegendText == "Open nonconformities");
        nonconformities.IsVisible = false;
        foreach (var legend in plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().ToList())
        {
            plot.Axes.Remove(legend);
        }

        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(DigestChart.Width, DigestChart.Height, ScottPlot.ImageFormat.Png));

        Assert.True(CountNear(bitmap, SKColor.Parse(nonconformities.Color.ToHex())) < 5);
        Assert.True(CountNear(bitmap, SKColor.Parse(DigestChart.Series[0].Colour)) > 200);
    }

    [Fact]
    public void The_weeks_are_labelled_by_their_monday_and_only_the_last_twelve_are_shown()
    {
        var fifteen = Enumerable.Range(0, 15).Select(i => new DigestWeek(new DateOnly(2026, 8, 17).AddDays(7 * i), 1, 2, 3)).ToList();

        var plot = DigestChart.Build(fifteen);
        plot.RenderInMemory(DigestChart.Width, DigestChart.Height);

        var labels = plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToList();
        Assert.Equal(12, labels.Count);
        Assert.Equal("7 Sep", labels[0]);
        Assert.Equal("23 Nov", labels[^1]);
        Assert.All(plot.GetPlottables().OfType<Scatter>(), l => Assert.Equal(12, l.Data.GetScatterPoints().Count));
    }

    [Fact]
    public void A_single_week_of_zeros_still_draws_a_chart()
    {
        var png = DigestChart.RenderPng([new DigestWeek(new DateOnly(2026, 11, 23), 0, 0, 0)]);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((600, 300), (bitmap.Width, bitmap.Height));
        Assert.True(CountNear(bitmap, SKColor.Parse(DigestChart.Series[0].Colour)) > 20);
    }

    [Fact]
    public void No_weeks_is_refused()
    {
        Assert.Throws<ArgumentException>(() => DigestChart.RenderPng([]));
    }

    /// <summary>Pixels within a small distance of <paramref name="colour"/> (anti-aliasing blends the edges).</summary>
    internal static int CountNear(SKBitmap bitmap, SKColor colour, int tolerance = 12)
    {
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            if (Math.Abs(pixel.Red - colour.Red) <= tolerance && Math.Abs(pixel.Green - colour.Green) <= tolerance && Math.Abs(pixel.Blue - colour.Blue) <= tolerance)
            {
                count++;
            }
        }

        return count;
    }
}
