using System.Text.Json;

namespace SymGraph.Cli.Tests;

/// <summary>
/// <c>--hessian [dense|sparse]</c>, <c>eval --hvp</c>, Hessians of models with symbolic sizes, and the
/// pattern figures of <c>graph --stats</c>.
/// </summary>
public class HessianCliTests
{
    // f(a, B) = a² · sum(B) + sum(B²): ∂²f/∂a² = 2 sum(B), ∂²f/∂a∂B = 2a, ∂²f/∂B² = 2I.
    private const string Model = "param a\nparam B[2, 2]\nf = a^2 * sum(B) + sum(B^2)\nminimize f\n";
    private const string Values = "{ \"a\": 3, \"B\": [[1, 2], [3, 4]] }";

    // Least squares with symbolic sizes: f = Σ (A x − b)² + 0.1 Σ exp(x), H = 2AᵀA + 0.1 diag(exp x).
    private const string Symbolic = "input A[m, n]\ninput b[m]\nparam x[n]\nr = A @ x - b\nf = sum(r^2) + 0.1 * sum(exp(x))\nminimize f\n";
    private const string SymbolicValues = "{\"A\": [[1, 2, 0], [0, 1, 3], [1, 0, 1], [2, 1, 1]], \"b\": [1, 2, 3, 4], \"x\": [0.1, -0.2, 0.3]}";

