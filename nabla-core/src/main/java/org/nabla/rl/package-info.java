/**
 * Reinforcement learning. {@code rl.env}: environments with Gymnasium's interface (k-armed bandits, a gridworld,
 * FrozenLake, CartPole-v1; the tabular ones expose their {@code TransitionTable}); {@code rl.bandit}: ε-greedy, UCB1
 * and Thompson sampling with regret curves; {@code rl.tabular}: value and policy iteration, first-visit Monte Carlo
 * and TD(0) prediction, SARSA and Q-learning; {@code rl.agent}: DQN (replay, target network, Double DQN) and
 * REINFORCE with a baseline on small networks, and greedy evaluation.
 */
package org.nabla.rl;
