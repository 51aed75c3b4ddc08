/**
 * Orders: placement (idempotent), the lifecycle state machine with every move recorded, parcels per
 * temperature zone, cancellation and expiry.
 */
package io.coldchain.server.order;
