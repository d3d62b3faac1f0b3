/**
 * Console sessions: sign-in with an access key pair, random session ids, idle and absolute expiry, and the end of a
 * session when its key goes.
 */
package io.fleetline.console.session;
