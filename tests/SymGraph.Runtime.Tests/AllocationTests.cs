namespace SymGraph.Runtime.Tests;

/// <summary>
/// After warm-up calls (which may grow the per-thread matmul scratch), no kernel allocates:
/// measured with GC.GetAllocatedBytesForCurrentThread around repeated calls on the same thread.
/// </summary>
public sealed class AllocationTests
{
    private static void AssertNoAllocation(string name, Action kernel)
    {
        // Warm up: JIT tiers, type initialization, scratch growth.
        for (int i = 0; i < 3; i++)
        {
            kernel();
        }

        // Tiered compilation promotes methods at a moment that depends on machine load, and its
        // one-time work can allocate on the calling thread; so rounds are repeated until one is
        // clean. A kernel that allocates per call allocates in every round.
        long allocated = long.MaxValue;
        for (int round = 0; round < 10 && allocated != 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++)
            {
                kernel();
            }
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(allocated == 0, $"{name} allocated {allocated} bytes in every round");
    }

    [Fact]
    public void MatMul_AfterWarmUp_AllocatesNothing()
    {
        // Sizes above the small-product cutoff so the blocked engine and its scratch are used, and with
        // several k and n blocks.
        const int m = 70, k = 300, n = 1100;
        var rng = new Random(1);
        double[] a = TestUtil.Random<double>(rng, m * k), b = TestUtil.Random<double>(rng, k * n), c = new double[m * n];
        float[] af = TestUtil.Random<float>(rng, m * k), bf = TestUtil.Random<float>(rng, k * n), cf = new float[m * n];

        AssertNoAllocation("Multiply f64", () => MatMul.Multiply(a, b, c, m, k, n));
        AssertNoAllocation("MultiplyTransposeB f64", () => MatMul.MultiplyTransposeB(a, b, c, m, k, n, accumulate: true));
        AssertNoAllocation("MultiplyTransposeA f64", () => MatMul.MultiplyTransposeA(a, b, c, m, k, n));
        AssertNoAllocation("Multiply f32", () => MatMul.Multiply(af, bf, cf, m, k, n, accumulate: true));
        AssertNoAllocation("MultiplyTransposeB f32", () => MatMul.MultiplyTransposeB(af, bf, cf, m, k, n));
        AssertNoAllocation("MultiplyTransposeA f32", () => MatMul.MultiplyTransposeA(af, bf, cf, m, k, n));
        AssertNoAllocation("small Multiply f64", () => MatMul.Multiply(a, b, c, 3, 4, 5));
        AssertNoAllocation("MultiplyVector f64", () => MatMul.MultiplyVector(a, b, c, m, k));
        AssertNoAllocation("MultiplyTransposeAVector f32", () => MatMul.MultiplyTransposeAVector(af, bf, cf, m, k));
        AssertNoAllocation("AddOuterProduct f64", () => MatMul.AddOuterProduct(a, b, c, m, n, 0.5));
    }

    [Fact]
    public void Reductions_AllocateNothing()
    {
        var rng = new Random(2);
        double[] x = TestUtil.Random<double>(rng, 128 * 300);
        float[] xf = TestUtil.Random<float>(rng, 128 * 300);
        double[] y = new double[300], counts = new double[300];
        float[] yf = new float[300];

        AssertNoAllocation("Sum", () => Reductions.Sum(x, y, 2, 64, 150, accumulate: true));
        AssertNoAllocation("ColumnSums f32", () => Reductions.ColumnSums(xf, yf, 128, 300));
        AssertNoAllocation("RowSums", () => Reductions.RowSums(x, y, 128, 300));
        AssertNoAllocation("SumAll", () => Reductions.SumAll(xf));
        AssertNoAllocation("Max", () => Reductions.Max(x, y, 1, 128, 300));
        float[] countsf = new float[300];
        AssertNoAllocation("MaxWithTies f32", () => Reductions.MaxWithTies(xf, yf, countsf, 1, 128, 300));
        AssertNoAllocation("MaxWithTies", () => Reductions.MaxWithTies(x, y, counts, 1, 128, 300));
        AssertNoAllocation("MaxAll", () => Reductions.MaxAll(x));
    }

