using System.Globalization;
using AimsBot.Domain.Digest;
using ScottPlot;
using ScottPlot.Plottables;

namespace AimsBot.Digest.Chart;

/// <summary>
/// The digest's trend chart: overdue controls, evidence received and open nonconformities over the last weeks, one
/// point per week, as a PNG of <see cref="Width"/> × <see cref="Height"/> pixels. It reads only the weekly snapshot rows
/// (<see cref="DigestWeek"/>), never the past tables.
/// </summary>
public static class DigestChart
{
    /// <summary>The PNG's width in pixels: a chat card shows it scaled to its width (about 450 px), sharp on high-DPI screens.</summary>
    public const int Width = 600;

    /// <summary>The PNG's height in pixels.</summary>
    public const int Height = 300;

    /// <summary>The most weeks the chart shows (the oldest are left out beyond it).</summary>
    public const int MaxWeeks = 12;

    /// <summary>
    /// The three series, each with its own colour, marker and line pattern, so they stay apart for a reader who does
    /// not tell red from green, and in greyscale.
    /// </summary>
    public static IReadOnlyList<DigestChartSeries> Series { get; } =
    [
        new("Overdue controls", "#C4314B", MarkerShape.FilledCircle, LinePattern.Solid, w => w.OverdueControls),
        new("Evidence received", "#237B4B", MarkerShape.FilledSquare, LinePattern.Dashed, w => w.EvidenceReceived),
        new("Open nonconformities", "#0F6CBD", MarkerShape.FilledTriangleUp, LinePattern.Dotted, w => w.OpenNonconformities),
    ];

    /// <summary>The chart as PNG bytes, <see cref="Width"/> × <see cref="Height"/>.</summary>
    /// <param name="weeks">Oldest first, at least one; only the last <see cref="MaxWeeks"/> are drawn.</param>
    public static byte[] RenderPng(IReadOnlyList<DigestWeek> weeks) => Build(weeks).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>The plot before it is drawn: one scatter per <see cref="Series"/>, week labels on the bottom axis.</summary>
    public static Plot Build(IReadOnlyList<DigestWeek> weeks)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        if (weeks.Count == 0)
        {
            throw new ArgumentException("The chart needs at least one week.", nameof(weeks));
        }

        var shown = weeks.OrderBy(w => w.WeekStarting).TakeLast(MaxWeeks).ToList();
        var plot = new Plot();
        // A sans face every Linux image has; ScottPlot's own pick may be a serif one.
        plot.Font.Set("DejaVu Sans");

        double[] xs = Enumerable.Range(0, shown.Count).Select(i => (double)i).ToArray();
        foreach (var series in Series)
        {
            var scatter = plot.Add.Scatter(xs, shown.Select(w => (double)series.Value(w)).ToArray());
            scatter.LegendText = series.Label;
            scatter.Color = Color.FromHex(series.Colour);
            scatter.LineWidth = 2.5f;
            scatter.LinePattern = series.Pattern;
            scatter.MarkerShape = series.Marker;
            scatter.MarkerSize = 7;
        }

        var labels = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < shown.Count; i++)
        {
            labels.AddMajor(i, shown[i].WeekStarting.ToString("d MMM", CultureInfo.InvariantCulture));
        }

        plot.Axes.Bottom.TickGenerator = labels;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        // Counts start at zero; a flat zero line still gets a visible scale (0 to 5).
        var highest = shown.Max(w => Series.Max(s => s.Value(w)));
        plot.Axes.SetLimitsY(0, Math.Max(5, highest * 1.1 + 1));
        plot.Axes.SetLimitsX(-0.4, shown.Count - 0.6);

        plot.ShowLegend(Edge.Top);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.ShadowColor = Colors.Transparent;
        // A card shows the 600 px image at about 450 px: the legend is read at three quarters of its size.
        plot.Legend.FontSize = 15;
        return plot;
    }
}

/// <summary>One line of the chart: its legend label, colour (hex), marker, line pattern, and the week's figure it plots.</summary>
public sealed record DigestChartSeries(string Label, string Colour, MarkerShape Marker, LinePattern Pattern, Func<DigestWeek, int> Value);
