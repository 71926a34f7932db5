package org.nabla.rl.env;

import java.util.List;

/**
 * Gymnasium's FrozenLake-v1: walk from S to G over frozen cells F without falling into a hole H. Reward 1 on
 * reaching G, 0 otherwise; H and G end the episode. On slippery ice the agent moves in the intended direction or
 * one of the two perpendicular ones, each with probability 1/3 (Gymnasium's {@code (a-1)%4, a, (a+1)%4}). Time
 * limits as registered: 100 steps on 4x4, 200 on 8x8.
 */
public final class FrozenLake extends TabularEnvironment {
    /** Gymnasium's maps. */
    public static final List<String> MAP_4X4 = List.of("SFFF", "FHFH", "FFFH", "HFFG"),
            MAP_8X8 = List.of("SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG");

    private final GridMap map;
    private final boolean slippery;

    private FrozenLake(GridMap map, boolean slippery, int timeLimit) {
        super(table(map, slippery), map.find('S'), timeLimit);
        this.map = map;
        this.slippery = slippery;
    }

    /** FrozenLake 4x4 ({@code size} 4) or 8x8 ({@code size} 8). */
    public static FrozenLake of(int size, boolean slippery) {
        return switch (size) {
            case 4 -> new FrozenLake(new GridMap(MAP_4X4), slippery, 100);
            case 8 -> new FrozenLake(new GridMap(MAP_8X8), slippery, 200);
            default -> throw new IllegalArgumentException("FrozenLake: size must be 4 or 8, got " + size);
        };
    }

    private static TransitionTable table(GridMap map, boolean slippery) {
        TransitionTable.Builder b = new TransitionTable.Builder(map.states(), 4);
        for (int s = 0; s < map.states(); s++) {
            for (int a = 0; a < 4; a++) {
                if (map.cell(s) == 'H' || map.cell(s) == 'G') {
                    b.add(s, a, 1.0, s, 0, true); // as Gymnasium: terminal states loop on themselves
                    continue;
                }
                int[] moves = slippery ? new int[] {(a + 3) % 4, a, (a + 1) % 4} : new int[] {a};
                for (int m : moves) {
                    int next = map.move(s, m, '\0');
                    char c = map.cell(next);
                    b.add(s, a, 1.0 / moves.length, next, c == 'G' ? 1 : 0, c == 'G' || c == 'H');
                }
            }
        }
        return b.build();
    }

    /** The map's character at {@code state}: S, F, H or G. */
    public char cell(int state) { return map.cell(state); }

    public boolean slippery() { return slippery; }

    @Override public String renderPolicy(int[] policy) { return map.renderPolicy(policy, "SF"); }

    @Override public String render() { return map.render(state(), lastAction()); }

    @Override public String id() { return "FrozenLake-" + map.height() + "x" + map.width() + (slippery ? "-slippery" : ""); }
}
