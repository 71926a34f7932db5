package org.nabla.rl.env;

import java.util.List;

/**
 * A deterministic maze: walk from S to G around walls {@code #}; every step costs -1 until G is reached (so the
 * return is minus the path length), moves into walls or edges stay put. Actions as FrozenLake's: 0 left, 1 down,
 * 2 right, 3 up. The default 5x5 map's shortest path takes 8 steps.
 */
public final class GridWorld extends TabularEnvironment {
    public static final List<String> DEFAULT_MAP = List.of("S...#", ".##..", "...#.", ".#...", "...#G");

    private final GridMap map;

    public GridWorld(List<String> rows, int timeLimit) { this(new GridMap(rows), timeLimit); }

    private GridWorld(GridMap map, int timeLimit) {
        super(table(map), map.find('S'), timeLimit);
        this.map = map;
    }

    /** The default map with a 100-step limit. */
    public static GridWorld standard() { return new GridWorld(DEFAULT_MAP, 100); }

    private static TransitionTable table(GridMap map) {
        TransitionTable.Builder b = new TransitionTable.Builder(map.states(), 4);
        for (int s = 0; s < map.states(); s++) {
            for (int a = 0; a < 4; a++) {
                if (map.cell(s) == 'G' || map.cell(s) == '#') {
                    b.add(s, a, 1.0, s, 0, true); // G ends the episode; a wall is never entered
                    continue;
                }
                int next = map.move(s, a, '#');
                b.add(s, a, 1.0, next, -1, map.cell(next) == 'G');
            }
        }
        return b.build();
    }

    public char cell(int state) { return map.cell(state); }

    @Override public String renderPolicy(int[] policy) { return map.renderPolicy(policy, "S."); }

    @Override public String render() { return map.render(state(), lastAction()); }

    @Override public String id() { return "GridWorld-" + map.height() + "x" + map.width(); }
}
