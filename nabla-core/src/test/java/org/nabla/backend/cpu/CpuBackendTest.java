package org.nabla.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.nabla.backend.Backend;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.ReduceOp;
import org.nabla.backend.ScanOp;
import org.nabla.backend.UnaryOp;
import org.nabla.tensor.DType;
import org.nabla.tensor.Layout;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Storage;
import org.junit.jupiter.api.Test;

/**
 * Every kernel against a naive loop over multi-indices, on random shapes with odd, size-1 and size-0 dims and on
 * strided layouts: permuted memory order, steps, non-zero offsets and (for inputs) stride-0 broadcast dims.
 */
class CpuBackendTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final int CASES = 150;
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    /** A storage and a layout over it. */
    private record View(Storage storage, Layout layout) {
        double at(int[] idx) { return storage.getDouble(position(layout, idx)); }

        @Override
        public String toString() { return storage.dtype() + " " + layout; }
    }

    private static int position(Layout l, int[] idx) {
        int p = l.offset();
        for (int d = 0; d < idx.length; d++) p += idx[d] * l.strides()[d];
        return p;
    }

    /** Calls body with every multi-index of shape in row-major order (once with [] for a 0-d shape). */
    private static void forEachIndex(int[] shape, Consumer<int[]> body) {
        int n = Shape.numel(shape);
        int[] idx = new int[shape.length];
        for (int flat = 0; flat < n; flat++) {
            int rest = flat;
            for (int d = shape.length - 1; d >= 0; d--) {
                idx[d] = rest % shape[d];
                rest /= shape[d];
            }
            body.accept(idx.clone());
        }
    }

    private static int[] randomShape(Random r, int minRank, int maxRank) {
        int[] s = new int[minRank + r.nextInt(maxRank - minRank + 1)];
        for (int i = 0; i < s.length; i++) s[i] = r.nextInt(12) == 0 ? 0 : new int[] {1, 1, 2, 3, 4, 5, 7}[r.nextInt(7)];
        return s;
    }

    private static Storage randomStorage(Random r, DType dtype, int size) {
        Storage s = Storage.allocate(dtype, size);
        for (int i = 0; i < size; i++) s.setDouble(i, dtype.isFloating() ? r.nextGaussian() * 3 : r.nextInt(21) - 10);
        return s;
    }

    /**
     * A random view of the given shape into a larger random storage: every dim gets a step and slack, the dims are
     * laid out in a random memory order, and the view starts at a non-zero offset. With broadcast, some dims get
     * stride 0 (which only inputs may have).
     */
    private static View randomView(Random r, DType dtype, int[] shape, boolean broadcast) {
        int rank = shape.length;
        int[] extent = new int[rank], start = new int[rank], step = new int[rank];
        for (int d = 0; d < rank; d++) {
            step[d] = 1 + r.nextInt(2);
            int slack = r.nextInt(3);
            extent[d] = Math.max(1, (shape[d] - 1) * step[d] + 1 + slack);
            start[d] = shape[d] == 0 ? 0 : r.nextInt(slack + 1);
        }
        List<Integer> order = new ArrayList<>();
        for (int d = 0; d < rank; d++) order.add(d);
        java.util.Collections.shuffle(order, r);
        int[] memStride = new int[rank];
        int size = 1;
        for (int i = rank - 1; i >= 0; i--) {
            memStride[order.get(i)] = size;
            size *= extent[order.get(i)];
        }
        int offset = r.nextInt(4);
        int[] strides = new int[rank];
        for (int d = 0; d < rank; d++) {
            offset += start[d] * memStride[d];
            strides[d] = broadcast && r.nextInt(5) == 0 ? 0 : memStride[d] * step[d];
        }
        int total = r.nextInt(4) + size + r.nextInt(4) + 4;
        return new View(randomStorage(r, dtype, total), new Layout(shape.clone(), strides, offset));
    }

    private static DType randomDtype(Random r) { return DType.values()[r.nextInt(4)]; }

    /** v as stored in dtype: float32 rounding, truncation toward zero for integers. */
    private static double convert(double v, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            case INT32 -> (int) v;
            case INT64 -> (long) v;
        };
    }

    private static void assertClose(double actual, double expected, double tol, String what) {
        if (Double.isNaN(expected)) {
            assertThat(actual).as(what).isNaN();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(Math.abs(actual - expected)).as("%s: %s vs expected %s", what, actual, expected)
                    .isLessThanOrEqualTo(tol * Math.max(1, Math.abs(expected)));
        }
    }

    private static double tolerance(DType dtype) { return dtype == DType.FLOAT32 ? 2e-6 : 1e-13; }

    // ---------------------------------------------------------------- full, copy, copyInto

    @Test
    void fullFillsEveryDtype() {
        for (DType dtype : DType.values()) {
            Storage s = CPU.full(dtype, 5, 2.75);
            assertThat(s.dtype()).isEqualTo(dtype);
            assertThat(s.size()).isEqualTo(5);
            for (int i = 0; i < 5; i++) assertThat(s.getDouble(i)).isEqualTo(convert(2.75, dtype));
            assertThat(CPU.full(dtype, 0, 1).size()).isZero();
            assertThat(CPU.full(dtype, 3, 0).getDouble(2)).isZero();
        }
    }

    @Test
    void copyGathersTheViewIntoAContiguousStorageOfAnyDtype() {
        Random r = new Random(1);
        for (int c = 0; c < CASES; c++) {
            View src = randomView(r, randomDtype(r), randomShape(r, 0, 4), true);
            DType to = randomDtype(r);
            Storage out = CPU.copy(src.storage(), src.layout(), to);
            assertThat(out.dtype()).isEqualTo(to);
            assertThat(out.size()).isEqualTo(src.layout().numel());
            int[] k = {0};
            forEachIndex(src.layout().shape(), idx ->
                    assertThat(out.getDouble(k[0]++)).as("%s to %s at %s", src, to, Arrays.toString(idx)).isEqualTo(convert(src.at(idx), to)));
        }
    }

    @Test
    void copyIntoWritesExactlyTheDestinationViewAndConverts() {
        Random r = new Random(2);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 0, 4);
            View src = randomView(r, randomDtype(r), shape, true);
            View dst = randomView(r, randomDtype(r), shape, false);
            double[] before = new double[dst.storage().size()];
            for (int i = 0; i < before.length; i++) before[i] = dst.storage().getDouble(i);
            CPU.copyInto(src.storage(), src.layout(), dst.storage(), dst.layout());
            Set<Integer> written = new HashSet<>();
            forEachIndex(shape, idx -> {
                written.add(position(dst.layout(), idx));
                assertThat(dst.at(idx)).as("%s into %s at %s", src, dst, Arrays.toString(idx))
                        .isEqualTo(convert(src.at(idx), dst.storage().dtype()));
            });
            for (int i = 0; i < before.length; i++)
                if (!written.contains(i)) assertThat(dst.storage().getDouble(i)).as("untouched element %d", i).isEqualTo(before[i]);
        }
    }

    @Test
    void copyIntoRefusesDifferentShapes() {
        Storage s = CPU.full(DType.FLOAT32, 6, 1);
        assertThatThrownBy(() -> CPU.copyInto(s, Layout.contiguous(new int[] {2, 3}), s, Layout.contiguous(new int[] {3, 2})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("copy: source shape [2, 3] differs from destination shape [3, 2]");
    }

    // ---------------------------------------------------------------- elementwise

    private static double unaryReference(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case RELU -> Math.max(x, 0);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ERF -> Erf.erf(x); // checked against known values in ErfTest; here the strided walk is tested
            case GELU -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
        };
    }

    @Test
    void unaryMatchesTheReferenceOnStridedViews() {
        Random r = new Random(3);
        for (UnaryOp op : UnaryOp.values()) {
            for (int c = 0; c < 30; c++) {
                DType dtype = FLOATS[c % 2];
                View x = randomView(r, dtype, randomShape(r, 0, 4), true);
                Storage out = CPU.unary(op, x.storage(), x.layout());
                assertThat(out.dtype()).isEqualTo(dtype);
                assertThat(out.size()).isEqualTo(x.layout().numel());
                int[] k = {0};
                forEachIndex(x.layout().shape(), idx -> assertClose(out.getDouble(k[0]++),
                        convert(unaryReference(op, x.at(idx)), dtype), tolerance(dtype), op + " of " + x + " at " + Arrays.toString(idx)));
            }
        }
    }

    @Test
    void unaryNeedsAFloatingDtype() {
        Storage ints = CPU.full(DType.INT64, 3, 1);
        assertThatThrownBy(() -> CPU.unary(UnaryOp.EXP, ints, Layout.contiguous(new int[] {3})))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("EXP: needs a floating dtype, got int64");
    }

    private static double binaryReference(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case RELU_BACKWARD -> b > 0 ? a : 0;
            case GELU_BACKWARD -> a * (0.5 * (1 + Erf.erf(b / Math.sqrt(2))) + b * Math.exp(-b * b / 2) / Math.sqrt(2 * Math.PI));
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    @Test
    void binaryMatchesTheReferenceOnBroadcastStridedViews() {
        Random r = new Random(4);
        for (BinaryOp op : BinaryOp.values()) {
            for (int c = 0; c < 30; c++) {
                DType dtype = FLOATS[c % 2];
                int[] shape = randomShape(r, 0, 4);
                View a = randomView(r, dtype, shape, true), b = randomView(r, dtype, shape, true);
                if (op.isComparison() && c % 3 == 0) b = a; // equal operands exercise EQ, LE and GE
                Storage out = CPU.binary(op, a.storage(), a.layout(), b.storage(), b.layout());
                assertThat(out.dtype()).isEqualTo(dtype);
                assertThat(out.size()).isEqualTo(Shape.numel(shape));
                int[] k = {0};
                View fa = a, fb = b;
                // For float32 operands, the double result rounded to float is the correctly rounded float result.
                forEachIndex(shape, idx -> assertClose(out.getDouble(k[0]++), convert(binaryReference(op, fa.at(idx), fb.at(idx)), dtype),
                        tolerance(dtype), op + " of " + fa + ", " + fb + " at " + Arrays.toString(idx)));
            }
        }
    }

    @Test
    void binaryRefusesMixedDtypes() {
        Layout l = Layout.contiguous(new int[] {2});
        assertThatThrownBy(() -> CPU.binary(BinaryOp.ADD, CPU.full(DType.FLOAT32, 2, 1), l, CPU.full(DType.FLOAT64, 2, 1), l))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ADD: operands must share a dtype, got float32 and float64");
    }

    @Test
    void whereSelectsByAnyNonZeroConditionForEveryDtype() {
        Random r = new Random(5);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 0, 4);
            DType dtype = randomDtype(r);
            View cond = randomView(r, randomDtype(r), shape, true);
            for (int i = 0; i < cond.storage().size(); i++) cond.storage().setDouble(i, new double[] {0, 0, 1, -2, 0.5}[r.nextInt(5)]);
            View a = randomView(r, dtype, shape, true), b = randomView(r, dtype, shape, true);
            Storage out = CPU.where(cond.storage(), cond.layout(), a.storage(), a.layout(), b.storage(), b.layout());
            assertThat(out.dtype()).isEqualTo(dtype);
            int[] k = {0};
            forEachIndex(shape, idx -> assertThat(out.getDouble(k[0]++)).as("where(%s) at %s", cond, Arrays.toString(idx))
                    .isEqualTo(cond.at(idx) != 0 ? a.at(idx) : b.at(idx)));
        }
    }

    /** float32 rows long enough for the vector loop and the split over threads; NaN conditions count as true; broadcast operands. */
    @Test
    void float32WhereOnLongRowsMatchesTheScalarDefinition() {
        Random r = new Random(9);
        int saved = Parallel.threads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                for (int n : new int[] {5, 67, (1 << 15) + 37}) {
                    float[] c = new float[n], a = new float[n], b = new float[n];
                    for (int i = 0; i < n; i++) {
                        c[i] = new float[] {0, 1, -2, Float.NaN, 0.5f, -0f}[r.nextInt(6)];
                        a[i] = (float) r.nextGaussian();
                        b[i] = (float) r.nextGaussian();
                    }
                    Layout dense = Layout.contiguous(new int[] {n}), scalar = new Layout(new int[] {n}, new int[] {0}, 0);
                    float[] all = ((Storage.F32) CPU.where(new Storage.F32(c), dense, new Storage.F32(a), dense, new Storage.F32(b), dense)).data();
                    float[] ones = ((Storage.F32) CPU.where(new Storage.F32(c), dense, new Storage.F32(new float[] {1f}), scalar,
                            new Storage.F32(new float[] {0.2f}), scalar)).data();
                    for (int i = 0; i < n; i++) {
                        boolean pick = c[i] != 0;
                        assertThat(all[i]).as("n %d at %d", n, i).isEqualTo(pick ? a[i] : b[i]);
                        assertThat(ones[i]).as("n %d at %d", n, i).isEqualTo(pick ? 1f : 0.2f);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    // ---------------------------------------------------------------- reductions

    private static int[] randomDims(Random r, int[] shape, boolean allowEmptyDims) {
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++)
            if (r.nextBoolean() && (allowEmptyDims || shape[d] > 0)) dims.add(d);
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void reduceMatchesTheReferenceForEveryOpDtypeAndSetOfDims() {
        Random r = new Random(6);
        for (ReduceOp op : ReduceOp.values()) {
            for (int c = 0; c < CASES; c++) {
                DType dtype = randomDtype(r);
                int[] shape = randomShape(r, 0, 4);
                int[] dims = randomDims(r, shape, op == ReduceOp.SUM);
                View x = randomView(r, dtype, shape, true);
                if (op != ReduceOp.SUM && dtype.isFloating() && c % 10 == 0 && x.layout().numel() > 0)
                    x.storage().setDouble(position(x.layout(), new int[shape.length]), Double.NaN);
                Storage out = CPU.reduce(op, x.storage(), x.layout(), dims);

                DType expectedType = dtype.isFloating() || (dtype == DType.INT32 && op != ReduceOp.SUM) ? dtype : DType.INT64;
                assertThat(out.dtype()).as("%s of %s", op, dtype).isEqualTo(expectedType);
                int[] outShape = shape.clone();
                for (int d : dims) outShape[d] = 1;
                double[] expected = new double[Shape.numel(outShape)];
                Arrays.fill(expected, op == ReduceOp.SUM ? 0 : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
                int[] outStrides = Shape.contiguousStrides(outShape);
                forEachIndex(shape, idx -> {
                    int o = 0;
                    for (int d = 0; d < idx.length; d++) if (outShape[d] != 1) o += idx[d] * outStrides[d];
                    double v = x.at(idx);
                    expected[o] = switch (op) {
                        case SUM -> expected[o] + v;
                        case MAX -> Math.max(expected[o], v);
                        case MIN -> Math.min(expected[o], v);
                    };
                });
                assertThat(out.size()).isEqualTo(expected.length);
                for (int i = 0; i < expected.length; i++)
                    assertClose(out.getDouble(i), convert(expected[i], expectedType), dtype == DType.FLOAT32 ? 1e-5 : 1e-12,
                            op + " over " + Arrays.toString(dims) + " of " + x + " at " + i);
            }
        }
    }

    @Test
    void argReduceFindsTheFirstExtremumAndPropagatesNaN() {
        Random r = new Random(7);
        for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
            for (int c = 0; c < CASES; c++) {
                DType dtype = randomDtype(r);
                int[] shape = randomShape(r, 1, 4);
                int dim = r.nextInt(shape.length);
                if (shape[dim] == 0) shape[dim] = 3;
                View x = randomView(r, dtype, shape, true);
                // Few distinct values, so ties are common.
                for (int i = 0; i < x.storage().size(); i++) x.storage().setDouble(i, r.nextInt(4));
                boolean withNaN = dtype.isFloating() && c % 8 == 0;
                if (withNaN) x.storage().setDouble(x.layout().offset(), Double.NaN);
                Storage out = CPU.argReduce(op, x.storage(), x.layout(), dim);
                assertThat(out.dtype()).isEqualTo(DType.INT64);
                int[] outShape = shape.clone();
                outShape[dim] = 1;
                assertThat(out.size()).isEqualTo(Shape.numel(outShape));
                int[] k = {0};
                forEachIndex(outShape, idx -> {
                    int best = 0;
                    double bestV = Double.NaN;
                    for (int j = 0; j < shape[dim]; j++) {
                        idx[dim] = j;
                        double v = x.at(idx);
                        if (Double.isNaN(v)) {
                            best = j;
                            break;
                        }
                        if (j == 0 || (op == ReduceOp.MAX ? v > bestV : v < bestV)) {
                            best = j;
                            bestV = v;
                        }
                    }
                    idx[dim] = 0;
                    assertThat(out.getDouble(k[0]++)).as("%s along %d of %s at %s", op, dim, x, Arrays.toString(idx)).isEqualTo(best);
                });
            }
        }
        assertThatThrownBy(() -> CPU.argReduce(ReduceOp.SUM, CPU.full(DType.FLOAT32, 2, 0), Layout.contiguous(new int[] {2}), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SUM");
    }

    /** Row-major position of idx in a contiguous tensor of the given shape. */
    private static int flat(int[] shape, int[] idx) { return position(Layout.contiguous(shape), idx); }

    @Test
    void scanMatchesARunningSumOrProductInEitherDirection() {
        Random r = new Random(12);
        for (ScanOp op : ScanOp.values()) {
            for (int c = 0; c < CASES; c++) {
                DType dtype = randomDtype(r);
                int[] shape = randomShape(r, 1, 4);
                int dim = r.nextInt(shape.length);
                boolean reverse = r.nextBoolean();
                View x = randomView(r, dtype, shape, true);
                Storage out = CPU.scan(op, x.storage(), x.layout(), dim, reverse);
                DType type = dtype.isFloating() ? dtype : DType.INT64;
                assertThat(out.dtype()).isEqualTo(type);
                assertThat(out.size()).isEqualTo(Shape.numel(shape));
                int[] rows = shape.clone();
                rows[dim] = Math.min(1, shape[dim]);
                forEachIndex(rows, idx -> {
                    double acc = op == ScanOp.SUM ? 0 : 1;
                    for (int j = 0; j < shape[dim]; j++) {
                        idx[dim] = reverse ? shape[dim] - 1 - j : j;
                        acc = op == ScanOp.SUM ? acc + x.at(idx) : acc * x.at(idx);
                        assertClose(out.getDouble(flat(shape, idx)), convert(acc, type), tolerance(type),
                                op + (reverse ? " reversed" : "") + " along " + dim + " of " + x + " at " + Arrays.toString(idx));
                    }
                });
            }
        }
    }

    @Test
    void sortIndicesMatchAStableReferenceSort() {
        Random r = new Random(13);
        for (int c = 0; c < CASES; c++) {
            DType dtype = randomDtype(r);
            int[] shape = randomShape(r, 1, 4);
            int dim = r.nextInt(shape.length);
            if (c % 10 == 0) shape[dim] = 40 + r.nextInt(30); // long rows: insertion-sorted runs, then merges
            boolean descending = r.nextBoolean();
            View x = randomView(r, dtype, shape, true);
            // Few distinct values, so ties are common; floats also get NaN, infinities and both zeros.
            double[] pool = dtype.isFloating() ? new double[] {1, 2, -1, 0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}
                    : new double[] {1, 2, -1, 0, 3};
            for (int i = 0; i < x.storage().size(); i++) x.storage().setDouble(i, pool[r.nextInt(pool.length)]);
            int k = r.nextInt(shape[dim] + 1);
            Storage out = CPU.sortIndices(x.storage(), x.layout(), dim, descending, k);
            assertThat(out.dtype()).isEqualTo(DType.INT64);
            int[] outShape = shape.clone();
            outShape[dim] = k;
            assertThat(out.size()).isEqualTo(Shape.numel(outShape));
            int[] rows = shape.clone();
            rows[dim] = Math.min(1, shape[dim]);
            forEachIndex(rows, idx -> {
                List<Integer> order = new ArrayList<>();
                double[] v = new double[shape[dim]];
                for (int j = 0; j < v.length; j++) {
                    idx[dim] = j;
                    v[j] = x.at(idx) + 0.0; // -0.0 ties with 0.0; Double.compare puts NaN above +inf
                    order.add(j);
                }
                order.sort(descending ? (a, b) -> Double.compare(v[b], v[a]) : (a, b) -> Double.compare(v[a], v[b]));
                for (int j = 0; j < k; j++) {
                    idx[dim] = j;
                    assertThat(out.getDouble(flat(outShape, idx))).as("position %d of %s sorted along %d%s", j, x, dim,
                            descending ? " descending" : "").isEqualTo(order.get(j).doubleValue());
                }
            });
        }
    }

    @Test
    void sortIndicesAreExactForInt64BeyondFloatPrecision() {
        long big = 1L << 53;
        Storage x = new Storage.I64(new long[] {big + 1, big, big + 3, big + 2});
        Storage out = CPU.sortIndices(x, Layout.contiguous(new int[] {4}), 0, false, 4);
        assertThat(((Storage.I64) out).data()).containsExactly(1, 0, 3, 2);
    }

    // ---------------------------------------------------------------- matmul

    @Test
    void matmulMatchesTheReferenceOnStridedBatches() {
        Random r = new Random(8);
        int[] sizes = {0, 1, 2, 3, 5, 7, 8, 16, 17, 33};
        for (int c = 0; c < CASES; c++) {
            DType dtype = FLOATS[c % 2];
            int batch = r.nextInt(4), m = sizes[r.nextInt(sizes.length)], k = sizes[r.nextInt(sizes.length)], n = sizes[r.nextInt(sizes.length)];
            View a = randomView(r, dtype, new int[] {batch, m, k}, true);
            View b = randomView(r, dtype, new int[] {batch, k, n}, true);
            Storage out = CPU.matmul(a.storage(), a.layout(), b.storage(), b.layout());
            assertThat(out.dtype()).isEqualTo(dtype);
            assertThat(out.size()).isEqualTo(batch * m * n);
            for (int bi = 0; bi < batch; bi++)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double sum = 0, scale = 0;
                        for (int p = 0; p < k; p++) {
                            double prod = a.at(new int[] {bi, i, p}) * b.at(new int[] {bi, p, j});
                            sum += prod;
                            scale += Math.abs(prod);
                        }
                        double got = out.getDouble((bi * m + i) * n + j);
                        double tol = (dtype == DType.FLOAT32 ? 1e-5 : 1e-12) * (scale + 1);
                        assertThat(Math.abs(got - sum)).as("[%d, %d, %d] of %s x %s", bi, i, j, a, b).isLessThanOrEqualTo(tol);
                    }
        }
    }

    // ---------------------------------------------------------------- indexing

    /** An index view of the given shape with values in [-size, size) and an int32 or int64 dtype. */
    private static View randomIndex(Random r, int[] shape, int size) {
        View v = randomView(r, r.nextBoolean() ? DType.INT64 : DType.INT32, shape, true);
        for (int i = 0; i < v.storage().size(); i++) v.storage().setDouble(i, r.nextInt(2 * size) - size);
        return v;
    }

    /** A shape no larger than bound outside dim, of any size 0..3 along dim. */
    private static int[] indexShape(Random r, int[] bound, int dim) {
        int[] s = new int[bound.length];
        for (int d = 0; d < s.length; d++) s[d] = d == dim ? r.nextInt(4) : r.nextInt(bound[d] + 1);
        return s;
    }

    private static int wrap(double index, int size) { return (int) (index < 0 ? index + size : index); }

    @Test
    void gatherMatchesTheReference() {
        Random r = new Random(9);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 1, 4);
            int dim = r.nextInt(shape.length);
            if (shape[dim] == 0) shape[dim] = 2;
            View x = randomView(r, randomDtype(r), shape, true);
            int[] ishape = indexShape(r, shape, dim);
            View idx = randomIndex(r, ishape, shape[dim]);
            Storage out = CPU.gather(x.storage(), x.layout(), dim, idx.storage(), idx.layout());
            assertThat(out.dtype()).isEqualTo(x.storage().dtype());
            int[] k = {0};
            forEachIndex(ishape, at -> {
                int[] src = at.clone();
                src[dim] = wrap(idx.at(at), shape[dim]);
                assertThat(out.getDouble(k[0]++)).as("gather along %d of %s by %s at %s", dim, x, idx, Arrays.toString(at)).isEqualTo(x.at(src));
            });
        }
    }

    @Test
    void scatterAddAndScatterMatchTheReferenceAndLeaveOtherElementsAlone() {
        Random r = new Random(10);
        for (int c = 0; c < 2 * CASES; c++) {
            boolean add = c % 2 == 0; // scatter_add, or scatter (where the last write to a position wins)
            int[] shape = randomShape(r, 1, 4);
            int dim = r.nextInt(shape.length);
            if (shape[dim] == 0) shape[dim] = 2;
            View dst = randomView(r, randomDtype(r), shape, false);
            int[] ishape = indexShape(r, shape, dim);
            View idx = randomIndex(r, ishape, shape[dim]);
            int[] sshape = ishape.clone();
            for (int d = 0; d < sshape.length; d++) sshape[d] += r.nextInt(2); // the source may be larger than the index
            View src = randomView(r, randomDtype(r), sshape, true);

            DType type = dst.storage().dtype();
            double[] expected = new double[dst.storage().size()];
            for (int i = 0; i < expected.length; i++) expected[i] = dst.storage().getDouble(i);
            forEachIndex(ishape, at -> {
                int[] target = at.clone();
                target[dim] = wrap(idx.at(at), shape[dim]);
                int p = position(dst.layout(), target);
                expected[p] = add ? convert(expected[p] + convert(src.at(at), type), type) : convert(src.at(at), type);
            });
            if (add) CPU.scatterAdd(dst.storage(), dst.layout(), dim, idx.storage(), idx.layout(), src.storage(), src.layout());
            else CPU.scatter(dst.storage(), dst.layout(), dim, idx.storage(), idx.layout(), src.storage(), src.layout());
            for (int i = 0; i < expected.length; i++)
                assertClose(dst.storage().getDouble(i), expected[i], tolerance(type) * 10, (add ? "scatterAdd" : "scatter") + " into " + dst + " element " + i);
        }
    }

    @Test
    void indexSelectMatchesTheReference() {
        Random r = new Random(11);
        for (int c = 0; c < CASES; c++) {
            int[] shape = randomShape(r, 1, 4);
            int dim = r.nextInt(shape.length);
            if (shape[dim] == 0) shape[dim] = 3;
            View x = randomView(r, randomDtype(r), shape, true);
            View idx = randomIndex(r, r.nextInt(5) == 0 ? new int[0] : new int[] {r.nextInt(6)}, shape[dim]);
            Storage out = CPU.indexSelect(x.storage(), x.layout(), dim, idx.storage(), idx.layout());
            int count = idx.layout().numel();
            int[] outShape = shape.clone();
            outShape[dim] = count;
            assertThat(out.dtype()).isEqualTo(x.storage().dtype());
            assertThat(out.size()).isEqualTo(Shape.numel(outShape));
            int[] k = {0};
            forEachIndex(outShape, at -> {
                int[] src = at.clone();
                src[dim] = wrap(idx.at(idx.layout().rank() == 0 ? new int[0] : new int[] {at[dim]}), shape[dim]);
                assertThat(out.getDouble(k[0]++)).as("index_select along %d of %s by %s at %s", dim, x, idx, Arrays.toString(at)).isEqualTo(x.at(src));
            });
        }
    }

    @Test
    void indexingKernelsRefuseOutOfRangeIndicesAndBadIndexTensors() {
        Storage x = CPU.full(DType.FLOAT32, 6, 1);
        Layout lx = Layout.contiguous(new int[] {2, 3});
        Storage bad = Storage.allocate(DType.INT64, 2);
        bad.setDouble(1, 3);
        Layout li = Layout.contiguous(new int[] {1, 2});
        assertThatThrownBy(() -> CPU.gather(x, lx, 1, bad, li)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("gather: index 3 is out of bounds for dim 1 with size 3");
        assertThatThrownBy(() -> CPU.scatterAdd(x, lx, 1, bad, li, x, lx)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("scatter_add: index 3 is out of bounds for dim 1 with size 3");
        assertThatThrownBy(() -> CPU.indexSelect(x, lx, 1, bad, Layout.contiguous(new int[] {2}))).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index_select: index 3 is out of bounds for dim 1 with size 3");
        bad.setDouble(1, -4);
        assertThatThrownBy(() -> CPU.gather(x, lx, 1, bad, li)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("index -4");
        assertThatThrownBy(() -> CPU.gather(x, lx, 1, bad, Layout.contiguous(new int[] {2}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gather: index rank 1 must equal the input rank 2");
        assertThatThrownBy(() -> CPU.gather(x, lx, 1, Storage.allocate(DType.INT64, 9), Layout.contiguous(new int[] {3, 3})))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("gather: index shape [3, 3] exceeds input shape [2, 3] at dim 0");
        assertThatThrownBy(() -> CPU.gather(x, lx, 1, CPU.full(DType.FLOAT32, 2, 0), li)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int64 or int32");
    }

    @Test
    void sumOverAllDimsButOneMatchesTheDefinitionOnAnyThreadCount() {
        int saved = Parallel.threads();
        try {
            // A small tensor (one thread's path) and a conv-sized one (shared between threads), each kept dim in turn.
            for (int[] shape : new int[][] {{3, 5, 4, 20}, {8, 6, 28, 28}}) {
                Random r = new Random(11);
                float[] data = new float[Shape.numel(shape)];
                for (int i = 0; i < data.length; i++) data[i] = (float) r.nextGaussian();
                Layout layout = Layout.contiguous(shape);
                for (int keep = 0; keep < 3; keep++) {
                    int[] dims = new int[3];
                    for (int d = 0, j = 0; d < 4; d++) if (d != keep) dims[j++] = d;
                    int[] strides = Shape.contiguousStrides(shape);
                    double[] want = new double[shape[keep]];
                    for (int i = 0; i < data.length; i++) want[(i / strides[keep]) % shape[keep]] += data[i];
                    Parallel.setThreads(1);
                    float[] one = ((Storage.F32) CPU.reduce(ReduceOp.SUM, new Storage.F32(data), layout, dims)).data();
                    Parallel.setThreads(2);
                    float[] two = ((Storage.F32) CPU.reduce(ReduceOp.SUM, new Storage.F32(data), layout, dims)).data();
                    assertThat(two).as("same bits on 1 and 2 threads").containsExactly(one);
                    for (int c = 0; c < want.length; c++)
                        assertThat((double) one[c]).as("%s keep %d at %d", Arrays.toString(shape), keep, c)
                                .isCloseTo(want[c], org.assertj.core.api.Assertions.within(1e-5 * (1 + Math.abs(want[c]))));
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
