namespace SymGraph.Tests;

/// <summary>
/// Textbook back-propagation derivations, asserted against the hand-derived formulas (not only
/// against finite differences).
/// </summary>
public class ClassicDerivationTests
{
    [Fact]
    public void MulOfSameNodeTwice_GradientIsTwoX()
    {
        var g = new Graph();
        var x = g.Parameter("x", 3);
        var y = Sym.Sum(x * x);
        var dx = Autodiff.Grad(y, x);
        var values = new Dictionary<Node, Tensor> { [x] = Tensor.Vector(1.5, -2, 0.25) };
        Assert.Equal(new[] { 3.0, -4.0, 0.5 }, Interpreter.Evaluate(dx, values).Data);
        // Both operand slots of mul reach the same node: the contributions are summed (ȳ·x + ȳ·x).
        Assert.Equal("add", dx.Op.Name);
        Assert.Same(dx.Inputs[0], dx.Inputs[1]);
    }

    [Fact]
    public void Network121_SquaredLoss_WeightGradientIsDeltaTimesActivation()
    {
        // x → a_j = σ(w1_j·x + b1_j), j = 1..2 → y = Σ w2_j a_j + b2;  L = ½(y − t)².
        // Output delta δ = y − t; dL/dw2_j = δ·a_j; dL/db2 = δ;
        // hidden delta δ_j = δ·w2_j·a_j(1 − a_j); dL/dw1_j = δ_j·x; dL/db1_j = δ_j.
        var g = new Graph();
        var x = g.Input("x");
        var t = g.Input("t");
        var w1 = g.Parameter("w1", 2);
        var b1 = g.Parameter("b1", 2);
        var w2 = g.Parameter("w2", 2);
        var b2 = g.Parameter("b2");
        var a = Sym.Sigmoid(w1 * x + b1);
        var y = Sym.Sum(w2 * a) + b2;
        var loss = 0.5 * Sym.Square(y - t);
        var grads = Autodiff.Grad(loss, w1, b1, w2, b2);

        double xv = 0.7, tv = 0.2;
        double[] w1v = { 0.3, -0.8 }, b1v = { 0.1, 0.4 }, w2v = { 1.2, -0.5 };
        double b2v = 0.05;
        var values = new Dictionary<Node, Tensor>
        {
            [x] = Tensor.Scalar(xv), [t] = Tensor.Scalar(tv), [w1] = Tensor.Vector(w1v), [b1] = Tensor.Vector(b1v),
            [w2] = Tensor.Vector(w2v), [b2] = Tensor.Scalar(b2v),
        };
        var r = Interpreter.Evaluate(grads, values);

        var av = new double[2];
        for (int j = 0; j < 2; j++) av[j] = 1 / (1 + Math.Exp(-(w1v[j] * xv + b1v[j])));
        double yv = w2v[0] * av[0] + w2v[1] * av[1] + b2v, delta = yv - tv;
        var hidden = new double[2];
        for (int j = 0; j < 2; j++) hidden[j] = delta * w2v[j] * av[j] * (1 - av[j]);

        TestUtil.AssertClose(new[] { hidden[0] * xv, hidden[1] * xv }, r[0], what: "dL/dw1");
        TestUtil.AssertClose(hidden, r[1], what: "dL/db1");
        TestUtil.AssertClose(new[] { delta * av[0], delta * av[1] }, r[2], what: "dL/dw2");
        TestUtil.AssertClose(delta, r[3].ToScalar(), what: "dL/db2");
    }

