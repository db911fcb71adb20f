using System.Collections.Generic;
using System.Linq;
using SymGraph.Model;

namespace SymGraph.Cli;

/// <summary>The model's <c>output</c> values a prediction shows: those computed from the features and parameters alone.</summary>
internal static class Predictions
{
    /// <summary>
    /// The <c>output</c> statements (the cost excluded) with a leading batch axis that do not read the
    /// target input, in declaration order.
    /// </summary>
    public static List<NamedNode> Outputs(LoadedModel model, ModelData data)
    {
        var result = new List<NamedNode>();
        foreach (var o in model.Model.Outputs)
        {
            if (o.Node == model.Cost || o.Node.Shape.Rank == 0 || o.Node.Shape[0] != data.Features.Shape[0]) continue;
            if (Topology.Sort(o.Node).Contains(data.Target)) continue;
            result.Add(o);
        }
        return result;
    }

    /// <summary>For a classifier: the first output of shape [batch, k], whose row maximum is the predicted class.</summary>
    public static NamedNode? ClassScores(LoadedModel model, ModelData data) =>
        data.IsClassifier
            ? Outputs(model, data).FirstOrDefault(o => o.Node.Shape.Rank == 2 && o.Node.Shape[1].IsStatic && o.Node.Shape[1].Size == data.TargetWidth)
            : null;

    /// <summary>Class probabilities from <paramref name="scores"/>: the node itself when it is a softmax, else its softmax (logits).</summary>
    public static Node Probabilities(Node scores) => scores.Op is Ops.Softmax ? scores : Sym.Softmax(scores);

    /// <summary>The index of the largest of <paramref name="count"/> values from <paramref name="offset"/> (the first on ties).</summary>
    public static int ArgMax<T>(T[] values, int offset, int count)
    {
        int best = 0;
        double max = double.NegativeInfinity;
        for (int k = 0; k < count; k++)
        {
            double v = values is double[] d ? d[offset + k] : ((float[])(object)values)[offset + k];
            if (v > max) { max = v; best = k; }
        }
        return best;
    }
}
