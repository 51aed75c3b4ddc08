/**
 * Dispatch: delivery waves planned by the routing library's VRP solver on road travel times, stored
 * as routes with ordered stops, loads and geometry; approval, start, and the courier's arrival and
 * drop-off events that move the orders on.
 */
package io.coldchain.server.dispatch;
