/**
 * Batch assignment of PLACED orders to a fulfilling store (has the stock, nearest by road to the
 * pickup point) and a locker compartment per parcel (the routing library's min-cost assignment),
 * with the reservations written under database locks and constraints.
 */
package io.coldchain.server.assignment;
