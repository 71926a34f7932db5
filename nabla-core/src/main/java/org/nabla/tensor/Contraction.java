package org.nabla.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * torch.einsum, reduced to ops that already have gradients: repeated subscripts within an operand take a diagonal,
 * subscripts no other operand and not the output name are summed, and the operands are then contracted left to
 * right, each pair as one batched matrix product: permute both to [batch, kept, summed] / [batch, summed, kept],
 * reshape to 3-d, bmm, reshape back. Size-1 dims broadcast, as in PyTorch; "..." stands for the leading dims
 * that no subscript names (right-aligned and broadcast across operands).
 */
final class Contraction {
    private Contraction() {}

    /** Subscripts A-Z are 0-25 and a-z 26-51 (so their order is the implicit output's order); "..." dims follow. */
    private static final int LETTERS = 52;
    private static final int ELLIPSIS = -1;

    /** One operand (or partial result) and the subscript of each of its dims. */
    private record Term(Tensor t, int[] labels) {}

    static Tensor einsum(String equation, Tensor[] operands) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String[] inputs = (arrow < 0 ? eq : eq.substring(0, arrow)).split(",", -1);
        if (inputs.length != operands.length)
            throw new IllegalArgumentException("einsum: \"" + equation + "\" has " + inputs.length + " operand(s) but "
                    + operands.length + " tensor(s) were given");
        int[][] parsed = new int[operands.length][];
        int ellipsisDims = 0;
        for (int i = 0; i < operands.length; i++) {
            parsed[i] = parse(equation, inputs[i]);
            int named = count(parsed[i], l -> l != ELLIPSIS), rank = operands[i].dim();
            boolean ellipsis = named < parsed[i].length;
            if (ellipsis ? rank < named : rank != named)
                throw new IllegalArgumentException("einsum: operand " + i + " has " + rank + " dims (shape " + Shape.str(operands[i].shape())
                        + ") but its subscripts \"" + inputs[i] + "\" name " + named + (ellipsis ? " and more" : ""));
            if (ellipsis) ellipsisDims = Math.max(ellipsisDims, rank - named);
        }
        List<Term> terms = new ArrayList<>();
        int[] sizes = new int[LETTERS + ellipsisDims];
        Arrays.fill(sizes, -1);
        int[] uses = new int[sizes.length];
        for (int i = 0; i < operands.length; i++) {
            int[] labels = expandEllipsis(parsed[i], operands[i].dim(), ellipsisDims);
            for (int d = 0; d < labels.length; d++) {
                int l = labels[d], s = operands[i].shape()[d], first = indexOf(labels, l);
                uses[l]++;
                if (first < d && operands[i].shape()[first] != s)
                    throw new IllegalArgumentException("einsum: " + name(l) + " is repeated in operand " + i
                            + " with different sizes " + operands[i].shape()[first] + " and " + s);
                if (sizes[l] != -1 && sizes[l] != 1 && s != 1 && sizes[l] != s)
                    throw new IllegalArgumentException("einsum: " + name(l) + " has size " + s + " in operand " + i
                            + ", which does not broadcast with size " + sizes[l] + " seen before");
                if (sizes[l] == -1 || sizes[l] == 1) sizes[l] = s;
            }
            terms.add(new Term(operands[i], labels));
        }
        int[] output = arrow < 0 ? implicitOutput(uses, ellipsisDims) : explicitOutput(equation, eq.substring(arrow + 2), uses, ellipsisDims);

