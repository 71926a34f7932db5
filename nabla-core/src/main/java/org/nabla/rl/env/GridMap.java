package org.nabla.rl.env;

import java.util.List;

/**
 * A rectangular map of cells, one character each, with Gymnasium's FrozenLake moves: actions 0 left, 1 down,
 * 2 right, 3 up; a move into the edge (or a wall) stays put. State = row * columns + column.
 */
record GridMap(List<String> rows) {
    static final String[] ACTION_NAMES = {"Left", "Down", "Right", "Up"};

    GridMap {
        if (rows.isEmpty()) throw new IllegalArgumentException("grid map: no rows");
        int width = rows.getFirst().length();
        for (String r : rows) if (r.length() != width) throw new IllegalArgumentException("grid map: rows of different lengths: " + rows);
        rows = List.copyOf(rows);
    }

    int height() { return rows.size(); }

    int width() { return rows.getFirst().length(); }

    int states() { return height() * width(); }

    char cell(int state) { return rows.get(state / width()).charAt(state % width()); }

    int find(char c) {
        for (int s = 0; s < states(); s++) if (cell(s) == c) return s;
        throw new IllegalArgumentException("grid map: no '" + c + "' cell in " + rows);
    }

    /** Where {@code action} leads from {@code state}: clipped at the edges, and kept in place by a {@code wall} cell. */
    int move(int state, int action, char wall) {
        int r = state / width(), c = state % width();
        switch (action) {
            case 0 -> c = Math.max(c - 1, 0);
            case 1 -> r = Math.min(r + 1, height() - 1);
            case 2 -> c = Math.min(c + 1, width() - 1);
            case 3 -> r = Math.max(r - 1, 0);
            default -> throw new IllegalArgumentException("grid map: action " + action);
        }
        int next = r * width() + c;
        return cell(next) == wall ? state : next;
    }

    /** The map with the agent's cell shown as {@code [x]}, and the last action's name above it (as Gymnasium's ansi mode). */
    String render(int state, int lastAction) {
        StringBuilder b = new StringBuilder();
        if (lastAction >= 0) b.append("  (").append(ACTION_NAMES[lastAction]).append(")\n");
        for (int s = 0; s < states(); s++) {
            b.append(s == state ? "[" + cell(s) + "]" : " " + cell(s) + " ");
            if (s % width() == width() - 1) b.append('\n');
        }
        return b.toString();
    }

    /** A deterministic policy drawn as arrows (← ↓ → ↑) on the map's open cells; other cells keep their letter. */
    String renderPolicy(int[] policy, String open) {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < states(); s++) {
            b.append(open.indexOf(cell(s)) >= 0 ? "←↓→↑".charAt(policy[s]) : cell(s));
            if (s % width() == width() - 1) b.append('\n');
        }
        return b.toString();
    }
}
