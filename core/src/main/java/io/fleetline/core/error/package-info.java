/** The one error vocabulary: codes named as AWS names them, and the exception that carries them. */
package io.fleetline.core.error;
