package org.nabla.explain.tsne;

import java.util.Arrays;

/**
 * A quadtree over 2-d points for the Barnes–Hut repulsion of t-SNE: every cell keeps its points' count and centre
 * of mass, so a far cell (its width over its distance below θ) acts as one point. Nodes live in flat arrays.
 */
final class QuadTree {
    /** Identical points stop splitting at this depth and share a leaf. */
    private static final int MAX_DEPTH = 48;

    private int[] child = new int[64];      // first of 4 children, -1 for a leaf
    private double[] cx = new double[16], cy = new double[16], half = new double[16];
    private double[] comX = new double[16], comY = new double[16];
    private int[] count = new int[16];
    private int nodes;
    private final double[] y;

    /** Builds the tree of the n points y = [x0, y0, x1, y1, ...]. */
    QuadTree(double[] y, int n) {
        this.y = y;
        double minX = Double.POSITIVE_INFINITY, minY = minX, maxX = Double.NEGATIVE_INFINITY, maxY = maxX;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        double h = Math.max(maxX - minX, maxY - minY) / 2 + 1e-5;
        newNode((minX + maxX) / 2, (minY + maxY) / 2, h * (1 + 1e-6));
        for (int i = 0; i < n; i++) insert(i);
    }

    private int newNode(double x, double yy, double h) {
        if (nodes == count.length) {
            int m = nodes * 2;
            cx = Arrays.copyOf(cx, m);
            cy = Arrays.copyOf(cy, m);
            half = Arrays.copyOf(half, m);
            comX = Arrays.copyOf(comX, m);
            comY = Arrays.copyOf(comY, m);
            count = Arrays.copyOf(count, m);
            child = Arrays.copyOf(child, 4 * m);
        }
        cx[nodes] = x;
        cy[nodes] = yy;
        half[nodes] = h;
        child[4 * nodes] = -1;
        return nodes++;
    }

    private void insert(int i) {
        double px = y[2 * i], py = y[2 * i + 1];
        int node = 0;
        for (int depth = 0; ; depth++) {
            int c = count[node];
            if (child[4 * node] < 0 && (c == 0 || depth >= MAX_DEPTH || (comX[node] == px && comY[node] == py))) {
                add(node, px, py); // an empty leaf, or one holding copies of this very point
                return;
            }
            if (child[4 * node] < 0) split(node);
            add(node, px, py);
            node = child[4 * node] + quadrant(node, px, py);
        }
    }

    /** Makes a leaf holding count copies of its centre of mass an inner node with them in one child. */
    private void split(int node) {
        double h = half[node] / 2;
        int first = newNode(cx[node] - h, cy[node] - h, h);
        newNode(cx[node] + h, cy[node] - h, h);
        newNode(cx[node] - h, cy[node] + h, h);
        newNode(cx[node] + h, cy[node] + h, h);
        child[4 * node] = first;
        int q = first + quadrant(node, comX[node], comY[node]);
        comX[q] = comX[node];
        comY[q] = comY[node];
        count[q] = count[node];
    }

    private int quadrant(int node, double px, double py) { return (px >= cx[node] ? 1 : 0) + (py >= cy[node] ? 2 : 0); }

    private void add(int node, double px, double py) {
        int c = count[node];
        comX[node] = (comX[node] * c + px) / (c + 1);
        comY[node] = (comY[node] * c + py) / (c + 1);
        count[node] = c + 1;
    }

    /**
     * The repulsion on point i: adds Σ_j q_ij² (y_i - y_j) (q_ij = 1 / (1 + |y_i - y_j|²), unnormalised) to
     * force[0..1] and returns Σ_j q_ij, the point's share of the normalisation Z; cells narrower than θ times their
     * distance count as one point at their centre of mass.
     */
    double repulsion(int i, double theta, double[] force, int[] stack) {
        double px = y[2 * i], py = y[2 * i + 1], z = 0, fx = 0, fy = 0, theta2 = theta * theta;
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            int c = count[node];
            if (c == 0) continue;
            double dx = px - comX[node], dy = py - comY[node], d2 = dx * dx + dy * dy;
            boolean leaf = child[4 * node] < 0;
            double width = 2 * half[node];
            if (leaf || width * width < theta2 * d2) {
                int k = leaf && d2 == 0 ? c - 1 : c; // a leaf at the point's own position holds the point itself
                double q = 1 / (1 + d2), kq = k * q;
                z += kq;
                fx += kq * q * dx;
                fy += kq * q * dy;
            } else {
                int f = child[4 * node];
                stack[top++] = f;
                stack[top++] = f + 1;
                stack[top++] = f + 2;
                stack[top++] = f + 3;
            }
        }
        force[0] = fx;
        force[1] = fy;
        return z;
    }

    /** A stack deep enough for {@link #repulsion}. */
    int[] newStack() { return new int[4 * MAX_DEPTH + 8 + 3 * 64]; }
}
