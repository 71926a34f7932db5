package org.nabla.rl.env;

import org.nabla.tensor.Generator;

/**
 * Gymnasium's CartPole-v1: push a cart left (action 0) or right (1) with a force of 10 N to keep a pole upright.
 * Gymnasium's equations and constants (Florian's correction of Barto, Sutton and Anderson's model): gravity 9.8,
 * cart 1.0 kg, pole 0.1 kg, half-length 0.5 m, τ = 0.02 s, explicit Euler integration; the episode terminates when
 * |x| > 2.4 or |θ| > 12° and is truncated after 500 steps; reward 1 per step, the terminating one included. The
 * state is kept in double precision and observed as float32, as Gymnasium does; reset draws it uniformly in
 * [-0.05, 0.05) (from Nabla's generator, not NumPy's, so the draws differ from Gymnasium's for the same seed).
 */
public final class CartPole implements Environment<float[]> {
    public static final double GRAVITY = 9.8, MASS_CART = 1.0, MASS_POLE = 0.1, TOTAL_MASS = MASS_POLE + MASS_CART,
            HALF_LENGTH = 0.5, POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH, FORCE = 10.0, TAU = 0.02,
            THETA_THRESHOLD = 12 * 2 * Math.PI / 360, X_THRESHOLD = 2.4;
    public static final int MAX_STEPS = 500;

    private static final Space.Box OBSERVATIONS = new Space.Box(
            new float[] {(float) (-X_THRESHOLD * 2), -Float.MAX_VALUE, (float) (-THETA_THRESHOLD * 2), -Float.MAX_VALUE},
            new float[] {(float) (X_THRESHOLD * 2), Float.MAX_VALUE, (float) (THETA_THRESHOLD * 2), Float.MAX_VALUE});

    private final Generator random = new Generator(0);
    private final double[] state = new double[4];
    private int elapsed;
    private boolean started;

    @Override
    public float[] reset(long seed) {
        random.seed(seed);
        return reset();
    }

    @Override
    public float[] reset() {
        for (int i = 0; i < 4; i++) state[i] = -0.05 + 0.1 * random.nextDouble();
        elapsed = 0;
        started = true;
        return observation();
    }

    /** Starts an episode from a given (x, ẋ, θ, θ̇), for checking the dynamics against a reference trace. */
    public float[] resetTo(double[] start) {
        if (start.length != 4) throw new IllegalArgumentException("CartPole: a state has 4 numbers, got " + start.length);
        System.arraycopy(start, 0, state, 0, 4);
        elapsed = 0;
        started = true;
        return observation();
    }

    @Override
    public Step<float[]> step(int action) {
        actionSpace().check(action, id());
        if (!started) throw new IllegalStateException(id() + ": call reset before step");
        double x = state[0], xDot = state[1], theta = state[2], thetaDot = state[3];
        double force = action == 1 ? FORCE : -FORCE;
        double cos = Math.cos(theta), sin = Math.sin(theta);
        // grouped as Gymnasium's Python (x**2 first), so the rounding is the same
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        state[0] = x + TAU * xDot;
        state[1] = xDot + TAU * xAcc;
        state[2] = theta + TAU * thetaDot;
        state[3] = thetaDot + TAU * thetaAcc;
        elapsed++;
        boolean terminated = state[0] < -X_THRESHOLD || state[0] > X_THRESHOLD || state[2] < -THETA_THRESHOLD || state[2] > THETA_THRESHOLD;
        return new Step<>(observation(), 1.0, terminated, !terminated && elapsed >= MAX_STEPS);
    }

    /** The state in double precision. */
    public double[] state() { return state.clone(); }

    private float[] observation() {
        return new float[] {(float) state[0], (float) state[1], (float) state[2], (float) state[3]};
    }

    @Override public Space.Discrete actionSpace() { return new Space.Discrete(2); }

    @Override public Space.Box observationSpace() { return OBSERVATIONS; }

    /** One line: the track from -2.4 to 2.4 with the cart, and the pole's angle and the state's numbers. */
    @Override
    public String render() {
        int width = 49, at = (int) Math.round((state[0] + X_THRESHOLD) / (2 * X_THRESHOLD) * (width - 1));
        at = Math.clamp(at, 0, width - 1);
        double degrees = Math.toDegrees(state[2]);
        char pole = degrees < -4 ? '\\' : degrees > 4 ? '/' : '|';
        StringBuilder track = new StringBuilder("|" + "-".repeat(width) + "|");
        track.setCharAt(at + 1, pole);
        return String.format("%s t=%3d x=%+.3f v=%+.3f θ=%+6.2f° ω=%+.3f", track, elapsed, state[0], state[1], degrees, state[3]);
    }

    @Override public String id() { return "CartPole-v1"; }
}
