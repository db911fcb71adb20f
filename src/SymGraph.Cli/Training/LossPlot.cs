using System.Collections.Generic;
using System.Linq;

namespace SymGraph.Cli;

/// <summary>The training and validation loss per epoch as an SVG figure (ScottPlot; its SVG export needs no display).</summary>
internal static class LossPlot
{
    public static void Save(IReadOnlyList<EpochRecord> history, string path)
    {
        var plot = new ScottPlot.Plot();
        var epochs = history.Select(r => (double)r.Epoch).ToArray();
        var train = plot.Add.Scatter(epochs, history.Select(r => r.TrainLoss).ToArray());
        train.LegendText = "training loss";
        var withVal = history.Where(r => r.ValLoss is not null).ToArray();
        if (withVal.Length > 0)
        {
            var val = plot.Add.Scatter(withVal.Select(r => (double)r.Epoch).ToArray(), withVal.Select(r => r.ValLoss!.Value).ToArray());
            val.LegendText = "validation loss";
        }
        plot.XLabel("epoch");
        plot.YLabel("loss");
        plot.ShowLegend();
        plot.SaveSvg(path, 640, 400);
    }
}
