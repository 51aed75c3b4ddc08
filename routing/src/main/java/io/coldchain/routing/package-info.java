/**
 * The routing library: road networks from OpenStreetMap, travel-time matrices, a cold-chain
 * vehicle routing solver ({@code vrp}) and batch assignment. Plain Java, no Spring, no transport:
 * callers build small request records and get result records back.
 */
package io.coldchain.routing;
