/** Which principals (certificates) are attached to which things: the link policy variables resolve through. */
package io.fleetline.security.principal;
