/**
 * Vehicle routing with time windows, multi-dimensional capacities, vehicle shifts, several depots
 * and a cold-chain ride-time limit. {@link io.coldchain.routing.vrp.VrpSolver} is the entry point;
 * {@link io.coldchain.routing.vrp.FeasibilityChecker} validates any solution independently.
 */
package io.coldchain.routing.vrp;
