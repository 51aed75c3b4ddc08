/**
 * Batch assignment of demands (parcels by temperature zone and size) to pickup points with free
 * compartments, minimising total travel time: an exact min-cost flow ({@link
 * io.coldchain.routing.assign.MinCostAssignment}) and a greedy nearest-first baseline.
 */
package io.coldchain.routing.assign;