        for (int i = 0; i < terms.size(); i++) terms.set(i, sumUnshared(diagonals(terms.get(i)), i, terms, output));
        Term acc = terms.get(0);
        for (int i = 1; i < terms.size(); i++) acc = contract(acc, terms.get(i), needed(output, terms.subList(i + 1, terms.size())));
        int[] order = new int[output.length];
        for (int k = 0; k < output.length; k++) order[k] = indexOf(acc.labels(), output[k]);
        return acc.t().permute(order);
    }

    // ------------------------------------------------------------ the equation

    /** The subscripts of one term, with ELLIPSIS where "..." stands. */
    private static int[] parse(String equation, String term) {
        int[] labels = new int[term.length()];
        int n = 0;
        boolean ellipsis = false;
        for (int i = 0; i < term.length(); ) {
            char c = term.charAt(i);
            if (c == '.') {
                if (ellipsis || !term.startsWith("...", i))
                    throw new IllegalArgumentException("einsum: \"" + term + "\" in \"" + equation + "\" has a '.' that is not part of a single \"...\"");
                ellipsis = true;
                labels[n++] = ELLIPSIS;
                i += 3;
            } else {
                if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'))
                    throw new IllegalArgumentException("einsum: invalid character '" + c + "' in \"" + equation
                            + "\"; subscripts are the letters a-z and A-Z, with at most one \"...\" per operand, and one \"->\"");
                labels[n++] = c <= 'Z' ? c - 'A' : 26 + c - 'a';
                i++;
            }
        }
        return Arrays.copyOf(labels, n);
    }

    /** The term's subscripts with "..." replaced by the last (rank - named) of the shared ellipsis dims. */
    private static int[] expandEllipsis(int[] parsed, int rank, int ellipsisDims) {
        int[] labels = new int[rank];
        int own = rank - count(parsed, l -> l != ELLIPSIS), d = 0;
        for (int l : parsed) {
            if (l != ELLIPSIS) labels[d++] = l;
            else for (int e = 0; e < own; e++) labels[d++] = LETTERS + ellipsisDims - own + e;
        }
        return labels;
    }

    /** Implicit mode: the "..." dims, then the subscripts used exactly once, in alphabetical order (A-Z before a-z). */
    private static int[] implicitOutput(int[] uses, int ellipsisDims) {
        int[] out = new int[uses.length];
        int n = 0;
        for (int e = 0; e < ellipsisDims; e++) out[n++] = LETTERS + e;
        for (int l = 0; l < LETTERS; l++) if (uses[l] == 1) out[n++] = l;
        return Arrays.copyOf(out, n);
    }

    private static int[] explicitOutput(String equation, String rhs, int[] uses, int ellipsisDims) {
        int[] parsed = parse(equation, rhs);
        int[] out = new int[LETTERS + ellipsisDims];
        int n = 0;
        for (int l : parsed) {
            if (l == ELLIPSIS) {
                for (int e = 0; e < ellipsisDims; e++) out[n++] = LETTERS + e;
                continue;
            }
            if (uses[l] == 0) throw new IllegalArgumentException("einsum: output " + name(l) + " of \"" + equation + "\" appears in no operand");
            if (indexOf(Arrays.copyOf(out, n), l) >= 0)
                throw new IllegalArgumentException("einsum: output " + name(l) + " of \"" + equation + "\" appears more than once");
            out[n++] = l;
        }
        return Arrays.copyOf(out, n);
    }

    // ------------------------------------------------------------ reducing the terms

    /** Repeated subscripts in one operand (such as "ii") keep only their diagonal, as one dim at the end. */
    private static Term diagonals(Term term) {
        Tensor t = term.t();
        int[] labels = term.labels();
        for (int p = 0; p < labels.length; p++) {
            for (int q = p + 1; q < labels.length; q++) {
                if (labels[p] != labels[q]) continue;
                t = t.diagonal(0, p, q); // equal sizes: checked with the other sizes
                int[] rest = new int[labels.length - 1];
                for (int d = 0, j = 0; d < labels.length; d++) if (d != p && d != q) rest[j++] = labels[d];
                rest[rest.length - 1] = labels[p];
                return diagonals(new Term(t, rest));
            }
        }
        return term;
    }

    /** Sums the dims whose subscript no other operand and not the output has. */
    private static Term sumUnshared(Term term, int index, List<Term> terms, int[] output) {
        int[] labels = term.labels();
        int[] summed = new int[labels.length], kept = new int[labels.length];
        int ns = 0, nk = 0;
        for (int d = 0; d < labels.length; d++) {
            boolean shared = indexOf(output, labels[d]) >= 0;
            for (int j = 0; j < terms.size() && !shared; j++) shared = j != index && indexOf(terms.get(j).labels(), labels[d]) >= 0;
            if (shared) kept[nk++] = labels[d];
            else summed[ns++] = d;
        }
        if (ns == 0) return term;
        return new Term(term.t().sum(Arrays.copyOf(summed, ns), false), Arrays.copyOf(kept, nk));
    }

    /** The subscripts of the output and of the operands still to come. */
    private static int[] needed(int[] output, List<Term> later) {
        int[] all = output.clone();
        for (Term t : later) {
            int[] more = Arrays.copyOf(all, all.length + t.labels().length);
            System.arraycopy(t.labels(), 0, more, all.length, t.labels().length);
            all = more;
        }
        return all;
    }

    /**
     * a x b over their shared subscripts: those still needed are batch dims, the others are summed; each side's own
     * subscripts become the rows and columns of a batched matrix product.
     */
    private static Term contract(Term a, Term b, int[] needed) {
        int[] la = a.labels(), lb = b.labels();
        List<Integer> batch = new ArrayList<>(), summed = new ArrayList<>(), rows = new ArrayList<>(), cols = new ArrayList<>();
        for (int l : la) (indexOf(lb, l) < 0 ? rows : indexOf(needed, l) >= 0 ? batch : summed).add(l);
        for (int l : lb) if (indexOf(la, l) < 0) cols.add(l);
        // Shared dims of size 1 on one side broadcast to the other side's size.
        Tensor ta = broadcastShared(a, b), tb = broadcastShared(b, a);
        int nb = size(ta, la, batch), m = size(ta, la, rows), k = size(ta, la, summed), n = size(tb, lb, cols);
        Tensor a3 = ta.permute(positions(la, batch, rows, summed)).reshape(nb, m, k);
        Tensor b3 = tb.permute(positions(lb, batch, summed, cols)).reshape(nb, k, n);
        List<Integer> labels = new ArrayList<>(batch);
        labels.addAll(rows);
        labels.addAll(cols);
        int[] shape = new int[labels.size()];
        for (int i = 0; i < shape.length; i++) {
            int l = labels.get(i);
            shape[i] = i < batch.size() + rows.size() ? ta.shape()[indexOf(la, l)] : tb.shape()[indexOf(lb, l)];
        }
        return new Term(a3.bmm(b3).reshape(shape), labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** term's tensor with each size-1 dim that other has with a larger size expanded to it. */
    private static Tensor broadcastShared(Term term, Term other) {
        int[] shape = term.t().shape();
        boolean grown = false;
        for (int d = 0; d < shape.length; d++) {
            int j = indexOf(other.labels(), term.labels()[d]);
            if (j >= 0 && shape[d] == 1 && other.t().shape()[j] != 1) {
                shape[d] = other.t().shape()[j];
                grown = true;
            }
        }
        return grown ? term.t().expand(shape) : term.t();
    }

    /** The product of the sizes of the given subscripts' dims. */
    private static int size(Tensor t, int[] labels, List<Integer> subset) {
        int n = 1;
        for (int l : subset) n *= t.shape()[indexOf(labels, l)];
        return n;
    }

    /** The positions in labels of the subscripts of each group, in order: a permutation. */
    @SafeVarargs
    private static int[] positions(int[] labels, List<Integer>... groups) {
        int[] order = new int[labels.length];
        int n = 0;
        for (List<Integer> g : groups) for (int l : g) order[n++] = indexOf(labels, l);
        return order;
    }

    // ------------------------------------------------------------ helpers

    private static int indexOf(int[] labels, int l) {
        for (int i = 0; i < labels.length; i++) if (labels[i] == l) return i;
        return -1;
    }

    private static int count(int[] labels, java.util.function.IntPredicate p) {
        int n = 0;
        for (int l : labels) if (p.test(l)) n++;
        return n;
    }

    /** How a subscript reads in messages: 'i', or a "..." dim. */
    private static String name(int l) {
        if (l >= LETTERS) return "the \"...\" dim " + (l - LETTERS);
        return "subscript '" + (char) (l < 26 ? 'A' + l : 'a' + l - 26) + "'";
    }
}
