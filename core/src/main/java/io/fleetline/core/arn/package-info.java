/** Amazon Resource Names as Fleetline issues and parses them, in the configured region and account. */
package io.fleetline.core.arn;
