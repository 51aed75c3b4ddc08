/**
 * The catalogue (products with a temperature class, size and shelf-life model) and stock per store:
 * what can be ordered and which store can supply it.
 */
package io.coldchain.server.catalog;
