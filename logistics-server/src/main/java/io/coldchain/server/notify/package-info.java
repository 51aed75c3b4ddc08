/**
 * The notification port: messages to residents (your parcel is ready, it moved, it is held) and to
 * staff (an alert escalated). This version keeps an outbox table and a log line, never with the
 * secret a message may carry (a pickup code); SMS or push plug in behind the same port.
 */
package io.coldchain.server.notify;
