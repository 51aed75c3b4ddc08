/**
 * Residents: the people who order and collect. A resident sees and changes only their own profile;
 * staff read any.
 */
package io.coldchain.server.resident;