    [Fact]
    public void Softmax_AllocatesNothing()
    {
        const int rows = 64, n = 700;
        var rng = new Random(3);
        double[] x = TestUtil.Random<double>(rng, rows * n, -10, 10), t = TestUtil.Random<double>(rng, rows * n, 0, 1);
        double[] y = new double[rows * n], g = new double[rows], loss = new double[rows];
        float[] xf = TestUtil.Random<float>(rng, rows * n, -10, 10), tf = TestUtil.Random<float>(rng, rows * n, 0, 1);
        float[] yf = new float[rows * n], gf = new float[rows], lossf = new float[rows];

        AssertNoAllocation("Softmax", () => SoftmaxKernels.Softmax(x, y, rows, n));
        AssertNoAllocation("LogSoftmax f32", () => SoftmaxKernels.LogSoftmax(xf, yf, rows, n));
        AssertNoAllocation("LogSumExp", () => SoftmaxKernels.LogSumExp(x, loss, rows, n));
        AssertNoAllocation("SoftmaxBackward", () => SoftmaxKernels.SoftmaxBackward(x, t, y, rows, n));
        AssertNoAllocation("LogSoftmaxBackward f32", () => SoftmaxKernels.LogSoftmaxBackward(xf, tf, yf, rows, n));
        AssertNoAllocation("CrossEntropyLogits", () => SoftmaxKernels.CrossEntropyLogits(x, t, loss, rows, n));
        AssertNoAllocation("CrossEntropyLogits f32", () => SoftmaxKernels.CrossEntropyLogits(xf, tf, lossf, rows, n));
        AssertNoAllocation("CrossEntropyLogitsBackward", () => SoftmaxKernels.CrossEntropyLogitsBackward(x, t, g, y, rows, n));
        AssertNoAllocation("CrossEntropyLogitsBackward f32", () => SoftmaxKernels.CrossEntropyLogitsBackward(xf, tf, gf, yf, rows, n));
    }

    [Fact]
    public void Elementwise_AllocatesNothing()
    {
        const int n = 1001;
        var rng = new Random(4);
        double[] x = TestUtil.Random<double>(rng, n, 0.1, 2), y = TestUtil.Random<double>(rng, n, 0.1, 2), d = new double[n];
        float[] xf = TestUtil.Random<float>(rng, n, 0.1, 2), yf = TestUtil.Random<float>(rng, n, 0.1, 2), df = new float[n];

        AssertNoAllocation("Add", () => Elementwise.Add(x, y, d));
        AssertNoAllocation("Subtract f32", () => Elementwise.Subtract(xf, yf, df));
        AssertNoAllocation("Multiply", () => Elementwise.Multiply(x, y, d));
        AssertNoAllocation("Divide f32", () => Elementwise.Divide(xf, yf, df));
        AssertNoAllocation("Exp", () => Elementwise.Exp(x, d));
        AssertNoAllocation("Log f32", () => Elementwise.Log(xf, df));
        AssertNoAllocation("Tanh", () => Elementwise.Tanh(x, d));
        AssertNoAllocation("Sigmoid f32", () => Elementwise.Sigmoid(xf, df));
        AssertNoAllocation("Relu", () => Elementwise.Relu(x, d));
        AssertNoAllocation("ReluBackward f32", () => Elementwise.ReluBackward(xf, yf, df));
        AssertNoAllocation("Axpy", () => Elementwise.Axpy(0.5, x, d));
        AssertNoAllocation("Scale f32", () => Elementwise.Scale(2f, xf, df));
        AssertNoAllocation("AddRowVector", () => Elementwise.AddRowVector(x.AsSpan(0, 1000), y.AsSpan(0, 10), d, 100, 10));
    }
}