    private static CliResult Run(string model, string values, params string[] args) => CliHost.RunModel(model, values, args);

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    public void EvalSparse_Json_IsCsrWithBothTrianglesAndStructuralZerosKept(string backend)
    {
        var r = Run(Model, Values, "eval", "m.sg", "--at", "m.json", "--hessian", "sparse", "--json", "--backend", backend);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var h = json.RootElement.GetProperty("hessian");
        Assert.Equal(new[] { "wrt", "rows", "cols", "row_ptr", "col_idx", "values" }, h.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[\"a\",\"B\"]", Compact(h.GetProperty("wrt")));
        Assert.Equal(5, h.GetProperty("rows").GetInt32());
        Assert.Equal(5, h.GetProperty("cols").GetInt32());
        Assert.Equal("[0,5,7,9,11,13]", Compact(h.GetProperty("row_ptr")));
        Assert.Equal("[0,1,2,3,4,0,1,0,2,0,3,0,4]", Compact(h.GetProperty("col_idx")));
        Assert.Equal("[20,6,6,6,6,6,2,6,2,6,2,6,2]", Compact(h.GetProperty("values")));
    }

    [Fact]
    public void EvalSparse_Text_ListsRowsAndColours()
    {
        var r = Run(Model, Values, "eval", "m.sg", "--at", "m.json", "--hessian", "sparse");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("hessian (5×5, rows and columns: a, B, row-major; 13 structural nonzeros, 2 colours):", r.Stdout);
        Assert.Contains("  row 0: [0] 20, [1] 6, [2] 6, [3] 6, [4] 6\n", r.Stdout);
    }

    [Theory]
    [InlineData("rosenbrock")]
    [InlineData("logistic_regression")]
    [InlineData("net121")]
    [InlineData("xor")]
    [InlineData("tanh_regression")]
    public void Examples_SparseHessian_EqualsDense(string name)
    {
        var dense = CliHost.Run("eval", CliHost.Model(name), "--at", CliHost.Values(name), "--hessian", "--json");
        var sparse = CliHost.Run("eval", CliHost.Model(name), "--at", CliHost.Values(name), "--hessian", "sparse", "--json");
        Assert.True(dense.ExitCode == 0 && sparse.ExitCode == 0, dense + "\n" + sparse);
        using var d = JsonDocument.Parse(dense.Stdout);
        using var s = JsonDocument.Parse(sparse.Stdout);
        var matrix = d.RootElement.GetProperty("hessian").GetProperty("matrix").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var h = s.RootElement.GetProperty("hessian");
        var rowPtr = h.GetProperty("row_ptr").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var colIdx = h.GetProperty("col_idx").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var values = h.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        int n = matrix.Length;
        Assert.Equal(n + 1, rowPtr.Length);
        for (int i = 0; i < n; i++)
        {
            var row = new double[n];
            for (int e = rowPtr[i]; e < rowPtr[i + 1]; e++)
            {
                if (e > rowPtr[i]) Assert.True(colIdx[e] > colIdx[e - 1], "columns ascend");
                row[colIdx[e]] = values[e];
            }
            for (int j = 0; j < n; j++)
                Assert.True(Math.Abs(row[j] - matrix[i][j]) <= 1e-12 * Math.Max(1, Math.Abs(matrix[i][j])), $"{name} [{i},{j}]: sparse {row[j]}, dense {matrix[i][j]}");
        }
    }

    [Fact]
    public void Eval_SymbolicSizes_BindsThemForTheHessian_DenseAndSparse()
    {
        // H = 2AᵀA + 0.1 diag(exp x).
        double[,] a = { { 1, 2, 0 }, { 0, 1, 3 }, { 1, 0, 1 }, { 2, 1, 1 } };
        double[] x = { 0.1, -0.2, 0.3 };
        foreach (var form in new[] { "dense", "sparse" })
        {
            var r = Run(Symbolic, SymbolicValues, "eval", "m.sg", "--at", "m.json", "--hessian", form, "--json");
            Assert.True(r.ExitCode == 0, r.ToString());
            using var json = JsonDocument.Parse(r.Stdout);
            var h = json.RootElement.GetProperty("hessian");
            double At(int i, int j)
            {
                if (form == "dense") return h.GetProperty("matrix")[i][j].GetDouble();
                var ptr = h.GetProperty("row_ptr");
                for (int e = ptr[i].GetInt32(); e < ptr[i + 1].GetInt32(); e++)
                    if (h.GetProperty("col_idx")[e].GetInt32() == j) return h.GetProperty("values")[e].GetDouble();
                return 0;
            }
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    double expected = (i == j ? 0.1 * Math.Exp(x[i]) : 0) + 2 * Enumerable.Range(0, 4).Sum(k => a[k, i] * a[k, j]);
                    Assert.Equal(expected, At(i, j), 12);
                }
        }
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("sparse")]
    public void Check_SymbolicSizes_ChecksTheHessian(string form)
    {
        var r = Run(Symbolic, SymbolicValues, "check", "m.sg", "--hessian", form, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.True(json.RootElement.GetProperty("hessian").GetProperty("ok").GetBoolean());
        Assert.Equal(9, json.RootElement.GetProperty("hessian").GetProperty("entries").GetInt32());
    }

    [Fact]
    public void Graph_SymbolicWrt_HasNoValuesToBind_SG0502()
    {
        var r = Run(Symbolic, SymbolicValues, "graph", "m.sg", "--hessian", "--stats");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("SG0502", r.Stderr);
    }

    [Theory]
    [InlineData("interp")]
    [InlineData("expr")]
    [InlineData("cs")]
    public void EvalHvp_NestedLikeTheGradient_EqualsHessianTimesV(string backend)
    {
        var r = Run(Model, Values, "eval", "m.sg", "--at", "m.json", "--grad", "--hvp", "m.json", "--json", "--backend", backend);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        var root = json.RootElement;
        Assert.Equal(new[] { "outputs", "gradient", "hvp" }, root.EnumerateObject().Select(p => p.Name));
        // v = (3, [[1, 2], [3, 4]]): H·v = (20·3 + 6·10, 6·3 + 2·B) = (120, [[20, 22], [24, 26]]).
        Assert.Equal(120, root.GetProperty("hvp").GetProperty("a").GetDouble(), 12);
        Assert.Equal("[[20,22],[24,26]]", Compact(root.GetProperty("hvp").GetProperty("B")));
    }

    [Fact]
    public void EvalHvp_SymbolicSizes_AndAVectorOfAnotherSize_IsRefused()
    {
        using var dir = new TempDirectory();
        dir.File("m.sg", Symbolic);
        dir.File("m.json", SymbolicValues);
        dir.File("v.json", "{\"x\": [0, 1, 0]}");
        dir.File("w.json", "{\"x\": [0, 1]}");
        dir.File("u.json", "{\"y\": [0, 1, 0]}");
        var r = CliHost.RunIn(dir.Path, "eval", "m.sg", "--at", "m.json", "--hvp", "v.json", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        // Column 1 of 2AᵀA + 0.1 diag(exp x).
        var hv = json.RootElement.GetProperty("hvp").GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(new[] { 8, 12 + 0.1 * Math.Exp(-0.2), 8 }, hv, (p, q) => Math.Abs(p - q) < 1e-12);
        var bad = CliHost.RunIn(dir.Path, "eval", "m.sg", "--at", "m.json", "--hvp", "w.json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("size 'n' is 2 in w.json but 3", bad.Stderr);
        var unknown = CliHost.RunIn(dir.Path, "eval", "m.sg", "--at", "m.json", "--hvp", "u.json");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("SG04", unknown.Stderr);
    }

    [Fact]
    public void GraphStats_Rosenbrock_ReportsNonzerosAndColours()
    {
        var r = CliHost.Run("graph", CliHost.Model("rosenbrock"), "--hessian", "sparse", "--stats", "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal(28, json.RootElement.GetProperty("nonzeros").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("colors").GetInt32());
        var none = CliHost.Run("graph", CliHost.Model("rosenbrock"), "--stats", "--json");
        using var j2 = JsonDocument.Parse(none.Stdout);
        Assert.Equal(JsonValueKind.Null, j2.RootElement.GetProperty("nonzeros").ValueKind);
        var text = CliHost.Run("graph", CliHost.Model("rosenbrock"), "--hessian", "--stats");
        Assert.Contains("\nnonzeros     28        28\ncolours       3         3\n", text.Stdout);
    }

    [Fact]
    public void SparseHessian_OfTheMlp_IsTooDense_OneMessageQuickly()
    {
        // Dense layers make every logit depend on nearly all 235,146 values: refused while propagating, not after gigabytes.
        var r = CliHost.Run("graph", CliHost.Model("mlp"), "--hessian", "sparse", "--stats");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("symgraph: error: graph --stats --hessian sparse: the dependencies on the 235146 values are too dense for a sparse pattern " +
            "(more than 10,000,000 index entries); restrict them with 'wrt'\n", r.Stderr);
    }

    [Fact]
    public void HessianOption_RejectsOtherForms()
    {
        var r = CliHost.Run("eval", CliHost.Model("rosenbrock"), "--at", CliHost.Values("rosenbrock"), "--hessian", "sparce");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--hessian: 'sparce' is not one of dense, sparse; did you mean 'sparse'?", r.Stderr);
    }

    [Fact]
    public void Compile_HessianSparseAndHvp_WriteTheDocumentedMethods()
    {
        using var dir = new TempDirectory();
        var c = CliHost.Run("compile", CliHost.Model("rosenbrock"), "-o", dir.Path, "--hessian", "sparse", "--hvp");
        Assert.Equal(0, c.ExitCode);
        Assert.Contains("Value, Gradient, HessianSparse, HessianVectorProduct", c.Stdout);
        var text = File.ReadAllText(Path.Combine(dir.Path, "Rosenbrock.g.cs"));
        Assert.Contains("public static void HessianSparse(double[] x, double[] values)", text);
        Assert.Contains("public static void HessianVectorProduct(double[] x, double[] v, double[] hvp)", text);
        Assert.Contains("public static readonly int[] HessianSparseRowPointers", text);
        Assert.Contains("public static readonly int[] HessianSparseColumnIndices", text);
    }

    [Fact]
    public void Compile_HessianSparse_SymbolicSizes_NeedSize()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "m.sg"), Symbolic);
        var c = CliHost.RunIn(dir.Path, "compile", "m.sg", "--hessian", "sparse");
        Assert.Equal(2, c.ExitCode);
        Assert.Contains("compile --hessian sparse: a sparsity pattern is for one size; bind --size n=N", c.Stderr);
        var ok = CliHost.RunIn(dir.Path, "compile", "m.sg", "--hessian", "sparse", "--size", "n=5", "--size", "m=4", "--hvp");
        Assert.Equal(0, ok.ExitCode);
        var text = File.ReadAllText(Path.Combine(dir.Path, "M.g.cs"));
        Assert.Contains("if (x is null || x.Length != 5)", text);
        var bad = CliHost.RunIn(dir.Path, "compile", "m.sg", "--hessian", "sparse", "--size", "n=five");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--size: 'n=five' is not NAME=N", bad.Stderr);
    }
}
