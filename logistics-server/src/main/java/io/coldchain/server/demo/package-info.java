/**
 * The demo city, seeded only when {@code coldchain.demo.enabled=true}: stores, locker banks,
 * vehicles, devices bound to every locker zone and vehicle compartment, and demo users.
 */
package io.coldchain.server.demo;