    [Fact]
    public void MultinomialLogisticRegression_GradientIsXtSoftmaxMinusYOverM()
    {
        // L = (1/m) Σ_rows cross_entropy_logits(XW, Y)  ⇒  dL/dW = Xᵀ(softmax(XW) − Y)/m.
        const int m = 5, d = 4, k = 3;
        var g = new Graph();
        var X = g.Input("X", "m", d);
        var Y = g.Input("Y", "m", k);
        var W = g.Parameter("W", d, k);
        var loss = Sym.Mean(Sym.CrossEntropyLogits(Sym.MatMul(X, W), Y));
        var dW = Autodiff.Grad(loss, W);

        var rng = new Random(7);
        var Xv = TestUtil.Random(rng, new[] { m, d });
        var Wv = TestUtil.Random(rng, new[] { d, k });
        var Yv = Tensor.Zeros(new[] { m, k });
        for (int i = 0; i < m; i++) Yv.Data[i * k + rng.Next(k)] = 1;
        var r = Interpreter.Evaluate(dW, new Dictionary<Node, Tensor> { [X] = Xv, [Y] = Yv, [W] = Wv });

        var expected = new double[d * k];
        for (int i = 0; i < m; i++)
        {
            var z = new double[k];
            for (int c = 0; c < k; c++)
                for (int p = 0; p < d; p++) z[c] += Xv[i, p] * Wv[p, c];
            double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < k; c++)
            {
                double err = Math.Exp(z[c] - max) / sum - Yv[i, c];
                for (int p = 0; p < d; p++) expected[p * k + c] += Xv[i, p] * err / m;
            }
        }
        TestUtil.AssertClose(expected, r, rtol: 1e-12, atol: 1e-15, what: "dL/dW");
    }

    [Fact]
    public void TwoLayerTanhRegression_HiddenDeltaIsOneMinusZSquaredTimesBackpropagatedSum()
    {
        // z = tanh(X·W1) [m,h], y = z·W2 [m,o], L = ½ Σ (y − T)².
        // δ_k = y_k − t_k;  hidden δ_j = (1 − z_j²) Σ_k w_kj δ_k (w_kj = W2[j,k]);
        // dL/dW2 = zᵀδ;  dL/dW1 = Xᵀ δ_hidden.
        const int m = 4, n = 3, h = 5, o = 2;
        var g = new Graph();
        var X = g.Input("X", m, n);
        var T = g.Input("T", m, o);
        var W1 = g.Parameter("W1", n, h);
        var W2 = g.Parameter("W2", h, o);
        var z = Sym.Tanh(Sym.MatMul(X, W1));
        var y = Sym.MatMul(z, W2);
        var loss = 0.5 * Sym.Sum(Sym.Square(y - T));
        var grads = Autodiff.Grad(loss, W1, W2);

        var rng = new Random(11);
        var values = new Dictionary<Node, Tensor>
        {
            [X] = TestUtil.Random(rng, new[] { m, n }), [T] = TestUtil.Random(rng, new[] { m, o }),
            [W1] = TestUtil.Random(rng, new[] { n, h }), [W2] = TestUtil.Random(rng, new[] { h, o }),
        };
        var r = Interpreter.Evaluate(grads, values);
        Tensor Xv = values[X], Tv = values[T], W1v = values[W1], W2v = values[W2];

        var dW1 = new double[n * h];
        var dW2 = new double[h * o];
        for (int i = 0; i < m; i++)
        {
            var zi = new double[h];
            for (int j = 0; j < h; j++)
            {
                double s = 0;
                for (int p = 0; p < n; p++) s += Xv[i, p] * W1v[p, j];
                zi[j] = Math.Tanh(s);
            }
            var delta = new double[o];
            for (int c = 0; c < o; c++)
            {
                double yc = 0;
                for (int j = 0; j < h; j++) yc += zi[j] * W2v[j, c];
                delta[c] = yc - Tv[i, c];
            }
            for (int j = 0; j < h; j++)
            {
                double back = 0;
                for (int c = 0; c < o; c++) back += W2v[j, c] * delta[c];
                double hiddenDelta = (1 - zi[j] * zi[j]) * back;
                for (int p = 0; p < n; p++) dW1[p * h + j] += Xv[i, p] * hiddenDelta;
                for (int c = 0; c < o; c++) dW2[j * o + c] += zi[j] * delta[c];
            }
        }
        TestUtil.AssertClose(dW1, r[0], rtol: 1e-12, atol: 1e-15, what: "dL/dW1");
        TestUtil.AssertClose(dW2, r[1], rtol: 1e-12, atol: 1e-15, what: "dL/dW2");
    }

    [Fact]
    public void SmallTwoLayerNetwork_ExactHessianMatchesFiniteDifferenceHessian()
    {
        // 2-3-1 network, tanh hidden, sigmoid output, squared error; Hessian over all 13 weights.
        var g = new Graph();
        var X = g.Input("X", 4, 2);
        var T = g.Input("T", 4, 1);
        var W1 = g.Parameter("W1", 2, 3);
        var b1 = g.Parameter("b1", 3);
        var W2 = g.Parameter("W2", 3, 1);
        var b2 = g.Parameter("b2", 1);
        var y = Sym.Sigmoid(Sym.MatMul(Sym.Tanh(Sym.MatMul(X, W1) + b1), W2) + b2);
        var loss = Sym.Mean(Sym.Square(y - T));
        var wrt = new[] { W1, b1, W2, b2 };
        var values = TestUtil.RandomValues(g, new Random(3));

        var check = FiniteDifferences.CheckHessian(loss, wrt, values);
        Assert.True(check.Passed, check.ToString());
        Assert.Equal(13 * 13, check.Entries);
        Assert.True(check.MaxAbsoluteError < 1e-8, check.ToString());

        // The Hessian is symmetric, and the flattened single-parameter form agrees with the blocks.
        var H = Interpreter.Evaluate(Autodiff.Hessian(loss, W1), values);
        Assert.Equal(new[] { 2, 3, 2, 3 }, H.Dims);
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++)
                TestUtil.AssertClose(H.Data[i * 6 + j], H.Data[j * 6 + i], rtol: 1e-12, atol: 1e-15);
    }
}
